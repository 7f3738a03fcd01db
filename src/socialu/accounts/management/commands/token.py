"""``socialu token create|list|revoke``: API tokens per organisation, with scopes and expiry."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.utils import timezone

from socialu.accounts import selectors, services
from socialu.accounts.models import ApiToken
from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.core.permissions import Scope


def _token_row(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "member_email": token.user.email,
        "prefix": token.prefix,
        "scopes": list(token.scopes),
        "created_at": token.created_at.isoformat(),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


class Command(SocialUCommand):
    help = "Manage API tokens: create one for an account, list an organisation's tokens, revoke one."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token and print it (only this once).")
        create.add_argument("email", help="The account the token acts as.")
        create.add_argument("--name", default="Command line", help="What the token is for.")
        create.add_argument(
            "--org",
            default="",
            metavar="SLUG",
            help="The organisation's slug, as in /o/SLUG/: the one the token works in. May be left out when the "
            "account belongs to only one.",
        )
        create.add_argument(
            "--scope",
            action="append",
            choices=[scope.value for scope in Scope],
            help="A scope the token carries; repeat for several (default: read, write and admin).",
        )
        create.add_argument(
            "--expires-in-days", type=int, default=90, help="Days until the token stops working (1–366; default 90)."
        )
        listing = actions.add_parser("list", help="List the organisation's live tokens (revoked too with --all).")
        self.add_org_argument(listing)
        listing.add_argument("--all", action="store_true", help="Include revoked tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token of the organisation by its id.")
        self.add_org_argument(revoke)
        revoke.add_argument("token_id", type=int, help="The token's id, as `token list` shows it.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            organisation = self.organisation(options)
            tokens = selectors.organisation_token_list(organisation=organisation, include_revoked=options["all"])
            rows = [_token_row(token) for token in tokens]
            if self.as_json:
                self.emit(rows)
                return
            for row in rows:
                state = "revoked" if row["revoked_at"] else f"expires {row['expires_at'] or 'never'}"
                self.stdout.write(
                    f"{row['id']}\t{row['prefix']}…\t{row['name']}\t{row['member_email']}\t"
                    f"{','.join(row['scopes'])}\t{state}\tlast used {row['last_used_at'] or 'never'}"
                )
        else:
            organisation = self.organisation(options)
            token = selectors.organisation_token_get(organisation=organisation, token_id=options["token_id"])
            if token is None:
                raise CommandFailedError(
                    f"There is no token {options['token_id']} in {organisation.slug}. See `socialu token list`.",
                    code=ExitCode.CANNOT_RUN,
                )
            services.api_token_revoke(token=token)
            if self.as_json:
                self.emit(_token_row(token))
                return
            self.stdout.write(f"Revoked token {token.pk} “{token.name}” of {token.user.email}.")

    def _create(self, options: dict[str, Any]) -> None:
        user = selectors.user_for_email(email=options["email"])
        if user is None:
            raise CommandFailedError(
                f"There is no account for {options['email']}. Invite them to an organisation first.",
                code=ExitCode.CANNOT_RUN,
            )
        organisation = self._organisation_for(options, user_id=user.pk)
        days = options["expires_in_days"]
        token, raw = services.api_token_create(
            user=user,
            organisation=organisation,
            name=options["name"],
            scopes=options["scope"],
            expires_at=timezone.now() + timedelta(days=days),
        )
        if self.as_json:
            self.emit({**_token_row(token), "token": raw})
            return
        # Only the token on stdout, so that scripts can capture it.
        self.stdout.write(raw)

    def _organisation_for(self, options: dict[str, Any], *, user_id: int) -> Organisation:
        if str(options.get("org") or "").strip():
            return self.organisation(options)
        mine = selectors.organisations_of_user(user_id=user_id)
        if len(mine) != 1:
            raise CommandFailedError(
                "Say which organisation the token is for with --org SLUG"
                + (f" (one of {', '.join(o.slug for o in mine)})." if mine else "; the account belongs to none."),
                code=ExitCode.UNUSABLE,
            )
        return mine[0]
