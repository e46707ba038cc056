"""A superuser for a local run, never with a fixed password."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local superuser (DJANGO_SUPERUSER_* variables, or a generated password)."

    def handle(self, *args, **options):
        User = get_user_model()
        admin_url = f"{settings.PUBLIC_ORIGIN}/{settings.ADMIN_PATH}"
        if os.environ.get("DJANGO_SUPERUSER_USERNAME") and os.environ.get(
            "DJANGO_SUPERUSER_PASSWORD"
        ):
            username = os.environ["DJANGO_SUPERUSER_USERNAME"]
            if not User.objects.filter(username=username).exists():
                call_command("createsuperuser", interactive=False, verbosity=0,
                             email=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""))
            self.stdout.write(f"Admin: {admin_url} as {username} (password from DJANGO_SUPERUSER_PASSWORD)")
            return
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: {admin_url} (a superuser exists; "
                "reset a password with: .venv/bin/python manage.py changepassword admin)"
            )
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser("admin", "", password)
        self.stdout.write(self.style.SUCCESS(
            f"Admin: {admin_url}  username: admin  password: {password}  (shown once)"
        ))
