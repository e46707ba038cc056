"""An editor's account in the right group, with a generated password shown once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from wagtail.users.models import UserProfile

from kennisbank.core.languages import language_codes

# The groups made by migration 0002_moderation_workflow: editors write and submit, final
# editors (Eindredactie) approve and publish.
ROLES = {"editor": "Redacteuren", "final-editor": "Eindredactie"}


class Command(BaseCommand):
    help = "Create an editor (Redacteuren) or final editor (Eindredactie) account for the admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), default="editor",
                            help="editor: writes and submits for review; final-editor: approves and publishes.")
        parser.add_argument("--email", default="", help="Where review notifications go.")
        parser.add_argument("--language", choices=language_codes(), default=settings.LANGUAGE_CODE,
                            help="The language of the admin and of the review mail this editor gets.")
        # Wagtail's account form requires both names: without them the editor's first change of
        # their own settings (the admin language) fails.
        parser.add_argument("--first-name", default="", help="Shown to colleagues and in review mail.")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, role, email, language, first_name, last_name, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already; choose another name.")
        group = Group.objects.filter(name=ROLES[role]).first()
        if group is None:
            raise CommandError(f"The group {ROLES[role]!r} is missing: run `python manage.py migrate --noinput` first.")
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(username, email, password, first_name=first_name, last_name=last_name)
        user.groups.add(group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        self.stdout.write(self.style.SUCCESS(
            f"{username} ({group.name}) created. Password: {password}  (shown once; "
            f"change it with: python manage.py changepassword {username})"
        ))
