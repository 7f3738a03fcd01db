"""Helpers for practice tests: install scenarios, make people, attempts and reviews."""

from __future__ import annotations

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.practice import services
from socialu.practice.models import Attempt, Review, Scenario
from socialu.practice.scenario_files import load_scenario_file, shipped_folder
from tests.factories import PersonFactory, member

RESTOCK = "restock-date-question"
FALCON = "falcon-rumour-engineer-reply"
GOOD_SCORES = {"clarity": 4, "tone": 4, "policy_compliance": 4, "helpfulness": 4, "platform_fit": 4}


def install(organisation: Organisation, *slugs: str) -> list[Scenario]:
    """Install the shipped scenarios named (the restock one by default) and return them."""
    chosen = slugs or (RESTOCK,)
    data = [load_scenario_file(shipped_folder() / f"{slug}.yaml") for slug in chosen]
    services.scenarios_import(organisation=organisation, scenarios=data)
    return list(Scenario.objects.filter(organisation=organisation, slug__in=chosen).order_by("slug"))


def learner_person(organisation: Organisation, email: str, *roles: Role) -> tuple[User, Person]:
    """Return a member with the given roles and the roster person linked to them."""
    user = member(organisation, *roles, email=email)
    person = PersonFactory.create(
        organisation=organisation, user=user, email=email, name=email.split("@", maxsplit=1)[0].title()
    )
    return user, person


def submitted(
    organisation: Organisation, person: Person, scenario: Scenario, text: str = "Thanks, on its way!"
) -> Attempt:
    return services.attempt_submit(organisation=organisation, person=person, scenario=scenario, text=text)


def reviewed(attempt: Attempt, reviewer: User, scores: dict[str, int] | None = None) -> Review:
    return services.review_submit(
        organisation=attempt.scenario.organisation,
        attempt=attempt,
        reviewer=reviewer,
        scores=scores or GOOD_SCORES,
        overall_comment="Clear and kind.",
    )


def matrix_scenario(organisation: Organisation, requester: User) -> str:
    """Install one scenario in *organisation* and return its slug (for the permission matrix)."""
    return install(organisation)[0].slug


def matrix_attempt(organisation: Organisation, requester: User) -> int:
    """Return a submitted answer by someone other than *requester* in *organisation*."""
    scenario = Scenario.objects.filter(organisation=organisation).first() or install(organisation)[0]
    author = PersonFactory.create(organisation=organisation)
    return submitted(organisation, author, scenario).pk
