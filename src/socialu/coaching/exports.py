"""The executive's own coaching record as a PDF (through the core's safe PDF renderer)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from socialu.coaching import selectors
from socialu.coaching.models import Engagement
from socialu.core.documents import pdf_from_html


def engagement_record_pdf(*, engagement: Engagement) -> bytes:
    """Return the engagement's record — goals, every session's log and actions, the pulse — as PDF bytes."""
    html = render_to_string(
        "coaching/record.html",
        {
            "engagement": engagement,
            "sessions": selectors.session_log(engagement=engagement),
            "pulse": selectors.pulse_series(engagement=engagement),
        },
    )
    return pdf_from_html(html, base_folder=Path(__file__).parent)
