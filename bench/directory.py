"""Benchmark the people directory at scale against hand-written SQL on the same database.

Run ``python -m bench.directory [--people N] [--json]`` (default 100,000). It
imports an N-person roster into a fresh SQLite database, then for each of a
few typical directory requests times the whole page through Django's test
client (median of several runs) and, as the baseline, the two plain
``sqlite3`` queries any directory must make (the count and one page of rows,
sorted by name). Target: every page answers in under 200 ms at 100,000 people.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.roster_import import configure_django, generate_roster

RUNS = 7
PAGE = 50


def _median_seconds(action: Any, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _baseline(database: Path, organisation_id: int, where: str, params: list[Any], offset: int) -> float:
    connection = sqlite3.connect(database)
    base = f"FROM people_person WHERE organisation_id = ? {where}"
    arguments = [organisation_id, *params]

    def query() -> None:
        connection.execute(f"SELECT COUNT(*) {base}", arguments).fetchone()
        connection.execute(
            f"SELECT id, employee_id, name, email, job_title, location, audience, unit_id, manager_id "
            f"{base} ORDER BY name, id LIMIT ? OFFSET ?",
            [*arguments, PAGE, offset],
        ).fetchall()

    try:
        return _median_seconds(query)
    finally:
        connection.close()


def run(people: int) -> dict[str, Any]:
    """Build the database, time every case, and return the figures."""
    with tempfile.TemporaryDirectory(prefix="socialu-bench-") as temporary:
        directory = Path(temporary)
        roster = directory / "roster.csv"
        generate_roster(roster, people)
        os.environ["SOCIALU_HTTPS"] = "false"  # the test client speaks plain HTTP
        os.environ["SOCIALU_MANIFEST_STATIC"] = "false"
        configure_django(directory / "data")
        from django.conf import settings
        from django.test import Client

        from socialu.accounts.models import User
        from socialu.core.models import Organisation, RoleAssignment
        from socialu.core.roles import Role
        from socialu.people.models import Unit
        from socialu.people.roster import roster_import

        settings.ALLOWED_HOSTS = ["testserver"]
        organisation = Organisation.objects.create(slug="bench", name="Bench Ltd")
        result = roster_import(organisation=organisation, path=roster)
        if not result.applied:
            raise SystemExit(f"The import rejected rows: {result.errors[:3]}")
        user = User.objects.create_user("admin@bench.example")
        RoleAssignment.objects.create(organisation=organisation, user=user, role=Role.PROGRAMME_ADMIN)
        client = Client()
        client.force_login(user)
        division = Unit.objects.filter(organisation=organisation, depth=0).order_by("path").first()
        assert division is not None
        unit_ids = list(
            Unit.objects.filter(organisation=organisation, path__startswith=division.path).values_list("pk", flat=True)
        )
        marks = ",".join("?" * len(unit_ids))
        cases: list[tuple[str, str, str, list[Any], int]] = [
            ("first page", "", "AND is_active = 1", [], 0),
            ("page 500", "?page=500", "AND is_active = 1", [], 499 * PAGE),
            ("search 'okafor'", "?q=okafor", "AND is_active = 1 AND name LIKE ?", ["%okafor%"], 0),
            ("one division", f"?unit={division.pk}", f"AND is_active = 1 AND unit_id IN ({marks})", unit_ids, 0),
            (
                "audience + location",
                "?audience=practitioner&location=London",
                "AND is_active = 1 AND audience = ? AND location = ?",
                ["practitioner", "London"],
                0,
            ),
        ]
        database = Path(settings.DATABASES["default"]["NAME"])
        figures: list[dict[str, Any]] = []
        for label, query, where, params, offset in cases:
            url = f"/o/bench/people/{query}"
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            ours = _median_seconds(lambda url=url: client.get(url))
            baseline = _baseline(database, organisation.pk, where, params, offset)
            figures.append(
                {
                    "case": label,
                    "ours_ms": round(ours * 1000, 1),
                    "baseline_ms": round(baseline * 1000, 1),
                    "ratio": round(ours / baseline, 2),
                }
            )
        return {"people": people, "cases": figures, "slowest_ms": max(f["ours_ms"] for f in figures)}


def main() -> None:
    """Parse the arguments, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args()
    figures = run(arguments.people)
    if arguments.json:
        print(json.dumps(figures))
        return
    print(f"people directory with {figures['people']:,} people (median of {RUNS} runs)")
    print(f"{'case':<22}{'whole page':>12}{'plain SQL':>12}{'ratio':>8}")
    for case in figures["cases"]:
        print(f"{case['case']:<22}{case['ours_ms']:>10.1f}ms{case['baseline_ms']:>10.1f}ms{case['ratio']:>8.2f}")
    print(f"slowest page: {figures['slowest_ms']:.1f} ms (target < 200 ms)")


if __name__ == "__main__":
    main()
