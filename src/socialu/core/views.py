"""The front door: choose an organisation, health check, the accessibility statement, error pages."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from socialu.core.selectors import member_organisations


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their organisation, or let them choose one."""
    organisations = member_organisations(user_id=int(request.user.pk or 0))
    if len(organisations) == 1:
        return redirect("org_home", org_slug=organisations[0].slug)
    return render(request, "socialu/choose_organisation.html", {"organisations": organisations})


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer a load balancer: is the application up and the database reachable?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
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


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "socialu/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "socialu/404.html", status=404)
