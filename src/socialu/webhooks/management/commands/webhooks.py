"""``socialu webhooks list|add|deliveries|redeliver|retry --org SLUG``: an organisation's webhooks."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.webhooks import selectors, services
from socialu.webhooks.models import WebhookEvent


class Command(SocialUCommand):
    help = "Manage webhooks: list and add endpoints, read the delivery log, send deliveries again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser("list", help="List the endpoints.")
        self.add_org_argument(listing)
        add = actions.add_parser("add", help="Subscribe a URL; prints its signing secret (only this once).")
        self.add_org_argument(add)
        add.add_argument("url")
        add.add_argument(
            "--event",
            action="append",
            required=True,
            choices=[event.value for event in WebhookEvent if event is not WebhookEvent.PING],
            help="An event to send; repeat for several.",
        )
        add.add_argument("--description", default="")
        deliveries = actions.add_parser("deliveries", help="Show the newest deliveries and their answers.")
        self.add_org_argument(deliveries)
        redeliver = actions.add_parser("redeliver", help="Send a delivery again by its id.")
        self.add_org_argument(redeliver)
        redeliver.add_argument("delivery_id", type=int)
        retry = actions.add_parser("retry", help="Attempt every delivery whose retry is due now.")
        self.add_org_argument(retry)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        if action == "add":
            endpoint, secret = services.webhook_endpoint_create(
                organisation=organisation,
                url=options["url"],
                events=options["event"],
                description=options["description"],
            )
            if self.as_json:
                self.emit({"id": endpoint.pk, "url": endpoint.url, "events": endpoint.events, "secret": secret})
            else:
                self.stdout.write(secret)
            return
        if action == "redeliver":
            self._redeliver(organisation, options["delivery_id"])
            return
        if action == "retry":
            attempted = services.webhook_deliveries_due(organisation=organisation)
            if self.as_json:
                self.emit({"attempted": attempted})
            else:
                self.stdout.write(f"{attempted} attempt(s).")
            return
        rows = self._rows(organisation, action)
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write("\t".join(str(value) for value in row.values()))

    def _rows(self, organisation: Organisation, action: str) -> list[dict[str, Any]]:
        if action == "list":
            return [
                {"id": e.pk, "url": e.url, "events": ",".join(e.events), "enabled": e.enabled}
                for e in selectors.webhook_endpoints(organisation=organisation)
            ]
        return [
            {
                "id": d.pk,
                "created_at": d.created_at.isoformat(),
                "event": d.event,
                "url": d.endpoint.url,
                "status": d.status,
                "attempts": d.attempts,
                "last_status_code": d.last_status_code,
                "last_error": d.last_error,
            }
            for d in selectors.webhook_deliveries(organisation=organisation)
        ]

    def _redeliver(self, organisation: Organisation, delivery_id: int) -> None:
        delivery = selectors.webhook_delivery_get(organisation=organisation, delivery_id=delivery_id)
        if delivery is None:
            raise CommandFailedError(
                f"There is no delivery {delivery_id} in {organisation.slug}.", code=ExitCode.CANNOT_RUN
            )
        services.webhook_redeliver(delivery=delivery)
        delivery.refresh_from_db()
        if self.as_json:
            self.emit({"id": delivery.pk, "status": delivery.status, "attempts": delivery.attempts})
        else:
            self.stdout.write(
                f"Delivery {delivery.pk}: {delivery.get_status_display()} after {delivery.attempts} attempt(s)."
            )
