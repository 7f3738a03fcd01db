"""Benchmark the programme dashboard at scale against DuckDB over the same data.

Run ``python -m bench.dashboard [--people N] [--json]`` (default 1,000,000).

It builds, once, an SQLite database under ``var/bench/`` with N people in a
three-level unit tree, the default curriculum, about four enrolments and about
twenty progress records (lesson completions and quiz attempts) per person, and
certificates for about one person in eight (some expired, some revoked). The
tables are filled with plain ``sqlite3`` ``executemany`` after Django's
``migrate`` has created them; later runs reuse the file (and apply any new
migration to it).

Each run then times, as medians:

* **ours**: the dashboard's reads exactly as a page view runs them
  (``socialu.dashboard.services.programme_dashboard``), and separately the
  full recount that refreshes the dashboard's summary from the raw tables;
* **baseline**: the same aggregates (active head-count by division, audience
  and location; current certificate holders per tier by the same; completions
  per ISO week; course durations and the share still incomplete) computed by
  DuckDB over the same rows. DuckDB's SQLite extension cannot be installed
  offline, so the needed columns are exported from the SQLite file to CSV once
  (cached next to it) and loaded into DuckDB tables; the load is not timed;
* the whole page through Django's test client, signed in as a programme admin;
* the hot write: ``lesson_complete`` for a lesson a person has not done yet,
  over at least 200 calls (the rows it adds are removed afterwards).

Targets: response ≤ 300 ms at 1,000,000 people, query time ≤ 3× DuckDB's,
one lesson completion ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.dashboard_build import log, prepare

RUNS = 7
WRITES = 200
# CPU time of this process for the same calls, medians too: on a shared machine the wall-clock
# figures include waiting for a core, which the CPU figures do not.
CPU: dict[str, float] = {}


def _median_seconds(action: Callable[[], object], runs: int = RUNS, label: str = "") -> float:
    timings = []
    cpu = []
    for _ in range(runs):
        started = time.perf_counter()
        cpu_started = time.process_time()
        action()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    if label:
        CPU[label] = statistics.median(cpu)
    return statistics.median(timings)


# --- The DuckDB baseline -----------------------------------------------------------------

BASELINE_TABLES = {
    "person": "SELECT id, organisation_id, unit_id, audience, location, is_active FROM people_person",
    "unit": "SELECT id, organisation_id, path FROM people_unit",
    "certificate": (
        "SELECT organisation_id, person_id, tier_id, issued_at, expires_at, revoked_at FROM certification_certificate"
    ),
    "enrolment": "SELECT organisation_id, person_id, course_slug, enrolled_at, completed_at FROM learning_enrolment",
}
BASELINE_TYPES = {
    "person": "id BIGINT, organisation_id BIGINT, unit_id BIGINT, audience VARCHAR, location VARCHAR, is_active INT",
    "unit": "id BIGINT, organisation_id BIGINT, path VARCHAR",
    "certificate": (
        "organisation_id BIGINT, person_id BIGINT, tier_id BIGINT, issued_at TIMESTAMP, expires_at TIMESTAMP, "
        "revoked_at TIMESTAMP"
    ),
    "enrolment": (
        "organisation_id BIGINT, person_id BIGINT, course_slug VARCHAR, enrolled_at TIMESTAMP, completed_at TIMESTAMP"
    ),
}


def _export_csv(database: Path, folder: Path) -> None:
    """Write the columns the baseline needs to CSV files in *folder*, once."""
    folder.mkdir(exist_ok=True)
    connection = sqlite3.connect(database)
    for name, query in BASELINE_TABLES.items():
        target = folder / f"{name}.csv"
        if target.exists():
            continue
        partial = target.with_suffix(".partial")
        with partial.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            cursor = connection.execute(query)
            while rows := cursor.fetchmany(100_000):
                writer.writerows(rows)
        partial.rename(target)
    connection.close()


def baseline(database: Path, organisation_id: int, now: datetime) -> tuple[float, dict[str, Any]]:
    """Return DuckDB's median time for the dashboard's aggregates, and its answers."""
    import duckdb

    folder = database.parent / "baseline-csv"
    _export_csv(database, folder)
    duck = duckdb.connect()
    for name, types in BASELINE_TYPES.items():
        columns = "{" + ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in types.split(", ")) + "}"
        duck.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{folder / f'{name}.csv'}', header = false, "
            f"columns = {columns}, nullstr = '')"
        )
    # Each unit's division, worked out once per unit rather than once per row.
    duck.execute("CREATE TABLE division AS SELECT id, split_part(path, ' › ', 1) AS division FROM unit")
    stamp = now.replace(tzinfo=None)
    since = (stamp - timedelta(days=stamp.weekday(), weeks=15)).replace(hour=0, minute=0, second=0, microsecond=0)
    queries = {
        "headcount": """
            SELECT u.division, p.audience, p.location, COUNT(*)
            FROM person p LEFT JOIN division u ON u.id = p.unit_id
            WHERE p.organisation_id = $org AND p.is_active = 1 GROUP BY ALL""",
        "certified": """
            SELECT c.tier_id, u.division, p.audience, p.location, COUNT(DISTINCT c.person_id)
            FROM certificate c JOIN person p ON p.id = c.person_id LEFT JOIN division u ON u.id = p.unit_id
            WHERE c.organisation_id = $org AND c.revoked_at IS NULL AND c.issued_at <= $now
              AND c.expires_at > $now AND p.is_active = 1
            GROUP BY ALL""",
        "weeks": """
            SELECT date_trunc('week', e.completed_at) AS week, u.division, p.audience, p.location, COUNT(*)
            FROM enrolment e JOIN person p ON p.id = e.person_id LEFT JOIN division u ON u.id = p.unit_id
            WHERE e.organisation_id = $org AND e.completed_at >= $since GROUP BY ALL""",
        "courses": """
            SELECT e.course_slug, u.division, p.audience, p.location,
                   COUNT(e.completed_at),
                   SUM(epoch(e.completed_at - e.enrolled_at)) / 86400.0,
                   COUNT(*) FILTER (WHERE e.completed_at IS NULL AND p.is_active = 1)
            FROM enrolment e JOIN person p ON p.id = e.person_id LEFT JOIN division u ON u.id = p.unit_id
            WHERE e.organisation_id = $org GROUP BY ALL""",
    }
    parameters = {"org": organisation_id, "now": stamp, "since": since}
    answers: dict[str, Any] = {}

    def run_all() -> None:
        for name, query in queries.items():
            answers[name] = duck.execute(query, {k: v for k, v in parameters.items() if f"${k}" in query}).fetchall()

    run_all()  # warm up
    seconds = _median_seconds(run_all)
    duck.close()
    return seconds, answers


# --- The run ------------------------------------------------------------------------------


def _time_lesson_completion(organisation: Any) -> float:
    """Return the median milliseconds of ``lesson_complete`` for lessons people have not done, then undo them."""
    from socialu.curriculum.models import Lesson
    from socialu.learning.models import Enrolment, LessonCompletion
    from socialu.learning.services import lesson_complete
    from socialu.people.models import Person

    generator = random.Random(5)
    lessons = list(Lesson.objects.filter(organisation=organisation).select_related("module"))
    top = Person.objects.filter(organisation=organisation).order_by("-pk").values_list("pk", flat=True).first() or 0
    timings: list[float] = []
    cpu: list[float] = []
    added: list[int] = []
    touched: list[tuple[int, str]] = []
    while len(timings) < WRITES:
        person = Person.objects.get(pk=generator.randrange(1, top + 1))
        lesson = generator.choice(lessons)
        if LessonCompletion.objects.filter(organisation=organisation, person=person, lesson=lesson).exists():
            continue
        course_slug = lesson.module.course.slug
        had = Enrolment.objects.filter(organisation=organisation, person=person, course_slug=course_slug).first()
        started = time.perf_counter()
        cpu_started = time.process_time()
        completion = lesson_complete(person=person, lesson=lesson)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        added.append(completion.pk)
        if had is None:
            touched.append((person.pk, course_slug))
    LessonCompletion.objects.filter(pk__in=added).delete()
    for person_id, course_slug in touched:
        Enrolment.objects.filter(organisation=organisation, person_id=person_id, course_slug=course_slug).delete()
    CPU["record_progress"] = statistics.median(cpu)
    return statistics.median(timings) * 1000


def run(people: int) -> dict[str, Any]:
    """Build or reuse the database, time everything, and return the figures."""
    data_dir = prepare(people)
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from socialu.accounts.models import User
    from socialu.core.models import Organisation
    from socialu.dashboard import selectors, services

    settings.ALLOWED_HOSTS = ["testserver"]
    organisation = Organisation.objects.get(slug="bench")
    database = data_dir / "socialu.sqlite3"

    log("refreshing the dashboard summary (full recount)")
    refresh_s = _median_seconds(lambda: services.dashboard_refresh(organisation=organisation), runs=3, label="refresh")
    filters = selectors.DashboardFilters()
    ours_s = _median_seconds(
        lambda: services.programme_dashboard(organisation=organisation, filters=filters), label="ours"
    )
    figures = services.programme_dashboard(organisation=organisation, filters=filters)

    client = Client()
    client.force_login(User.objects.get(email="admin@bench.example"))
    url = "/o/bench/dashboard/"
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    response_s = _median_seconds(lambda: client.get(url), label="response")

    log("DuckDB baseline")
    baseline_s, answers = baseline(database, organisation.pk, timezone.now())
    # The two must agree, or the comparison means nothing.
    holders: dict[int, int] = {}
    for row in answers["certified"]:
        holders[row[0]] = holders.get(row[0], 0) + row[-1]
    checks = {
        "head-count": (sum(row[-1] for row in answers["headcount"]), figures.headcount),
        "holders per tier": (holders, {tier.tier_id: tier.holders for tier in figures.tiers if tier.holders}),
        "completions in 16 weeks": (sum(row[-1] for row in answers["weeks"]), figures.completions),
    }
    for name, (duck, ours) in checks.items():
        if duck != ours:
            raise SystemExit(f"The {name} differs: DuckDB {duck}, dashboard {ours}")

    log("lesson completions")
    record_progress_ms = _time_lesson_completion(organisation)
    return {
        "people": people,
        "ours_s": round(ours_s, 4),
        "baseline_s": round(baseline_s, 4),
        "ratio": round(ours_s / baseline_s, 2),
        "response_s": round(response_s, 4),
        "record_progress_ms": round(record_progress_ms, 2),
        "refresh_s": round(refresh_s, 3),
        "refresh_ratio": round(refresh_s / baseline_s, 1),
    }


def main() -> None:
    """Parse the arguments, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--build-only", action="store_true", help="build the cached database and stop")
    arguments = parser.parse_args()
    if arguments.build_only:
        prepare(arguments.people)
        return
    figures = run(arguments.people)
    if arguments.json:
        keys = ("people", "ours_s", "baseline_s", "ratio", "response_s", "record_progress_ms")
        print(json.dumps({key: figures[key] for key in keys}))
        return
    cpu = {key: value * 1000 for key, value in CPU.items()}
    print(f"programme dashboard with {figures['people']:,} people (medians; CPU = this process's CPU time)")
    print(f"dashboard reads, as a page view runs them  {figures['ours_s'] * 1000:10.1f} ms  CPU {cpu['ours']:8.1f} ms")
    print(f"DuckDB, the same aggregates from raw rows  {figures['baseline_s'] * 1000:10.1f} ms")
    print(f"ratio                                      {figures['ratio']:10.2f}     (target ≤ 3)")
    print(
        f"whole page through the test client         {figures['response_s'] * 1000:10.1f} ms  "
        f"CPU {cpu['response']:8.1f} ms  (target ≤ 300 ms)"
    )
    print(
        f"one lesson completion                      {figures['record_progress_ms']:10.2f} ms  "
        f"CPU {cpu['record_progress']:8.2f} ms  (target ≤ 5 ms)"
    )
    print(
        f"full recount from the raw tables           {figures['refresh_s'] * 1000:10.1f} ms  "
        f"CPU {cpu['refresh']:8.1f} ms  ({figures['refresh_ratio']}x DuckDB; a background task)"
    )


if __name__ == "__main__":
    main()
