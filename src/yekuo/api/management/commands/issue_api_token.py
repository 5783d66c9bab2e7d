"""`yekuo manage issue_api_token USERNAME --name NAME`: create an API token and print its key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yekuo.accounts.models import User
from yekuo.api.services import api_token_issue
from yekuo.core.errors import DomainError


class Command(BaseCommand):
    help = "Issue an API token for an account and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. the calling system")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account named {options['username']!r}.")
        try:
            key = api_token_issue(user=user, name=options["name"])
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(key)
