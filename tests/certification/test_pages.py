"""The certification pages: my certificates, the PDF, the public verification page, admin and register."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from socialu.accounts.models import User
from socialu.certification.awarding import code_display
from socialu.certification.models import Certificate, Requirement, Tier
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from tests.certification.support import complete_basics, make_certificate
from tests.factories import PersonFactory, UnitFactory, member

pytestmark = pytest.mark.django_db


def test_my_certificates_shows_what_is_left_then_the_certificate(
    ambassador: Tier, learner: Person, learner_client: Client
) -> None:
    url = f"/o/{ambassador.organisation.slug}/certificates/"
    page = learner_client.get(url).content.decode()
    assert "Ambassador" in page and "1 requirement left" in page and "still to do" in page
    assert "Still to complete:" in page and f"/o/{ambassador.organisation.slug}/curriculum/basics/" in page

    complete_basics(learner)
    from socialu.certification.services import certificates_award

    certificates_award(organisation=ambassador.organisation)
    page = learner_client.get(url).content.decode()
    certificate = Certificate.objects.get(person=learner)
    assert "Certified" in page and certificate.display_code in page
    assert f"/certificates/{certificate.pk}/pdf/" in page


def test_the_holder_downloads_a_pdf_with_name_tier_dates_code_and_link(
    organisation: Organisation, learner: Person, learner_client: Client
) -> None:
    certificate = make_certificate(organisation, person=learner)
    response = learner_client.get(f"/o/acme/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = " ".join(page.extract_text().split())
    for expected in ("Acme Ltd", "Lee Learner", "Ambassador", code_display(certificate.code), "/verify/"):
        assert expected in text
    assert certificate.issued_at.strftime("%Y") in text


def test_someone_elses_certificate_pdf_is_not_found_for_a_learner(
    organisation: Organisation, learner_client: Client, admin_client: Client
) -> None:
    certificate = make_certificate(organisation)
    assert learner_client.get(f"/o/acme/certificates/{certificate.pk}/pdf/").status_code == 404
    assert admin_client.get(f"/o/acme/certificates/{certificate.pk}/pdf/").status_code == 200


def test_the_public_page_shows_only_the_public_facts(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation, name="Pat Public", email="pat.secret@acme.example")
    certificate = make_certificate(organisation, person=person)
    client = Client()
    for code in (certificate.code, code_display(certificate.code).lower()):
        response = client.get(f"/verify/{code}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Pat Public" in page and "Ambassador" in page and "Acme Ltd" in page and "Valid" in page
        assert "pat.secret" not in page and person.employee_id not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_public_page_shows_a_revocation_date_but_not_its_reason(organisation: Organisation) -> None:
    certificate = make_certificate(organisation)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="Secret matter")
    page = Client().get(f"/verify/{certificate.code}/").content.decode()
    assert "Revoked" in page and "Secret matter" not in page


def test_an_expired_certificate_shows_expired(organisation: Organisation) -> None:
    certificate = make_certificate(organisation, issued_at=timezone.now() - timedelta(days=400))
    assert "Expired" in Client().get(f"/verify/{certificate.code}/").content.decode()


def test_an_unknown_code_gets_a_friendly_not_found(db: None) -> None:
    response = Client().get("/verify/AAAA-BBBB-CCCC/")
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()


def test_the_lookup_form_opens_the_code(db: None) -> None:
    response = Client().get("/verify/", {"code": "abcd-efgh-jkmn"})
    assert response.status_code == 302 and response["Location"] == "/verify/abcd-efgh-jkmn/"


def test_lookups_are_rate_limited_per_client(db: None, settings: object) -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="10.9.8.7")
    statuses = [client.get(f"/verify/NOPE{number}/").status_code for number in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    cache.clear()


def test_an_admin_installs_the_defaults_and_edits_a_tier(organisation: Organisation, admin_client: Client) -> None:
    assert "Install the default tiers" in admin_client.get("/o/acme/certification/").content.decode()
    admin_client.post("/o/acme/certification/install-default/")
    page = admin_client.get("/o/acme/certification/").content.decode()
    assert "Practitioner" in page and "Professional" in page
    response = admin_client.post(
        "/o/acme/certification/tiers/ambassador/",
        {"name": "Ambassador", "description": "Short track", "validity_months": "6", "reminder_days": "14"},
    )
    assert response.status_code == 302
    tier = Tier.objects.get(organisation=organisation, slug="ambassador")
    assert (tier.validity_months, tier.reminder_days, tier.is_active) == (6, 14, False)


def test_a_wrong_requirement_is_explained_and_the_typed_settings_kept(ambassador: Tier, admin_client: Client) -> None:
    response = admin_client.post(
        "/o/acme/certification/tiers/ambassador/requirements/",
        {"kind": "min_quiz_score", "parameters": "{min_percent: 150}"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "whole number from 0 to 100" in page and "{min_percent: 150}" in page
    admin_client.post(
        "/o/acme/certification/tiers/ambassador/requirements/",
        {"kind": "min_quiz_score", "parameters": "min_percent: 85"},
    )
    added = Requirement.objects.get(tier=ambassador, kind="min_quiz_score")
    assert added.parameters == {"min_percent": 85}
    admin_client.post(f"/o/acme/certification/tiers/ambassador/requirements/{added.pk}/remove/")
    assert not Requirement.objects.filter(pk=added.pk).exists()


def test_revoking_needs_a_reason_and_confirmation_then_emails(
    organisation: Organisation, admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    certificate = make_certificate(organisation)
    url = f"/o/acme/certification/certificates/{certificate.pk}/revoke/"
    response = admin_client.post(url, {"reason": "Posted confidential results"})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert "Posted confidential results" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"reason": "Posted confidential results", "confirm": "on"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_by is not None
    assert len(mail.outbox) == 1


def test_the_certificate_list_filters_by_status(organisation: Organisation, admin_client: Client) -> None:
    valid = make_certificate(organisation)
    expired = make_certificate(organisation, issued_at=timezone.now() - timedelta(days=500))
    page = admin_client.get("/o/acme/certification/certificates/", {"status": "expired"}).content.decode()
    assert expired.holder_name in page and valid.holder_name not in page


@pytest.fixture
def staff_client(organisation: Organisation) -> Client:
    client = Client()
    user: User = member(organisation, Role.CHAMPION, email="champion@acme.example")
    client.force_login(user)
    return client


def test_the_register_lists_each_persons_highest_current_tier_and_marks_expiring(
    organisation: Organisation, staff_client: Client
) -> None:
    division = UnitFactory.create(organisation=organisation, name="Sales", path="Sales")
    team = UnitFactory.create(organisation=organisation, name="North", path="Sales › North", parent=division, depth=1)
    other = UnitFactory.create(organisation=organisation, name="Legal", path="Legal")
    ambassador = Tier.objects.create(organisation=organisation, slug="ambassador", name="Ambassador", rank=1)
    practitioner = Tier.objects.create(organisation=organisation, slug="practitioner", name="Practitioner", rank=2)
    ann = PersonFactory.create(organisation=organisation, name="Ann North", unit=team)
    bob = PersonFactory.create(organisation=organisation, name="Bob Legal", unit=other, audience="observer")
    cat = PersonFactory.create(organisation=organisation, name="Cat Revoked", unit=team)
    make_certificate(organisation, person=ann, tier=ambassador)
    make_certificate(organisation, person=ann, tier=practitioner)
    make_certificate(organisation, person=bob, tier=ambassador, issued_at=timezone.now() - timedelta(days=350))
    revoked = make_certificate(organisation, person=cat, tier=ambassador)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())

    page = staff_client.get("/o/acme/register/").content.decode()
    assert "Ann North" in page and "Bob Legal" in page and "Cat Revoked" not in page
    assert page.count("Expires soon") == 1
    assert page.index("Practitioner", page.index("Ann North")) < page.index("Bob Legal")

    by_unit = staff_client.get("/o/acme/register/", {"unit": division.pk}).content.decode()
    assert "Ann North" in by_unit and "Bob Legal" not in by_unit
    by_audience = staff_client.get("/o/acme/register/", {"audience": "observer"}).content.decode()
    assert "Bob Legal" in by_audience and "Ann North" not in by_audience

    response = staff_client.get("/o/acme/register.csv", {"unit": division.pk})
    csv_text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Name,Email,Unit,Audience,Tier,Valid until")
    assert len(lines) == 2 and "Ann North" in lines[1] and "Practitioner" in lines[1] and lines[1].count(",no,") == 1


def test_the_register_csv_neutralises_formulas(organisation: Organisation, staff_client: Client) -> None:
    make_certificate(organisation, person=PersonFactory.create(organisation=organisation, name="=HYPERLINK(1)"))
    response = staff_client.get("/o/acme/register.csv")
    csv_text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=HYPERLINK(1)" in csv_text


def test_the_register_is_empty_helpfully(organisation: Organisation, staff_client: Client) -> None:
    assert "Nobody is certified yet" in staff_client.get("/o/acme/register/").content.decode()


def test_a_holder_in_the_renewal_window_recertifies_and_goes_to_the_quiz(
    ambassador: Tier, learner: Person, learner_client: Client
) -> None:
    make_certificate(
        ambassador.organisation, person=learner, tier=ambassador, issued_at=timezone.now() - timedelta(days=350)
    )
    page = learner_client.get("/o/acme/certificates/").content.decode()
    assert "Recertify" in page and "Renew it by passing the quiz again" in page
    response = learner_client.post("/o/acme/certificates/tiers/ambassador/recertify/")
    assert response.status_code == 302 and response["Location"] == "/o/acme/learning/basics/quiz/"


def test_recertifying_before_the_window_explains_when(
    ambassador: Tier, learner: Person, learner_client: Client
) -> None:
    make_certificate(ambassador.organisation, person=learner, tier=ambassador)
    assert "Recertify" not in learner_client.get("/o/acme/certificates/").content.decode()
    response = learner_client.post("/o/acme/certificates/tiers/ambassador/recertify/", follow=True)
    assert "not due for renewal yet" in response.content.decode()


def test_the_requirements_editor_offers_each_kinds_example(ambassador: Tier, admin_client: Client) -> None:
    page = admin_client.get("/o/acme/certification/tiers/ambassador/").content.decode()
    assert 'data-cert-example-for="min_quiz_score"' in page
    assert "{min_percent: 80, courses: [policy-essentials]}" in page
    assert "Courses passed" in page and "Remove" in page


def test_a_renewed_holder_appears_once_with_the_later_expiry(organisation: Organisation, staff_client: Client) -> None:
    person = PersonFactory.create(organisation=organisation, name="Rene Wed")
    make_certificate(organisation, person=person, issued_at=timezone.now() - timedelta(days=350))
    renewed = make_certificate(organisation, person=person)
    page = staff_client.get("/o/acme/register/").content.decode()
    assert page.count("Rene Wed") == 1 and "Expires soon" not in page
    assert renewed.expires_at.strftime("%Y") in page
