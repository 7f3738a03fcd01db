"""Any sequence of register/cancel/offer/accept/decline/expire/change capacity/reorder keeps the seat rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from socialu.core.errors import DomainError
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Registration, RegistrationStatus, Session
from tests.factories import PersonFactory, SessionFactory
from tests.sessions.helpers import waitlist_order

PEOPLE = 7
person_index = st.integers(min_value=0, max_value=PEOPLE - 1)


class SeatMachine(RuleBasedStateMachine):
    organisation: Organisation  # set by the test on a subclass

    def __init__(self) -> None:
        super().__init__()
        self.now: datetime = timezone.now()
        self.people: list[Person] = []
        self.session: Session | None = None

    @initialize(capacity=st.integers(min_value=1, max_value=3))
    def open_session(self, capacity: int) -> None:
        self.people = [PersonFactory.create(organisation=self.organisation) for _ in range(PEOPLE)]
        self.session = SessionFactory.create(
            organisation=self.organisation, capacity=capacity, starts_at=self.now + timedelta(days=120)
        )

    # --- helpers --------------------------------------------------------------------------------

    @property
    def current(self) -> Session:
        assert self.session is not None
        return self.session

    def _registration(self, index: int) -> Registration | None:
        return Registration.objects.filter(session=self.current, person=self.people[index]).first()

    def _offered(self) -> set[int]:
        return set(
            Registration.objects.filter(session=self.current, status=RegistrationStatus.OFFERED).values_list(
                "person_id", flat=True
            )
        )

    def _act(self, action: object) -> None:
        """Run *action*; any new offers must go to the head of the waitlist as it stood, in order."""
        waiting_before = waitlist_order(self.current)
        offered_before = self._offered()
        try:
            action()  # type: ignore[operator]
        except DomainError:
            return
        new_offers = self._offered() - offered_before
        assert new_offers <= set(waiting_before)
        assert new_offers == set(waiting_before[: len(new_offers)])

    # --- rules ----------------------------------------------------------------------------------

    @rule(index=person_index)
    def register(self, index: int) -> None:
        self._act(
            lambda: services.registration_register(
                organisation=self.organisation, session_id=self.current.pk, person=self.people[index], now=self.now
            )
        )

    @rule(index=person_index)
    def cancel(self, index: int) -> None:
        registration = self._registration(index)
        if registration is not None:
            self._act(
                lambda: services.registration_cancel(
                    organisation=self.organisation,
                    registration_id=registration.pk,
                    person=self.people[index],
                    now=self.now,
                )
            )

    @rule(index=person_index)
    def accept(self, index: int) -> None:
        registration = self._registration(index)
        if registration is not None:
            self._act(
                lambda: services.offer_accept(
                    organisation=self.organisation,
                    registration_id=registration.pk,
                    person=self.people[index],
                    now=self.now,
                )
            )

    @rule(index=person_index)
    def decline(self, index: int) -> None:
        registration = self._registration(index)
        if registration is not None:
            self._act(
                lambda: services.offer_decline(
                    organisation=self.organisation,
                    registration_id=registration.pk,
                    person=self.people[index],
                    now=self.now,
                )
            )

    @rule(hours=st.integers(min_value=1, max_value=30))
    def time_passes_and_offers_expire(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        self._act(lambda: services.offers_expire(organisation=self.organisation, now=self.now))

    @rule(capacity=st.integers(min_value=1, max_value=5))
    def change_capacity(self, capacity: int) -> None:
        self._act(
            lambda: services.session_capacity_change(
                organisation=self.organisation, session_id=self.current.pk, capacity=capacity, now=self.now
            )
        )

    @rule(index=person_index, position=st.integers(min_value=1, max_value=PEOPLE))
    def reorder(self, index: int, position: int) -> None:
        registration = self._registration(index)
        if registration is not None:
            self._act(
                lambda: services.waitlist_move(
                    organisation=self.organisation, registration_id=registration.pk, position=position, actor=None
                )
            )

    # --- invariants -----------------------------------------------------------------------------

    @invariant()
    def seats_are_never_overfilled_and_never_left_empty_while_people_wait(self) -> None:
        if self.session is None:
            return
        session = Session.objects.get(pk=self.current.pk)
        rows = list(Registration.objects.filter(session=session).values_list("status", "waitlist_position"))
        held = sum(1 for status, _ in rows if status in (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED))
        positions = sorted(position or 0 for status, position in rows if status == RegistrationStatus.WAITLISTED)
        assert held <= session.capacity  # so never two offers for one seat
        assert positions == list(range(1, len(positions) + 1))
        assert all(position is None for status, position in rows if status != RegistrationStatus.WAITLISTED)
        assert not (positions and held < session.capacity)


@pytest.mark.django_db
def test_the_seat_rules_hold_for_any_sequence_of_actions(organisation: Organisation) -> None:
    class InThisOrganisation(SeatMachine):
        pass

    InThisOrganisation.organisation = organisation
    run_state_machine_as_test(
        InThisOrganisation,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
