"""Benchmark sessions at scale: "My sessions", the session list and a registration, against bare SQL.

Run ``python -m bench.sessions [--people N] [--sessions N] [--registrations N] [--quick] [--json]``
(default 1,000,000 people, 50,000 sessions, 2,000,000 registrations; ``--quick``: 20,000 / 1,000 /
40,000, under a minute here).

It builds, once per size, an SQLite database under ``var/bench/sessions-<people>/``: Django's
``migrate`` creates the tables, plain ``sqlite3`` ``executemany`` fills them (half the sessions in the
past, half upcoming; each session gets registrations of distinct people, most confirmed, the rest on
its waitlist). Later runs reuse the file.

Each run then times, over many calls, the p95 and median of:

* **my sessions**: ``selectors.my_registrations`` for a random person, evaluated with its sessions;
* **session list**: ``selectors.catalogue`` (first page of 100 upcoming) plus ``seat_counts`` for it;
* **registration**: ``services.registration_register`` of a random person at a random upcoming session
  (the lock, the checks, the row, the log entry; email goes to memory), the rows removed afterwards;

and, as the baseline, the bare SQL for the same rows through ``sqlite3`` on the same file (for the write:
``BEGIN IMMEDIATE``, the two counts, the INSERT, ``COMMIT``). It prints each figure with its ratio to the
baseline. Targets (issue 13): reads ≤ 200 ms p95, a registration ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.dashboard_build import configure_django, log

ROOT = Path(__file__).resolve().parents[1]
PER_SESSION_CAP = 60
READS = 200
WRITES = 200
STATUSES_LIVE = ("confirmed", "waitlisted", "offered", "awaiting_approval")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _build(database: Path, people: int, sessions: int, registrations: int) -> None:
    """Fill the tables with plain sqlite3 (once)."""
    connection = sqlite3.connect(database)
    if connection.execute("SELECT COUNT(*) FROM core_organisation WHERE slug = 'bench'").fetchone()[0]:
        connection.close()
        return
    log(f"building {people:,} people, {sessions:,} sessions, {registrations:,} registrations")
    now = datetime.now(UTC)
    with connection:
        connection.execute(
            "INSERT INTO core_organisation (slug, name, trained_target_percent, created_at, require_mfa_for_admins, "
            "upload_retention_days) VALUES ('bench', 'Bench Ltd', 10, ?, 0, 30)",
            (_stamp(now),),
        )
        org = connection.execute("SELECT id FROM core_organisation WHERE slug = 'bench'").fetchone()[0]
        stamp = _stamp(now)
        connection.executemany(
            "INSERT INTO people_person (organisation_id, employee_id, name, email, audience, job_title, location, "
            "manager_employee_id, generation_band, is_external, is_active, roster_fingerprint, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 'practitioner', '', 'London', '', '', 0, 1, 0, ?, ?)",
            ((org, f"E{n:07d}", f"Person {n}", f"p{n}@bench.example", stamp, stamp) for n in range(1, people + 1)),
        )
        first_person = connection.execute("SELECT MIN(id) FROM people_person").fetchone()[0]
        per_session = max(1, registrations // sessions)
        capacity = max(1, int(per_session * 0.8))
        rows = []
        for n in range(sessions):
            starts = now + timedelta(hours=(n - sessions // 2) * 3)
            when = (_stamp(starts), _stamp(starts + timedelta(hours=2)))
            text = ("", "", capacity, "[]", 0, "published", 0, "ABCDEF", stamp, stamp)
            rows.append((org, "workshop", f"Session {n}", "", "Europe/London", *when, *text))
        connection.executemany(
            "INSERT INTO live_sessions_session (organisation_id, kind, title, description, time_zone, starts_at, "
            "ends_at, location, online_link, capacity, audiences, requires_approval, status, sequence, check_in_code, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        first_session = connection.execute("SELECT MIN(id) FROM live_sessions_session").fetchone()[0]

        def registration_rows() -> Any:
            step = 104_729  # a prime: k * step mod people gives distinct people for one session
            for n in range(sessions):
                for k in range(per_session):
                    person = first_person + (n * 7_919 + k * step) % people
                    confirmed = k < capacity
                    yield (
                        org,
                        first_session + n,
                        person,
                        "confirmed" if confirmed else "waitlisted",
                        None if confirmed else k - capacity + 1,
                        "",
                        "",
                        0,
                        stamp,
                        stamp,
                    )

        connection.executemany(
            "INSERT INTO live_sessions_registration (organisation_id, session_id, person_id, status, "
            "waitlist_position, decision_reason, attendance, calendar_sequence, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            registration_rows(),
        )
    connection.execute("ANALYZE")
    connection.close()


def _percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p95 * 1000, statistics.median(ordered) * 1000


def _time(action: Callable[[], object], runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return _percentiles(timings)


def _time_my_sessions(
    organisation: Any, bare: sqlite3.Connection, generator: random.Random, person_ids: list[int], now: datetime
) -> tuple[tuple[float, float], tuple[float, float]]:
    from socialu.people.models import Person
    from socialu.sessions import selectors

    def ours() -> None:
        person = Person(pk=generator.choice(person_ids), organisation=organisation)
        list(selectors.my_registrations(organisation=organisation, person=person, now=now))

    def baseline() -> None:
        bare.execute(
            "SELECT r.*, s.* FROM live_sessions_registration r JOIN live_sessions_session s ON s.id = r.session_id "
            "WHERE r.organisation_id = ? AND r.person_id = ? AND r.status IN (?, ?, ?, ?) AND s.ends_at > ? "
            "ORDER BY s.starts_at, r.id",
            (organisation.pk, generator.choice(person_ids), *STATUSES_LIVE, _stamp(now)),
        ).fetchall()

    log("my sessions")
    return _time(ours, READS), _time(baseline, READS)


def _time_session_list(
    organisation: Any, bare: sqlite3.Connection, now: datetime
) -> tuple[tuple[float, float], tuple[float, float]]:
    from socialu.sessions import selectors

    def ours() -> None:
        page = list(selectors.catalogue(organisation=organisation, now=now)[:100])
        selectors.seat_counts(sessions=page)

    def baseline() -> None:
        ids = [
            row[0]
            for row in bare.execute(
                "SELECT id, title, starts_at, ends_at, capacity FROM live_sessions_session WHERE organisation_id = ? "
                "AND status != 'draft' AND starts_at > ? AND ends_at > ? ORDER BY starts_at, id LIMIT 100",
                (organisation.pk, _stamp(now - timedelta(days=14)), _stamp(now)),
            ).fetchall()
        ]
        marks = ",".join("?" * len(ids))
        bare.execute(
            f"SELECT session_id, status, COUNT(*) FROM live_sessions_registration WHERE session_id IN ({marks}) "
            "AND status IN (?, ?, ?, ?) GROUP BY session_id, status",
            (*ids, *STATUSES_LIVE),
        ).fetchall()

    log("session list")
    return _time(ours, READS), _time(baseline, READS)


def _time_registration(
    organisation: Any, bare: sqlite3.Connection, generator: random.Random, person_ids: list[int], now: datetime
) -> tuple[tuple[float, float], tuple[float, float]]:
    from socialu.people.models import Person
    from socialu.sessions import services
    from socialu.sessions.models import Registration, RegistrationEvent, Session

    upcoming = list(
        Session.objects.filter(organisation=organisation, starts_at__gt=now + timedelta(hours=1)).values_list(
            "pk", flat=True
        )[:5000]
    )
    first_new = (Registration.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    people = list(Person.objects.filter(pk__in=generator.sample(person_ids, min(len(person_ids), 2000))))

    def ours() -> None:
        session_id = generator.choice(upcoming)
        person = generator.choice(people)
        try:
            services.registration_register(organisation=organisation, session_id=session_id, person=person)
        except Exception as error:
            if "already registered" not in str(error):
                raise

    def baseline() -> None:
        session_id = generator.choice(upcoming)
        person_id = generator.choice(person_ids)
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("SELECT id FROM live_sessions_session WHERE id = ?", (session_id,)).fetchone()
        held = bare.execute(
            "SELECT COUNT(*) FROM live_sessions_registration "
            "WHERE session_id = ? AND status IN ('confirmed', 'offered')",
            (session_id,),
        ).fetchone()[0]
        waiting = bare.execute(
            "SELECT MAX(waitlist_position) FROM live_sessions_registration "
            "WHERE session_id = ? AND status = 'waitlisted'",
            (session_id,),
        ).fetchone()[0]
        bare.execute(
            "INSERT OR IGNORE INTO live_sessions_registration (organisation_id, session_id, person_id, status, "
            "waitlist_position, decision_reason, attendance, calendar_sequence, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '', '', 0, ?, ?)",
            (
                organisation.pk,
                session_id,
                person_id,
                "waitlisted" if held else "confirmed",
                (waiting or 0) + 1,
                _stamp(now),
                _stamp(now),
            ),
        )
        bare.execute("COMMIT")

    log("registrations")
    timed = _time(ours, WRITES), _time(baseline, WRITES)
    RegistrationEvent.objects.filter(registration_id__gte=first_new).delete()
    Registration.objects.filter(pk__gte=first_new).delete()
    return timed


def run(people: int, sessions: int, registrations: int) -> dict[str, Any]:
    """Build or reuse the database, time everything, and return the figures."""
    data_dir = ROOT / "var" / "bench" / f"sessions-{people}-{sessions}-{registrations}"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    configure_django(data_dir)
    database = data_dir / "socialu.sqlite3"
    _build(database, people, sessions, registrations)

    from django.db import connection as django_connection
    from django.utils import timezone

    from socialu.core.models import Organisation
    from socialu.people.models import Person

    organisation = Organisation.objects.get(slug="bench")
    bare = sqlite3.connect(database, isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    generator = random.Random(13)
    person_ids = list(Person.objects.filter(organisation=organisation).values_list("pk", flat=True)[:50_000])
    now = timezone.now()

    mine, mine_bare = _time_my_sessions(organisation, bare, generator, person_ids, now)
    listing, listing_bare = _time_session_list(organisation, bare, now)
    register, register_bare = _time_registration(organisation, bare, generator, person_ids, now)
    django_connection.close()
    bare.close()

    figures: dict[str, Any] = {
        "people": people,
        "sessions": sessions,
        "registrations": registrations,
        "my_sessions_p95_ms": round(mine[0], 2),
        "my_sessions_median_ms": round(mine[1], 2),
        "my_sessions_bare_p95_ms": round(mine_bare[0], 2),
        "my_sessions_ratio": round(mine[0] / mine_bare[0], 1),
        "session_list_p95_ms": round(listing[0], 2),
        "session_list_median_ms": round(listing[1], 2),
        "session_list_bare_p95_ms": round(listing_bare[0], 2),
        "session_list_ratio": round(listing[0] / listing_bare[0], 1),
        "registration_p95_ms": round(register[0], 2),
        "registration_median_ms": round(register[1], 2),
        "registration_bare_p95_ms": round(register_bare[0], 2),
        "registration_ratio": round(register[0] / register_bare[0], 1),
    }
    figures["checks"] = [
        {"name": "my sessions p95", "measured": figures["my_sessions_p95_ms"], "target": 200, "unit": "ms"},
        {"name": "session list p95", "measured": figures["session_list_p95_ms"], "target": 200, "unit": "ms"},
        {"name": "registration p95", "measured": figures["registration_p95_ms"], "target": 10, "unit": "ms"},
    ]
    for check in figures["checks"]:
        check["met"] = check["measured"] <= check["target"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--registrations", type=int, default=2_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 people, 1,000 sessions, 40,000 registrations.")
    parser.add_argument("--json", action="store_true", help="End with one JSON object of the figures.")
    options = parser.parse_args()
    if options.quick:
        options.people, options.sessions, options.registrations = 20_000, 1_000, 40_000
    figures = run(options.people, options.sessions, options.registrations)
    for name, value in figures.items():
        if name != "checks":
            print(f"{name}: {value}")
    for check in figures["checks"]:
        verdict = "met" if check["met"] else "NOT met"
        print(f"{check['name']}: {check['measured']} {check['unit']} (target ≤ {check['target']}) {verdict}")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
