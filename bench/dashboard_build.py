"""Build the benchmark database of ``bench.dashboard``: people, progress and certificates at scale.

Django's ``migrate`` creates the tables; plain ``sqlite3`` ``executemany``
fills them, with each table's secondary indexes dropped first and built again
at the end. The file is kept under ``var/bench/dashboard-N/`` and reused.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIVISIONS = ["Commercial", "Operations", "Technology", "Finance", "People", "Marketing"]
LOCATIONS = [
    "London",
    "Austin",
    "Bangalore",
    "Dublin",
    "Singapore",
    "São Paulo",
    "Frankfurt",
    "Sydney",
    "Toronto",
    "Nairobi",
    "Madrid",
    "Tokyo",
]
LOCATION_WEIGHTS = [20, 12, 14, 8, 7, 6, 6, 5, 5, 4, 4, 3]
AUDIENCES = ["observer", "practitioner", "management", "leadership", "infrastructure"]
AUDIENCE_WEIGHTS = [55, 25, 12, 3, 5]
TIERS = [("ambassador", "Ambassador", 1), ("practitioner", "Practitioner", 2), ("professional", "Professional", 3)]
TIER_WEIGHTS = [70, 22, 8]
DAY = 86_400


def _stamp(moment: datetime) -> str:
    """Return a naive UTC moment as Django stores it in SQLite."""
    return moment.isoformat(" ")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Building the database ---------------------------------------------------------------


def configure_django(data_dir: Path) -> None:
    """Point Django at the SQLite database in *data_dir* and apply every migration to it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["SOCIALU_DATA_DIR"] = str(data_dir)
    os.environ["SOCIALU_ALLOW_DEVELOPMENT_KEY"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "socialu.config.settings"
    os.environ["SOCIALU_HTTPS"] = "false"  # the test client speaks plain HTTP
    os.environ["SOCIALU_MANIFEST_STATIC"] = "false"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _filler(connection: sqlite3.Connection, table: str, columns: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """Return the NOT NULL columns without a default that *columns* leaves out, and a value for each.

    Other work may add such a column to a table after this benchmark was
    written; filling it with an empty value keeps the build working.
    """
    extra: list[str] = []
    values: list[Any] = []
    for _, name, declared, not_null, default, primary in connection.execute(f'PRAGMA table_info("{table}")'):
        if name in columns or primary or not not_null or default is not None:
            continue
        extra.append(name)
        kind = declared.lower()
        if "int" in kind or "bool" in kind or "decimal" in kind or "real" in kind:
            values.append(0)
        elif "datetime" in kind:
            values.append("2000-01-01 00:00:00")
        elif "date" in kind:
            values.append("2000-01-01")
        elif kind == "text" and "JSON_VALID" in (_table_sql(connection, table) or ""):
            values.append("{}")
        else:
            values.append("")
    return extra, tuple(values)


def _table_sql(connection: sqlite3.Connection, table: str) -> str | None:
    row = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    return row[0] if row else None


class _Loader:
    """Insert rows into tables whose secondary indexes are dropped first and built again at the end."""

    def __init__(self, connection: sqlite3.Connection, tables: dict[str, Sequence[str]]) -> None:
        self.connection = connection
        self.statements: dict[str, tuple[str, tuple[Any, ...]]] = {}
        self.indexes: list[str] = []
        for table, columns in tables.items():
            for name, sql in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                [table],
            ).fetchall():
                connection.execute(f'DROP INDEX "{name}"')
                self.indexes.append(sql)
            extra, values = _filler(connection, table, columns)
            names = ", ".join(f'"{column}"' for column in [*columns, *extra])
            marks = ", ".join("?" * (len(columns) + len(extra)))
            self.statements[table] = (f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)

    def insert(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        statement, values = self.statements[table]
        self.connection.executemany(statement, (row + values for row in rows))

    def finish(self) -> None:
        # Unique constraints declared in CREATE TABLE keep their automatic indexes; the rest come back here.
        for sql in self.indexes:
            self.connection.execute(sql)


def _setup_organisation() -> dict[str, Any]:
    """Create the organisation, its admin, the default curriculum, units and tiers with the ORM."""
    from django.db import connection as django_connection

    from socialu.accounts.models import User
    from socialu.certification.models import Tier
    from socialu.core.models import Organisation, RoleAssignment
    from socialu.core.roles import Role
    from socialu.curriculum.models import Lesson, Quiz
    from socialu.curriculum.services import curriculum_import, default_folder
    from socialu.people.models import Unit, UnitKind

    organisation = Organisation.objects.create(slug="bench", name="Bench Ltd")
    user = User.objects.create_user("admin@bench.example")
    for role in (Role.PROGRAMME_ADMIN, Role.LEARNER):
        RoleAssignment.objects.create(organisation=organisation, user=user, role=role)
    curriculum_import(organisation=organisation, folder=default_folder())
    teams: list[int] = []
    for division_name in DIVISIONS:
        division = Unit.objects.create(
            organisation=organisation, name=division_name, path=division_name, kind=UnitKind.DIVISION
        )
        for department_number in range(7):
            department = Unit.objects.create(
                organisation=organisation,
                name=f"Department {department_number + 1}",
                path=f"{division.path} › Department {department_number + 1}",
                kind=UnitKind.DEPARTMENT,
                parent=division,
                depth=1,
            )
            for team_number in range(8):
                team = Unit.objects.create(
                    organisation=organisation,
                    name=f"Team {team_number + 1}",
                    path=f"{department.path} › Team {team_number + 1}",
                    kind=UnitKind.TEAM,
                    parent=department,
                    depth=2,
                )
                teams.append(team.pk)
    tiers = [
        Tier.objects.create(organisation=organisation, slug=slug, name=name, rank=rank).pk for slug, name, rank in TIERS
    ]
    courses: dict[str, dict[str, Any]] = {}
    for lesson in Lesson.objects.filter(organisation=organisation).select_related("module__course"):
        course = lesson.module.course
        entry = courses.setdefault(course.slug, {"lessons": [], "quiz": None, "version": course.version})
        entry["lessons"].append((lesson.module.position, lesson.position, lesson.pk))
    for quiz in Quiz.objects.filter(organisation=organisation).select_related("course"):
        courses[quiz.course.slug]["quiz"] = quiz.pk
    for entry in courses.values():
        entry["lessons"] = [pk for *_, pk in sorted(entry["lessons"])]
    django_connection.close()
    return {"organisation": organisation.pk, "teams": teams, "tiers": tiers, "courses": courses}


PERSON_COLUMNS = [
    "id",
    "organisation_id",
    "employee_id",
    "name",
    "email",
    "audience",
    "job_title",
    "location",
    "manager_employee_id",
    "generation_band",
    "is_external",
    "is_active",
    "roster_fingerprint",
    "created_at",
    "updated_at",
    "unit_id",
]
ENROLMENT_COLUMNS = [
    "organisation_id",
    "person_id",
    "course_slug",
    "required",
    "source",
    "enrolled_at",
    "completed_at",
    "completed_version",
]
COMPLETION_COLUMNS = ["organisation_id", "person_id", "lesson_id", "completed_at"]
ATTEMPT_COLUMNS = [
    "organisation_id",
    "person_id",
    "quiz_id",
    "course_version",
    "started_at",
    "submitted_at",
    "score_percent",
    "passed",
    "answers",
]
CERTIFICATE_COLUMNS = [
    "organisation_id",
    "person_id",
    "tier_id",
    "code",
    "holder_name",
    "tier_name",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revoked_reason",
    "evidence",
]
CHUNK = 20_000


def build(database: Path, people: int, seed: int = 11) -> None:
    """Fill the freshly migrated *database* with *people* people and their progress."""
    setup = _setup_organisation()
    organisation = setup["organisation"]
    teams: list[int] = setup["teams"]
    courses: dict[str, dict[str, Any]] = setup["courses"]
    slugs = sorted(courses)
    tier_names = {pk: name for pk, (_, name, _) in zip(setup["tiers"], TIERS, strict=True)}
    generator = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    created = _stamp(now)
    # Each audience follows four courses; each course has its own typical pace in days.
    paths = {audience: generator.sample(slugs, 4) for audience in AUDIENCES}
    pace = {slug: 3 + 40 * generator.random() for slug in slugs}
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -400000")
    connection.execute("BEGIN")
    loader = _Loader(
        connection,
        {
            "people_person": PERSON_COLUMNS,
            "learning_enrolment": ENROLMENT_COLUMNS,
            "learning_lessoncompletion": COMPLETION_COLUMNS,
            "learning_quizattempt": ATTEMPT_COLUMNS,
            "certification_certificate": CERTIFICATE_COLUMNS,
        },
    )
    first_person = (connection.execute("SELECT COALESCE(MAX(id), 0) FROM people_person").fetchone()[0]) + 1
    serial = 0
    for chunk_start in range(0, people, CHUNK):
        if chunk_start % 200_000 == 0:
            log(f"people {chunk_start:,} of {people:,}")
        persons: list[tuple[Any, ...]] = []
        enrolments: list[tuple[Any, ...]] = []
        completions: list[tuple[Any, ...]] = []
        attempts: list[tuple[Any, ...]] = []
        certificates: list[tuple[Any, ...]] = []
        for number in range(chunk_start, min(people, chunk_start + CHUNK)):
            person = first_person + number
            audience = generator.choices(AUDIENCES, AUDIENCE_WEIGHTS)[0]
            persons.append(
                (
                    person,
                    organisation,
                    f"B{number:07d}",
                    f"Person {number}",
                    f"person.{number}@bench.example",
                    audience,
                    "Analyst",
                    generator.choices(LOCATIONS, LOCATION_WEIGHTS)[0],
                    "",
                    "",
                    0,
                    1 if generator.random() < 0.95 else 0,
                    0,
                    created,
                    created,
                    teams[(number // 37) % len(teams)],
                )
            )
            for slug in paths[audience]:
                course = courses[slug]
                enrolled = now - timedelta(seconds=generator.randrange(365 * DAY))
                finish = enrolled + timedelta(seconds=int(generator.expovariate(1 / pace[slug]) * DAY))
                done = finish < now and generator.random() < 0.7
                lessons: list[int] = course["lessons"]
                count = len(lessons) if done else generator.randrange(len(lessons))
                step = (finish - enrolled) / max(len(lessons), 1)
                for index in range(count):
                    completions.append(
                        (organisation, person, lessons[index], _stamp(min(enrolled + step * (index + 1), now)))
                    )
                if course["quiz"] is not None and count == len(lessons):
                    tries = 1 + (generator.random() < 0.3)
                    moment = _stamp(min(finish, now))
                    for attempt in range(tries):
                        passed = attempt == tries - 1 and done
                        attempts.append(
                            (
                                organisation,
                                person,
                                course["quiz"],
                                course["version"],
                                moment,
                                moment,
                                90 if passed else 50,
                                passed,
                                "{}",
                            )
                        )
                enrolments.append(
                    (
                        organisation,
                        person,
                        slug,
                        1,
                        "path",
                        _stamp(enrolled),
                        _stamp(finish) if done else None,
                        course["version"] if done else None,
                    )
                )
            if generator.random() < 0.13:
                tier = generator.choices(setup["tiers"], TIER_WEIGHTS)[0]
                issued = now - timedelta(seconds=generator.randrange(540 * DAY))
                revoked = _stamp(issued + timedelta(days=30)) if generator.random() < 0.02 else None
                serial += 1
                certificates.append(
                    (
                        organisation,
                        person,
                        tier,
                        f"BENCH{serial:09d}",
                        f"Person {number}",
                        tier_names[tier],
                        _stamp(issued),
                        _stamp(issued + timedelta(days=365)),
                        revoked,
                        "",
                        "{}",
                    )
                )
        loader.insert("people_person", persons)
        loader.insert("learning_enrolment", enrolments)
        loader.insert("learning_lessoncompletion", completions)
        loader.insert("learning_quizattempt", attempts)
        loader.insert("certification_certificate", certificates)
    log("building indexes")
    loader.finish()
    connection.execute("COMMIT")
    log("ANALYZE")
    connection.execute("ANALYZE")
    connection.close()


def prepare(people: int) -> Path:
    """Return the data directory of the benchmark database for *people*, building it if needed."""
    data_dir = ROOT / "var" / "bench" / f"dashboard-{people}"
    marker = data_dir / "built"
    if not marker.exists() and data_dir.exists():
        for leftover in data_dir.glob("socialu.sqlite3*"):
            leftover.unlink()
    started = time.perf_counter()
    configure_django(data_dir)
    if not marker.exists():
        build(data_dir / "socialu.sqlite3", people)
        marker.write_text(f"built in {time.perf_counter() - started:.0f} s\n")
        log(f"built in {time.perf_counter() - started:.0f} s")
    return data_dir
