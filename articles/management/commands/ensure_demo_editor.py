"""Make sure a demo editor account exists (DEBUG only), printing a new password once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo editor account for local development (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--reset", action="store_true", help="Give an existing account a new password."
        )

    def handle(self, *args, username, reset, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo editor is for local development only; run with DJANGO_DEBUG=1, "
                "or create real accounts with `manage.py createsuperuser`."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "first_name": "Demo", "last_name": "Editor"},
        )
        user.groups.add(Group.objects.get(name="Editors"))
        if not (created or reset):
            self.stdout.write(
                f"Demo editor “{username}” exists; its password was printed when it was made. "
                f"New one: make reset-password (or manage.py ensure_demo_editor --reset)."
            )
            return
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor account — username: {username}  password: {password}\n"
                "(shown once; log in at http://127.0.0.1:8000/admin/)"
            )
        )
