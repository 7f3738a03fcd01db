"""The results page: accessible charts, disagreement by audience and unit, anonymity, trend and printing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Unit
from socialu.readiness import selectors, services
from socialu.readiness.models import Assessment, Respondent
from tests.factories import PersonFactory, UnitFactory
from tests.readiness.conftest import SLUGS

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "src/socialu/core/static/socialu/socialu.css"


def _run(
    organisation: Organisation,
    title: str,
    people: Sequence[tuple[str, Unit | None, dict[str, int]]],
    *,
    anonymous: bool = False,
    close_at: dt.datetime | None = None,
) -> Assessment:
    """Run an assessment: each (audience, unit, answers) is one person; unanswered questions get 3."""
    assessment = services.assessment_create(organisation=organisation, title=title, anonymous=anonymous)
    made = [(PersonFactory.create(organisation=organisation, audience=a, unit=u), answers) for a, u, answers in people]
    services.respondents_add(assessment=assessment, people=[person for person, _ in made])
    services.assessment_open(assessment=assessment, send_invitations=False)
    for person, answers in made:
        respondent = Respondent.objects.get(assessment=assessment, person=person)
        for slug in SLUGS:
            services.answer_save(respondent=respondent, question=slug, value=answers.get(slug, 3))
    if close_at is not None:
        services.assessment_close(assessment=assessment)
        Assessment.objects.filter(pk=assessment.pk).update(closed_at=close_at)
        assessment.refresh_from_db()
    return assessment


def _split(sales: Unit, support: Unit) -> list[tuple[str, Unit | None, dict[str, int]]]:
    """Three leaders in Sales rate ownership 5; three managers in Support rate it 1."""
    leaders: list[tuple[str, Unit | None, dict[str, int]]] = [(Audience.LEADERSHIP, sales, {"ownership": 5})] * 3
    return leaders + [(Audience.MANAGEMENT, support, {"ownership": 1})] * 3


@pytest.fixture
def units(organisation: Organisation) -> tuple[Unit, Unit]:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    return sales, UnitFactory.create(organisation=organisation, name="Support")


def test_disagreement_is_broken_down_by_audience_and_unit(
    organisation: Organisation, admin_client: Client, units: tuple[Unit, Unit]
) -> None:
    assessment = _run(organisation, "Split", _split(*units))

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert "Leadership and management disagree on ownership: leadership mean 5.0, management 1.0." in page
    assert "Sales and Support disagree on ownership: Sales mean 5.0, Support 1.0." in page
    section = page.split('id="disagree-ownership"', 1)[1].split("</article>", 1)[0]
    assert "Audience: Leadership" in section and "Audience: Management" in section
    assert "Unit: Sales" in section and "Unit: Support" in section
    assert 'id="disagree-goals"' not in page  # everyone answered 3


def test_anonymous_breakdowns_leave_out_groups_smaller_than_three(
    organisation: Organisation, admin_client: Client, units: tuple[Unit, Unit]
) -> None:
    sales, support = units
    people = _split(sales, support) + [(Audience.PRACTITIONER, support, {"ownership": 1})] * 2
    assessment = _run(organisation, "Quiet", people, anonymous=True, close_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC))

    results = selectors.assessment_results(assessment=assessment)
    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    groups = {(g.kind, g.name) for b in results.breakdowns for g in b.groups}
    assert ("Audience", "Leadership") in groups and ("Audience", "Practitioner") not in groups
    assert "only groups of three or more respondents are compared" in page
    assert "Audience: Practitioner" not in page


def test_anonymous_results_are_withheld_below_three_respondents(
    organisation: Organisation, admin_client: Client
) -> None:
    assessment = _run(
        organisation,
        "Tiny",
        [(Audience.LEADERSHIP, None, {"goals": 5})] * 2,
        anonymous=True,
        close_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
    )

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert "Results withheld" in page
    assert "withheld to protect anonymity: only 2 people have answered" in page
    assert 'id="readiness-index"' not in page and "Training mix" not in page
    document = selectors.results_document(assessment=assessment)
    assert document["withheld"] is True and "index" not in document


def test_charts_are_inline_svg_with_a_title_description_and_data_table(
    organisation: Organisation, admin_client: Client, units: tuple[Unit, Unit]
) -> None:
    assessment = _run(organisation, "Charts", _split(*units))

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert page.count('<svg class="rd-chart rd-bars chart-fluid"') == 1
    assert 'role="img" aria-labelledby="dimension-chart-title dimension-chart-desc"' in page
    assert '<title id="dimension-chart-title">' in page and "Organisation: 50." in page
    assert page.count('class="rd-chart rd-distribution chart-fluid"') == 10
    assert "How many chose each answer for Ownership: 3 chose 1, 0 chose 2, 0 chose 3, 0 chose 4, 3 chose 5." in page
    assert "<caption>Dimension scores (0 to 100) and average answers (1 to 5)</caption>" in page
    widths = [float(w) for w in re.findall(r'class="rd-bar" x="0" y="[\d.]+" width="([\d.]+)%"', page)]
    assert len(widths) == 5 and len(set(widths)) == 1  # every dimension averages 3
    assert "<script" not in page.split("</head>", 1)[1] and 'style="' not in page
    assert "data-readiness-print" in page


def test_the_trend_line_follows_every_closed_assessment(organisation: Organisation, admin_client: Client) -> None:
    now = timezone.now()
    leader = [(Audience.LEADERSHIP, None, dict.fromkeys(SLUGS, 2))]
    _run(organisation, "Year one", leader, close_at=now - dt.timedelta(days=365))
    _run(
        organisation,
        "Year two",
        [(Audience.LEADERSHIP, None, dict.fromkeys(SLUGS, 3))],
        close_at=now - dt.timedelta(days=180),
    )
    latest = _run(organisation, "Year three", [(Audience.LEADERSHIP, None, dict.fromkeys(SLUGS, 4))])

    page = admin_client.get(f"/o/acme/readiness/{latest.pk}/results/").content.decode()
    points = selectors.trend_points(assessment=latest)

    assert [(p.title, round(p.index)) for p in points] == [("Year one", 25), ("Year two", 50), ("Year three", 75)]
    assert points[-1].current
    assert '<svg class="rd-chart rd-trend chart-fluid"' in page and page.count('class="rd-dot') == 3
    assert "Trend since Year two" in page and "Year three (this one)" in page
    document = selectors.results_document(assessment=latest)
    assert document["trend"]["index_change"] == 25.0 and len(document["trend"]["points"]) == 3


def test_the_print_stylesheet_hides_navigation_and_the_print_button() -> None:
    css = CSS.read_text(encoding="utf-8")
    readiness = css.split("/* === readiness === */", 1)[1]

    assert ".sidebar" in css.split("@media print", 1)[1].split("}", 1)[0]
    assert "@media print" in readiness and ".rd-actions" in readiness
