"""The moderation export: every decision with its post, as CSV rows."""

from __future__ import annotations

from collections.abc import Iterator

from socialu.community.selectors import decision_log
from socialu.core.models import Organisation
from socialu.core.spreadsheets import csv_lines

DECISION_HEADERS = ["When (UTC)", "Action", "Moderator", "Post id", "Kind", "Post status", "Note", "Previous words"]


def decision_rows(*, organisation: Organisation) -> Iterator[list[object]]:
    """Yield one row per moderation decision, newest first."""
    for decision in decision_log(organisation=organisation).iterator(chunk_size=1000):
        yield [
            decision.created_at.strftime("%Y-%m-%d %H:%M"),
            decision.get_action_display(),
            decision.moderator.name if decision.moderator else "(reports)",
            decision.post_id,
            decision.post.get_kind_display(),
            decision.post.get_status_display(),
            decision.note,
            decision.previous_body,
        ]


def decisions_csv_lines(*, organisation: Organisation) -> Iterator[bytes]:
    """Yield the decision log as a CSV file, line by line."""
    return csv_lines(DECISION_HEADERS, decision_rows(organisation=organisation))
