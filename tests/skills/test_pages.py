"""The skills and champions pages, through the web client."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.skills.models import ChampionTerm, Nomination, Skill
from tests.factories import PersonFactory, UnitFactory
from tests.skills.helpers import completed, course, quiz_passed, taxonomy
from tests.skills.makers import term_id


def _expert(organisation: Organisation, name: str) -> None:
    person = PersonFactory.create(organisation=organisation, name=name)
    completed(person, course(organisation, f"video-{person.pk}", "engagement-craft"))
    quiz_passed(person, course(organisation, f"video-more-{person.pk}", "engagement-craft"), score=90)


def test_find_by_free_text_lists_the_expert_with_their_evidence(
    organisation: Organisation, learner_client: Client
) -> None:
    taxonomy(organisation)
    _expert(organisation, "Vera Video")
    page = learner_client.get(reverse("skills_find", args=[organisation.slug]), {"q": "video"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Vera Video" in text
    assert "Passed the quiz of" in text
    assert "Completed the course" in text


def test_an_unknown_word_says_no_skill_matches(organisation: Organisation, learner_client: Client) -> None:
    taxonomy(organisation)
    page = learner_client.get(reverse("skills_find", args=[organisation.slug]), {"q": "knitting"})
    assert "No skill in the taxonomy matches" in page.content.decode()


def test_an_admin_adds_and_edits_a_skill_in_the_browser(organisation: Organisation, admin_client: Client) -> None:
    url = reverse("skills_taxonomy", args=[organisation.slug])
    added = admin_client.post(
        url,
        {
            "slug": "podcasts",
            "name": "Podcasts",
            "kind": "practice",
            "competencies": "engagement-craft",
            "is_active": "on",
        },
    )
    assert added.status_code == 302
    edit = reverse("skills_skill_edit", args=[organisation.slug, "podcasts"])
    admin_client.post(edit, {"name": "Podcasting", "kind": "practice", "competencies": "engagement-craft, measurement"})
    skill = Skill.objects.get(organisation=organisation, slug="podcasts")
    assert skill.name == "Podcasting"
    assert skill.competencies == ["engagement-craft", "measurement"]
    assert skill.is_active is False  # the box was left unticked
    refused = admin_client.post(url, {"slug": "Bad Slug", "name": "x", "kind": "practice"})
    assert refused.status_code == 422


def test_the_standing_exports_parse_as_csv_and_xlsx(organisation: Organisation, admin_client: Client) -> None:
    taxonomy(organisation)
    _expert(organisation, "=Formula Fay")
    csv_text = admin_client.get(reverse("skills_standing_csv", args=[organisation.slug, "video"])).content.decode()
    assert "'=Formula Fay" in csv_text
    response = admin_client.get(reverse("skills_standing_xlsx", args=[organisation.slug, "video"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Name"
    assert rows[1][2] == "'=Formula Fay"


def test_nominate_yourself_then_an_admin_approves(
    organisation: Organisation, learner_user: User, learner_client: Client, admin_client: Client
) -> None:
    me = PersonFactory.create(organisation=organisation, user=learner_user, name="Nina Nominee")
    response = learner_client.post(
        reverse("champions_nominate", args=[organisation.slug]),
        {"person": "", "role": "champion", "reason": "I run the weekly social clinic in Leeds."},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(organisation=organisation, person=me)
    page = admin_client.get(reverse("champions", args=[organisation.slug])).content.decode()
    assert "Nina Nominee" in page and "weekly social clinic" in page
    admin_client.post(
        reverse("champions_nomination_decide", args=[organisation.slug, nomination.pk]), {"decision": "approve"}
    )
    assert ChampionTerm.objects.filter(organisation=organisation, person=me).exists()
    space = learner_client.get(reverse("champions_space", args=[organisation.slug]))
    assert space.status_code == 200  # the champion role came with the term


def test_the_recognition_table_can_be_turned_off(
    organisation: Organisation, admin_user: User, admin_client: Client, learner_client: Client
) -> None:
    term_id(organisation, admin_user)
    before = learner_client.get(reverse("champions", args=[organisation.slug])).content.decode()
    assert "<h2>Recognition</h2>" in before
    admin_client.post(reverse("champions_settings", args=[organisation.slug]), {"term_months": "12"})
    page = learner_client.get(reverse("champions", args=[organisation.slug])).content.decode()
    assert "<h2>Recognition</h2>" not in page


def test_the_admin_home_shows_waiting_nominations_and_gaps(
    organisation: Organisation, learner_user: User, admin_client: Client, learner_client: Client
) -> None:
    legal = UnitFactory.create(organisation=organisation, name="Legal")
    PersonFactory.create(organisation=organisation, unit=legal)
    me = PersonFactory.create(organisation=organisation, user=learner_user)
    learner_client.post(
        reverse("champions_nominate", args=[organisation.slug]),
        {"person": "", "role": "champion", "reason": "I run the weekly social clinic in Leeds."},
    )
    assert Nomination.objects.filter(person=me).exists()
    home = admin_client.get(reverse("org_home", args=[organisation.slug])).content.decode()
    assert "A nomination waits for your decision" in home
    assert "No champion yet in: Legal" in home
    assert "Champions network" not in learner_client.get(reverse("org_home", args=[organisation.slug])).content.decode()
