"""N = 10 × capacity parallel registrations: exactly `capacity` confirmed, the waitlist 1..k without gaps.

On SQLite the registrations race in separate processes (one connection each, against a copy of the test
database in a file, WAL and IMMEDIATE transactions as in production); on PostgreSQL in threads.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Registration, RegistrationStatus
from tests.factories import SessionFactory
from tests.sessions.helpers import people

CAPACITY = 5
RACERS = 10 * CAPACITY

pytestmark = pytest.mark.django_db(transaction=True)


def _register_in_child(database: str, organisation_id: int, session_id: int, person_id: int, start: Any) -> None:
    """Run in a forked process: register once on the file database, exit 0 on success."""
    code = 1
    try:
        # Drop the inherited handle without closing it (Django never closes an in-memory test database, and
        # the handle belongs to the parent); the next query connects to the file.
        wrapper = connections["default"]
        wrapper.connection = None
        wrapper.settings_dict["NAME"] = database
        start.wait(60)
        organisation = Organisation.objects.get(pk=organisation_id)
        person = Person.objects.get(pk=person_id)
        services.registration_register(organisation=organisation, session_id=session_id, person=person)
        connections.close_all()
        code = 0
    finally:
        os._exit(code)


def _outcome_rows_sqlite(database: Path, session_id: int) -> list[tuple[str, int | None]]:
    with sqlite3.connect(database) as reader:
        return list(
            reader.execute(
                "SELECT status, waitlist_position FROM live_sessions_registration WHERE session_id = ?", (session_id,)
            )
        )


def _assert_exact(rows: list[tuple[str, int | None]]) -> None:
    assert len(rows) == RACERS
    confirmed = [row for row in rows if row[0] == RegistrationStatus.CONFIRMED]
    waiting = sorted(position or 0 for status, position in rows if status == RegistrationStatus.WAITLISTED)
    assert len(confirmed) == CAPACITY
    assert waiting == list(range(1, RACERS - CAPACITY + 1))  # 1..k, no gaps, no duplicates


@pytest.mark.skipif(connection.vendor != "sqlite", reason="processes race on SQLite; threads on PostgreSQL")
def test_parallel_registrations_in_processes_fill_exactly_the_capacity(
    organisation: Organisation, tmp_path: Path
) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=CAPACITY)
    racers = people(organisation, RACERS)
    database = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)  # the test database, schema and rows, as a file all processes share

    context = multiprocessing.get_context("fork")
    start = context.Event()
    processes = [
        context.Process(target=_register_in_child, args=(str(database), organisation.pk, session.pk, person.pk, start))
        for person in racers
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=180)

    assert [process.exitcode for process in processes] == [0] * RACERS
    _assert_exact(_outcome_rows_sqlite(database, session.pk))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads race on PostgreSQL; processes on SQLite")
def test_parallel_registrations_in_threads_fill_exactly_the_capacity(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=CAPACITY)
    racers = people(organisation, RACERS)

    def register(person: Person) -> None:
        try:
            services.registration_register(organisation=organisation, session_id=session.pk, person=person)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        list(pool.map(register, racers))

    rows = list(Registration.objects.filter(session=session).values_list("status", "waitlist_position"))
    _assert_exact(rows)
