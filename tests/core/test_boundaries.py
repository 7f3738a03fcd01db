"""App surfaces are sealed: other apps query people and units only through ``people.selectors``."""

from __future__ import annotations

import re
from pathlib import Path

import socialu

SOURCE = Path(socialu.__file__).parent
STARTS_A_QUERY = re.compile(r"\b(Person|Unit)\.objects\.(?!none\(\))")


def test_no_app_but_people_starts_a_query_from_person_or_unit_objects() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).parts[0] != "people" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STARTS_A_QUERY.search(line)
    ]

    assert offenders == [], "Use socialu.people.selectors (people_in, units_in, person_for_user…) instead."


def test_the_rule_would_catch_a_query() -> None:
    assert STARTS_A_QUERY.search("Person.objects.filter(organisation=organisation)")
    assert not STARTS_A_QUERY.search("queryset=Unit.objects.none()")


def test_person_for_user_is_written_once() -> None:
    definitions = [
        path.relative_to(SOURCE)
        for path in SOURCE.rglob("*.py")
        if "def person_for_user(" in path.read_text(encoding="utf-8")
    ]

    assert [str(path) for path in definitions] == ["people/selectors/directory.py"]
