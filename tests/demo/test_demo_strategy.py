"""The demo includes a strategy document generated from its closed assessment, with an edited second version."""

from __future__ import annotations

import pytest

from socialu.core.models import Organisation
from socialu.demo import seed_strategy
from socialu.readiness.selectors import latest_with_results
from socialu.strategy import exports, selectors
from socialu.strategy.models import StrategyDocument, StrategyVersion
from tests.demo.test_demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_a_generated_strategy_with_history(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    document = StrategyDocument.objects.get(organisation=demo, title=seed_strategy.DEMO_STRATEGY_TITLE)
    assert document.assessment is not None and document.assessment.status == "closed"
    assert document.assessment == latest_with_results(organisation=demo)
    versions = list(StrategyVersion.objects.filter(document=document))
    assert [v.number for v in versions] == [2, 1]
    view = selectors.document_view(document=document)
    assert view is not None
    assert "flagship shops" in view.sections[0]["body_markdown"]
    assert view.estimate.headcount > 300 and view.estimate.cost > 0
    assert "## 2. Business case and resourcing" in exports.export_markdown(view)

    seed(monkeypatch)
    assert StrategyDocument.objects.filter(organisation=demo).count() == 1
    assert StrategyVersion.objects.filter(document=document).count() == 2
