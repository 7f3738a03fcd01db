"""Knowledge-sharing pages: thin views over the services and selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from socialu.community import digests


@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """Stop someone's digest from the link in it, without signing in (a button, so link checkers change nothing)."""
    valid = digests.unsubscribe_token_read(token) is not None
    if not valid:
        return render(request, "community/unsubscribe.html", {"valid": False}, status=404)
    if request.method == "POST":
        digests.unsubscribe(token)
        return render(request, "community/unsubscribe.html", {"valid": True, "done": True})
    return render(request, "community/unsubscribe.html", {"valid": True, "done": False})
