"""The programme dashboard as plain data, for the API and the command line."""

from __future__ import annotations

from typing import Any

from socialu.dashboard.selectors import BreakdownRow, ProgrammeDashboard


def _rows(rows: list[BreakdownRow], tier_names: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "label": row.label,
            "headcount": row.headcount,
            "tiers": [
                {"tier": name, "holders": held, "percent": round(percent, 2)}
                for name, (held, percent) in zip(tier_names, row.pairs, strict=True)
            ],
        }
        for row in rows
    ]


def dashboard_as_dict(dashboard: ProgrammeDashboard) -> dict[str, Any]:
    """Return every figure the dashboard shows, as JSON-ready data."""
    names = [tier.name for tier in dashboard.tiers]
    filters = dashboard.filters
    return {
        "computed_at": dashboard.computed_at.isoformat() if dashboard.computed_at else None,
        "stale": dashboard.stale,
        "filters": {"unit": filters.unit_id, "audience": filters.audience, "location": filters.location},
        "headcount": dashboard.headcount,
        "target_percent": dashboard.target_percent,
        "tiers": [
            {
                "id": tier.tier_id,
                "name": tier.name,
                "holders": tier.holders,
                "percent": round(tier.percent, 2),
                "target_people": tier.target_people,
                "still_needed": tier.still_needed,
                "target_met": tier.met,
            }
            for tier in dashboard.tiers
        ],
        "by_division": _rows(dashboard.by_division, names),
        "by_audience": _rows(dashboard.by_audience, names),
        "by_location": _rows(dashboard.by_location, names),
        "completions_per_week": [
            {"week_start": week.start.isoformat(), "completions": week.count} for week in dashboard.weeks
        ],
        "slowest_courses": [
            {
                "slug": course.slug,
                "title": course.title,
                "average_days": None if course.average_days is None else round(course.average_days, 2),
                "completed": course.completed,
                "still_open": course.incomplete,
                "still_open_percent": round(course.incomplete_percent, 2),
            }
            for course in dashboard.slowest_courses
        ],
    }
