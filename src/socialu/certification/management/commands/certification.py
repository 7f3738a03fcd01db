"""``socialu certification``: tiers, awarding, certificates, verification, the register and reminders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from socialu.certification import selectors, services
from socialu.certification.awarding import code_display
from socialu.certification.exports import register_csv_lines
from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.selectors import units_in


def _org_argument(parser: CommandParser, *, required: bool = True) -> None:
    if required:
        SocialUCommand.add_org_argument(parser)
    else:
        parser.add_argument("--org", metavar="SLUG", help="The organisation's slug, as in /o/SLUG/ (default: all).")


class Command(SocialUCommand):
    help = (
        "Certification: install and list tiers, award earned certificates, list, verify and revoke "
        "certificates, print or export the spokesperson register, and send expiry reminders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{tiers,certificates,verify,register,award,remind}"
        )
        tiers = actions.add_parser("tiers", help="Install the default tiers, or list the tiers.")
        tiers.add_argument("tiers_action", choices=["install", "list"])
        _org_argument(tiers)
        tiers.add_argument("--json", action="store_true", help="Print as JSON.")

        certificates = actions.add_parser("certificates", help="List certificates, or revoke one by its code.")
        certificates.add_argument("certificates_action", choices=["list", "revoke"])
        certificates.add_argument("code", nargs="?", help="For revoke: the certificate's code.")
        _org_argument(certificates, required=False)
        certificates.add_argument("--tier", default="", help="For list: only this tier (slug).")
        certificates.add_argument("--status", default="", help="For list: valid, expiring, expired or revoked.")
        certificates.add_argument("--reason", default="", help="For revoke: why (the holder is emailed it).")
        certificates.add_argument("--json", action="store_true", help="Print as JSON.")

        verify = actions.add_parser("verify", help="Check a certificate code; exit 1 unless it is valid.")
        verify.add_argument("code")
        verify.add_argument("--json", action="store_true", help="Print as JSON.")

        register = actions.add_parser("register", help="Who is certified to speak for the organisation now.")
        _org_argument(register)
        register.add_argument("--unit", default="", help="A unit id or its full path; units below it are included.")
        register.add_argument("--audience", default="", help="leadership, management, practitioner, …")
        register.add_argument("--tier", default="", help="Only people whose highest tier is this one (slug).")
        register.add_argument(
            "--standing",
            choices=[str(item) for item in selectors.Standing],
            default=str(selectors.Standing.LISTED),
            help="listed (default): who may speak now; suspended: certified people held back until they "
            "acknowledge every current policy that applies to them.",
        )
        register.add_argument("--csv", type=Path, help="Write the register to this CSV file.")
        register.add_argument("--json", action="store_true", help="Print as JSON.")

        award = actions.add_parser("award", help="Issue the certificates people have earned.")
        _org_argument(award, required=False)
        award.add_argument("--all", action="store_true", help="Every organisation.")
        award.add_argument(
            "--no-email", dest="quiet_holders", action="store_true", help="Do not email the new holders."
        )

        remind = actions.add_parser(
            "remind",
            help="Email holders whose certificates are about to expire, and certified people suspended from the "
            "register until they acknowledge a policy (each once).",
        )
        _org_argument(remind, required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options)
        elif action == "award":
            self._award(options)
        elif action == "remind":
            for organisation in self._organisations(options):
                sent = services.certificate_reminders_send(organisation=organisation)
                suspended = services.standing_reminders_send(organisation=organisation)
                self.stdout.write(
                    f"{organisation.name}: sent {sent} expiry reminder(s) and {suspended} reminder(s) to people "
                    "suspended from the register."
                )
        elif action == "tiers":
            self._tiers(self._organisation(options["org"]), options)
        elif action == "certificates":
            self._certificates(options)
        else:
            self._register(self._organisation(options["org"]), options)

    # Helpers ------------------------------------------------------------------------------

    def _organisation(self, slug: str | None) -> Organisation:
        if not slug:
            raise CommandFailedError("Say which organisation with --org SLUG.", code=ExitCode.UNUSABLE)
        return self.organisation({"org": slug})

    def _organisations(self, options: dict[str, Any]) -> list[Organisation]:
        if options.get("org"):
            return [self._organisation(options["org"])]
        return list(Organisation.objects.order_by("slug"))

    # Actions ------------------------------------------------------------------------------

    def _tiers(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["tiers_action"] == "install":
            created = services.tiers_install_default(organisation=organisation)
            names = ", ".join(tier.name for tier in created) or "nothing new (the default tiers were already there)"
            self.stdout.write(f"Installed {names} for {organisation.name}.")
            return
        views = selectors.tier_list(organisation=organisation)
        if options["json"]:
            rows = [
                {
                    "slug": view.tier.slug,
                    "name": view.tier.name,
                    "rank": view.tier.rank,
                    "validity_months": view.tier.validity_months,
                    "reminder_days": view.tier.reminder_days,
                    "is_active": view.tier.is_active,
                    "holders": view.holders,
                    "requirements": [
                        {"kind": r.requirement.kind, "description": r.description, "available": r.available}
                        for r in view.requirements
                    ],
                }
                for view in views
            ]
            warnings = [warning.message for warning in selectors.tier_nesting_warnings(organisation=organisation)]
            self.emit({"tiers": rows, "nesting_warnings": warnings}, indent=2)
            return
        if not views:
            self.stdout.write("No tiers yet. Install the defaults with `socialu certification tiers install --org …`.")
        for view in views:
            state = "" if view.tier.is_active else " (switched off)"
            self.stdout.write(f"{view.tier.name} [{view.tier.slug}]{state}: {view.holders} current holder(s)")
            for item in view.requirements:
                note = "" if item.available else " — not available yet"
                self.stdout.write(f"  - {item.label}{': ' + item.description if item.description else ''}{note}")
        for warning in selectors.tier_nesting_warnings(organisation=organisation):
            self.stdout.write(f"Warning: {warning.message}")

    def _certificates(self, options: dict[str, Any]) -> None:
        if options["certificates_action"] == "revoke":
            self._revoke(options)
            return
        organisation = self._organisation(options["org"])
        certificates = selectors.certificate_search(
            organisation=organisation, tier_slug=options["tier"], status=options["status"]
        )
        rows = [
            {
                "code": c.code,
                "holder_name": c.holder_name,
                "tier": c.tier.slug,
                "issued_at": c.issued_at.isoformat(),
                "expires_at": c.expires_at.isoformat(),
                "status": str(selectors.certificate_status(c)),
            }
            for c in certificates.iterator(chunk_size=2000)
        ]
        if options["json"]:
            self.emit({"certificates": rows}, indent=2)
            return
        for row in rows:
            self.stdout.write(
                f"{code_display(row['code'])}  {row['status']:<8}  {row['tier']:<14}  {row['expires_at'][:10]}  "
                f"{row['holder_name']}"
            )
        self.stdout.write(f"{len(rows)} certificate(s).")

    def _revoke(self, options: dict[str, Any]) -> None:
        if not options["code"]:
            raise CommandError("Give the code of the certificate to revoke.")
        organisation = self._organisation(options["org"]) if options.get("org") else None
        certificate = selectors.certificate_by_code(code=options["code"], organisation=organisation)
        if certificate is None:
            raise CommandError(f"No certificate has the code {options['code']}.")
        services.certificate_revoke(certificate=certificate, reason=options["reason"])
        self.stdout.write(f"Revoked the {certificate.tier_name} certificate of {certificate.holder_name}.")

    def _verify(self, options: dict[str, Any]) -> None:
        certificate = selectors.certificate_by_code(code=options["code"])
        if certificate is None:
            raise CommandError(f"No certificate has the code {options['code']}.")
        status = selectors.certificate_status(certificate)
        organisation = Organisation.objects.get(pk=certificate.organisation_id)
        if options["json"]:
            result = {
                "code": code_display(certificate.code),
                "holder_name": certificate.holder_name,
                "tier_name": certificate.tier_name,
                "organisation": organisation.name,
                "issued_at": certificate.issued_at.isoformat(),
                "expires_at": certificate.expires_at.isoformat(),
                "status": str(status),
                "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            }
            self.emit(result, indent=2)
        else:
            until = timezone.localtime(certificate.expires_at).date().isoformat()
            self.stdout.write(
                f"{status.upper()}: {certificate.tier_name} certificate of {certificate.holder_name} from "
                f"{organisation.name}, valid until {until}."
            )
        if status != selectors.CertificateStatus.VALID:
            raise SystemExit(1)

    def _register(self, organisation: Organisation, options: dict[str, Any]) -> None:
        unit = None
        if options["unit"]:
            units = units_in(organisation=organisation)
            value = options["unit"]
            unit = units.filter(pk=int(value)).first() if value.isdigit() else units.filter(path=value).first()
            if unit is None:
                raise CommandError(f"There is no unit '{value}' in {organisation.name}.")
        standing = options["standing"]
        entries = selectors.register_entries(
            organisation=organisation,
            unit=unit,
            audience=options["audience"],
            tier_slug=options["tier"],
            standing=standing,
        )
        suspended = standing == selectors.Standing.SUSPENDED
        who = "suspended certified people" if suspended else "spokespeople"
        if options["csv"]:
            with options["csv"].open("wb") as handle:
                for line in register_csv_lines(entries):
                    handle.write(line)
            self.stdout.write(f"Wrote {len(entries)} {who} to {options['csv']}.")
            return
        if options["json"]:
            rows = [
                {
                    "name": e.name,
                    "email": e.email,
                    "unit": e.unit,
                    "audience": e.audience,
                    "tier": e.tier_slug,
                    "valid_until": e.valid_until.isoformat(),
                    "expiring_soon": e.expiring_soon,
                    "code": e.code,
                    "standing": str(e.standing),
                    "outstanding": list(e.outstanding),
                }
                for e in entries
            ]
            self.emit({"suspended" if suspended else "spokespeople": rows}, indent=2)
            return
        for e in entries:
            mark = "  (expires soon)" if e.expiring_soon else ""
            until = timezone.localtime(e.valid_until).date().isoformat()
            todo = f"  — {e.standing_label}: {'; '.join(e.outstanding)}" if suspended else ""
            self.stdout.write(f"{e.name:<30} {e.tier_name:<14} until {until}{mark}  {e.unit}{todo}")
        if suspended:
            self.stdout.write(f"{len(entries)} certified people suspended from the register until they catch up.")
        else:
            self.stdout.write(f"{len(entries)} certified spokespeople.")

    def _award(self, options: dict[str, Any]) -> None:
        if not options.get("org") and not options["all"]:
            raise CommandError("Say which organisation with --org SLUG, or --all for every organisation.")
        organisations = self._organisations(options)
        with self.progress(len(organisations), "Awarding certificates") as advance:
            for organisation in organisations:
                issued = services.certificates_award(organisation=organisation)
                if not options["quiet_holders"]:
                    services.certificates_announce(organisation=organisation, certificates=issued)
                self.stdout.write(f"{organisation.name}: issued {len(issued)} certificate(s).")
                advance(1)
