"""The front door: choose an organisation, health checks, the accessibility statement, error pages."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from importlib import resources

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache

from socialu.core.requestlog import request_id
from socialu.core.scheduling import latest_heartbeat
from socialu.core.selectors import member_organisations


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their organisation, or let them choose one."""
    organisations = member_organisations(user_id=int(request.user.pk or 0))
    if len(organisations) == 1:
        return redirect("org_home", org_slug=organisations[0].slug)
    return render(request, "socialu/choose_organisation.html", {"organisations": organisations})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up and answering. It touches nothing else, so a busy database never fails it."""
    return JsonResponse({"status": "ok"})


@lru_cache(maxsize=1)
def _accessibility_statement() -> tuple[str, str]:
    """Return the title and the Markdown body of the statement (docs/accessibility.md, shipped in the package)."""
    text = (resources.files("socialu.core") / "accessibility.md").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    return first.removeprefix("# ").strip(), body


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Show what is tested for accessibility, the known limits and how to report a problem; no sign-in needed."""
    title, body = _accessibility_statement()
    return render(request, "socialu/accessibility.html", {"title": title, "body": body})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and a background worker has reported in recently.

    Answers 503 with the reason for each failed check, so a load balancer
    stops sending traffic and an operator sees what to fix.
    """
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except DatabaseError as error:
        checks["database"] = {"ok": False, "problem": f"The database does not answer: {error}"}
    if settings.READYZ_REQUIRES_WORKER:
        checks["worker"] = _worker_check(database_ok=bool(checks["database"]["ok"]))
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


def _worker_check(*, database_ok: bool) -> dict[str, object]:
    if not database_ok:
        return {"ok": False, "problem": "Cannot tell without the database."}
    grace = timedelta(seconds=settings.WORKER_HEARTBEAT_GRACE_SECONDS)
    try:
        heartbeat = latest_heartbeat()
    except DatabaseError as error:
        return {"ok": False, "problem": f"Cannot read the worker's heartbeat: {error}"}
    if heartbeat is None:
        return {"ok": False, "problem": "No background worker has ever run: start `socialu worker`."}
    age = timezone.now() - heartbeat.seen_at
    if age > grace:
        return {
            "ok": False,
            "problem": f"The background worker was last seen {int(age.total_seconds())} seconds ago: "
            "check that `socialu worker` is running.",
            "last_seen": heartbeat.seen_at.isoformat(),
        }
    return {"ok": True, "last_seen": heartbeat.seen_at.isoformat(), "worker": heartbeat.name}


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "socialu/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "socialu/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the friendly 500 page without touching the database (it may be why we are here)."""
    template = loader.get_template("socialu/500.html")
    return HttpResponse(template.render({"request_id": request_id(request)}), status=500)
