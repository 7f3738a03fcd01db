"""``socialu dashboard``: print the programme dashboard's figures, or count them again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import SocialUCommand
from socialu.dashboard import services
from socialu.dashboard.presenting import dashboard_as_dict
from socialu.dashboard.selectors import DashboardFilters


class Command(SocialUCommand):
    help = (
        "Print the programme dashboard: active people, the share holding each certification tier against the "
        "target, completions per week and the slowest courses."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_org_argument(parser)
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument("--refresh", action="store_true", help="Count the figures again from the raw tables first.")
        parser.add_argument("--audience", default="", help="Only this audience (e.g. practitioner).")
        parser.add_argument("--location", default="", help="Only this location.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        if options["refresh"]:
            with self.working(f"Counting {organisation.name}'s figures again…"):
                snapshot = services.dashboard_refresh(organisation=organisation)
            if not options["json"]:
                self.stdout.write(f"Counted again in {snapshot.refresh_seconds:.2f} s.")
        filters = DashboardFilters(audience=options["audience"], location=options["location"])
        dashboard = services.programme_dashboard(organisation=organisation, filters=filters)
        if dashboard.computed_at is None:
            # A large organisation's first count otherwise waits for the worker; here we can wait for it.
            with self.working(f"Counting {organisation.name}'s figures for the first time…"):
                services.dashboard_refresh(organisation=organisation)
            dashboard = services.programme_dashboard(organisation=organisation, filters=filters)
        if options["json"]:
            self.emit(dashboard_as_dict(dashboard), indent=2)
            return
        when = f"{dashboard.computed_at:%Y-%m-%d %H:%M} UTC" if dashboard.computed_at else "now"
        self.stdout.write(f"{organisation.name}: programme dashboard (figures as of {when})")
        self.stdout.write(f"Active people: {dashboard.headcount:,}. Target: {dashboard.target_percent}% per tier.")
        if not dashboard.tiers:
            self.stdout.write("No certification tiers are set up yet.")
        for tier in dashboard.tiers:
            state = "target met" if tier.met else f"{tier.still_needed:,} more needed"
            self.stdout.write(f"  {tier.name}: {tier.holders:,} people, {tier.percent:.1f}% ({state})")
        weeks = ", ".join(str(week.count) for week in dashboard.weeks)
        self.stdout.write(f"Completions per week, oldest first: {weeks or 'none'}")
        if dashboard.slowest_courses:
            self.stdout.write("Slowest courses (average days to complete, still open):")
        for course in dashboard.slowest_courses:
            days = "—" if course.average_days is None else f"{course.average_days:.1f}"
            self.stdout.write(f"  {course.title}: {days} days, {course.incomplete:,} still open")
