"""The demo has two closed readiness assessments six months apart; the latest shows a dozen people disagreeing."""

from __future__ import annotations

import pytest
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.demo import seed_readiness
from socialu.readiness import selectors
from socialu.readiness.models import Answer, AnswerHistory, Assessment
from tests.demo.test_demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_a_trend_and_a_dozen_respondents_who_disagree(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")

    spring = Assessment.objects.get(organisation=demo, title=seed_readiness.DEMO_EARLIER_TITLE)
    autumn = selectors.latest_with_results(organisation=demo)
    assert autumn is not None and autumn.title == seed_readiness.DEMO_ASSESSMENT_TITLE
    assert spring.status == autumn.status == "closed"
    assert spring.closed_at is not None and autumn.closed_at is not None
    assert 170 <= (autumn.closed_at - spring.closed_at).days <= 190

    results = selectors.assessment_results(assessment=autumn)
    assert results.score.respondents == 12
    kinds = {(d.question, d.kind) for d in results.score.disagreements}
    assert {("ownership", "audience"), ("policy", "audience")} <= kinds
    assert results.previous == spring and results.trend is not None and results.trend.index_change > 0
    assert [point.title for point in results.trend_points] == [spring.title, autumn.title]
    assert "recommended" in {item.status for item in results.recommendations.training_mix}
    assert any("former manager" in note for _, _, note in results.notes)

    admin = Client()
    admin.force_login(User.objects.get(email="admin@demo.example"))
    page = admin.get(f"/o/demo/readiness/{autumn.pk}/results/").content.decode()
    assert "disagree on ownership" in page and '<svg class="rd-chart rd-trend chart-fluid"' in page

    counts = (Assessment.objects.count(), Answer.objects.count(), AnswerHistory.objects.count())
    seed_readiness.seed(demo)
    assert (Assessment.objects.count(), Answer.objects.count(), AnswerHistory.objects.count()) == counts
