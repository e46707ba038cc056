"""An editor's account in the right group, with a generated password shown once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already; choose another name.")
        group = Group.objects.filter(name=ROLES[role]).first()
        if group is None:
            raise CommandError(f"The group {ROLES[role]!r} is missing: run `python manage.py migrate --noinput` first.")
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(username, email, password)
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(
            f"{username} ({group.name}) created. Password: {password}  (shown once; "
            f"change it with: python manage.py changepassword {username})"
        ))
