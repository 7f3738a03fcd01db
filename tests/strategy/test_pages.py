"""The strategy pages: list, generate, document, section editor, measures, assumptions, history, exports."""

from __future__ import annotations

import io

import docx
import pypdf
from django.test import Client

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.readiness import services as readiness_services
from socialu.readiness.models import Assessment
from socialu.strategy.models import StrategyDocument, StrategyVersion
from tests.factories import member


def _url(organisation: Organisation, tail: str = "") -> str:
    return f"/o/{organisation.slug}/strategy/{tail}"


def test_the_list_invites_an_admin_to_generate_the_first_strategy(
    organisation: Organisation, admin_client: Client
) -> None:
    response = admin_client.get(_url(organisation))
    assert response.status_code == 200
    assert "No strategy yet" in response.text
    assert f"/o/{organisation.slug}/strategy/generate/" in response.text


def test_an_executive_sees_the_empty_state_without_a_generate_button(
    organisation: Organisation, executive_client: Client
) -> None:
    response = executive_client.get(_url(organisation))
    assert "Your programme admin has not written the strategy yet" in response.text
    assert "/strategy/generate/" not in response.text


def test_generating_from_the_form_opens_the_new_document(
    organisation: Organisation, admin_client: Client, curriculum: None, assessment: Assessment
) -> None:
    form = admin_client.get(_url(organisation, "generate/"))
    assert f'<option value="{assessment.pk}" selected>' in form.text  # the latest closed assessment is chosen

    response = admin_client.post(
        _url(organisation, "generate/"),
        {"assessment": str(assessment.pk), "title": "", "cost_per_hour": "35", "currency": "EUR"},
        follow=True,
    )

    document = StrategyDocument.objects.get(organisation=organisation)
    assert response.redirect_chain[-1][0] == _url(organisation, f"{document.pk}/")
    assert "The strategy is drafted" in response.text
    assert "1. Goals" in response.text and "6. Measurement and continuous improvement" in response.text
    assert "Resourcing estimate" in response.text
    assert document.cost_per_hour == 35


def test_a_generate_form_with_a_bad_currency_keeps_what_was_typed(
    organisation: Organisation, admin_client: Client
) -> None:
    response = admin_client.post(
        _url(organisation, "generate/"),
        {"assessment": "", "title": "Board strategy", "cost_per_hour": "35", "currency": "E1"},
    )
    assert response.status_code == 200
    assert "The strategy could not be generated" in response.text
    assert 'value="Board strategy"' in response.text
    assert not StrategyDocument.objects.exists()


def test_the_document_page_shows_sections_tables_versions_and_downloads(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    response = admin_client.get(_url(organisation, f"{document.pk}/"))
    assert response.status_code == 200
    html = response.text
    assert "<strong>" in html  # the Markdown is rendered
    assert "Share of active people certified" in html
    assert "EUR" in html and "Total" in html
    assert f"/strategy/{document.pk}/sections/goals/" in html
    for extension in ("pdf", "docx", "md"):
        assert f"/strategy/{document.pk}/export.{extension}?version=1" in html


def test_an_executive_reads_the_document_but_cannot_edit_it(
    organisation: Organisation, executive_client: Client, document: StrategyDocument
) -> None:
    page = executive_client.get(_url(organisation, f"{document.pk}/"))
    assert page.status_code == 200
    assert "/sections/goals/" not in page.text
    assert executive_client.get(_url(organisation, f"{document.pk}/sections/goals/")).status_code == 403
    assert executive_client.post(_url(organisation, f"{document.pk}/preview/"), {"body": "x"}).status_code == 403


def test_editing_a_section_saves_a_version_and_returns_to_it(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    edit = admin_client.get(_url(organisation, f"{document.pk}/sections/goals/"))
    assert "hx-post" in edit.text and "Train and certify 10%" in edit.text

    response = admin_client.post(
        _url(organisation, f"{document.pk}/sections/goals/"),
        {"body": "## Our goal\n\nEvery leader posts **once a month**.", "note": "Board feedback"},
    )

    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/#section-goals")
    latest = StrategyVersion.objects.filter(document=document).first()
    assert latest is not None and latest.number == 2 and latest.note == "Board feedback"
    page = admin_client.get(_url(organisation, f"{document.pk}/"))
    assert "<strong>once a month</strong>" in page.text


def test_an_empty_section_is_refused_next_to_the_field_and_the_note_is_kept(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    response = admin_client.post(
        _url(organisation, f"{document.pk}/sections/goals/"), {"body": "   ", "note": "My note"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert 'id="id_body_error"' in response.text
    assert 'value="My note"' in response.text
    assert StrategyVersion.objects.filter(document=document).count() == 1


def test_the_preview_renders_safe_markdown(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    response = admin_client.post(
        _url(organisation, f"{document.pk}/preview/"), {"body": "**Bold** <script>alert(1)</script>"}
    )
    assert "<strong>Bold</strong>" in response.text
    assert "<script>" not in response.text


def test_the_measures_editor_saves_rows(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    page = admin_client.get(_url(organisation, f"{document.pk}/measures/"))
    assert 'value="Readiness index"' in page.text
    data = {"kpi-TOTAL_FORMS": "2", "kpi-INITIAL_FORMS": "0", "kpi-MIN_NUM_FORMS": "0", "kpi-MAX_NUM_FORMS": "20"}
    data |= {"kpi-0-name": "Reply time", "kpi-0-baseline": "9 h", "kpi-0-target": "2 h", "kpi-0-cadence": "Monthly"}

    response = admin_client.post(_url(organisation, f"{document.pk}/measures/"), data)

    assert response.status_code == 302
    latest = StrategyVersion.objects.filter(document=document).first()
    assert latest is not None and latest.kpis == [
        {"name": "Reply time", "baseline": "9 h", "target": "2 h", "cadence": "Monthly"}
    ]


def test_the_assumptions_form_recomputes_the_table(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    response = admin_client.post(
        _url(organisation, f"{document.pk}/assumptions/"),
        {
            "cost_per_hour": "100",
            "currency": "USD",
            "target_percent": "50",
            "group_size": "8",
            "session_hours": "2.5",
            "coaching_hours_per_leader": "5",
        },
        follow=True,
    )
    assert "The estimate is recomputed and saved as version 2" in response.text
    assert "USD 100.00 per hour" in response.text


def test_the_history_compares_two_versions(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    lonely = admin_client.get(_url(organisation, f"{document.pk}/history/"))
    assert "There is only one version so far" in lonely.text
    admin_client.post(_url(organisation, f"{document.pk}/sections/roles/"), {"body": "Alex owns every account."})

    response = admin_client.get(_url(organisation, f"{document.pk}/history/?from=1&to=2"))

    assert "Changes from version 1 to version 2" in response.text
    assert '<ins><span class="visually-hidden">Added: </span>Alex owns every account.</ins>' in response.text
    assert "<del>" in response.text


def test_an_earlier_version_can_be_opened_and_exported(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    admin_client.post(_url(organisation, f"{document.pk}/sections/goals/"), {"body": "Version two goals."})
    old = admin_client.get(_url(organisation, f"{document.pk}/?version=1"))
    assert "This is an earlier version" in old.text
    assert "Version two goals." not in old.text

    markdown = admin_client.get(_url(organisation, f"{document.pk}/export.md?version=1"))
    assert "Version two goals." not in markdown.content.decode()
    assert 'filename="social-media-strategy-from-spring-readiness-check-v1.md"' in markdown["Content-Disposition"]


def test_the_downloads_are_a_real_pdf_and_docx(
    organisation: Organisation, executive_client: Client, document: StrategyDocument
) -> None:
    pdf = executive_client.get(_url(organisation, f"{document.pk}/export.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert "1. Goals" in " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    word = executive_client.get(_url(organisation, f"{document.pk}/export.docx"))
    assert docx.Document(io.BytesIO(word.content)).paragraphs[0].text == document.title


def test_another_organisations_document_is_not_found(
    other_organisation: Organisation, document: StrategyDocument
) -> None:
    client = Client()
    client.force_login(member(other_organisation, Role.PROGRAMME_ADMIN, email="admin@globex.example"))
    assert client.get(f"/o/{other_organisation.slug}/strategy/{document.pk}/").status_code == 404
    assert client.get(f"/o/{other_organisation.slug}/strategy/{document.pk}/export.pdf").status_code == 404


def test_the_list_offers_to_generate_from_the_latest_assessment(
    organisation: Organisation, admin_client: Client, document: StrategyDocument, assessment: Assessment
) -> None:
    response = admin_client.get(_url(organisation))
    assert f"?assessment={assessment.pk}" in response.text
    assert "Generate from “Spring readiness check”" in response.text
    assert document.title in response.text


def test_the_document_page_draws_the_hours_as_an_accessible_chart(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    html = admin_client.get(_url(organisation, f"{document.pk}/")).text
    assert '<svg width="100%"' in html and "viewBox" not in html  # no viewBox: the text keeps its size on a phone
    assert '<title id="hours-chart-title">Hours by audience</title>' in html
    assert "Leadership: " in html and "learner hours and" in html


def test_a_draft_assessment_is_not_offered_to_generate_from(
    organisation: Organisation, admin_client: Client, assessment: Assessment
) -> None:
    draft = readiness_services.assessment_create(organisation=organisation, title="Not started yet")
    form = admin_client.get(_url(organisation, "generate/")).text
    assert f'value="{assessment.pk}"' in form
    assert f'value="{draft.pk}"' not in form


def test_a_stale_section_edit_keeps_the_text_and_explains(
    organisation: Organisation, admin_client: Client, document: StrategyDocument
) -> None:
    url = _url(organisation, f"{document.pk}/sections/goals/")
    assert 'name="base_version" value="1"' in admin_client.get(url).text
    admin_client.post(url, {"body": "First edit.", "base_version": "1"})

    response = admin_client.post(url, {"body": "My late edit.", "base_version": "1"})

    assert response.status_code == 200
    assert "saved a newer text of this section (version 2)" in response.text
    assert "My late edit." in response.text


def test_the_generate_page_warns_when_there_is_no_curriculum(organisation: Organisation, admin_client: Client) -> None:
    assert "There is no curriculum yet" in admin_client.get(_url(organisation, "generate/")).text


def test_the_readiness_results_offer_to_draft_a_strategy_from_them(
    organisation: Organisation, admin_client: Client, executive_client: Client, assessment: Assessment
) -> None:
    link = f"/o/{organisation.slug}/strategy/generate/?assessment={assessment.pk}"
    results = f"/o/{organisation.slug}/readiness/{assessment.pk}/results/"

    assert link in admin_client.get(results).text
    # Executive viewers read the results but do not write the strategy.
    assert link not in executive_client.get(results).text
    assert f'<option value="{assessment.pk}" selected>' in admin_client.get(link).text
