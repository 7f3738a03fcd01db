"""The practice pages: scenarios, the composer, submitting, reviewing, results and managing scenarios."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.practice.models import Attempt, AttemptStatus, Scenario
from socialu.practice.scenario_files import load_scenario_folder, shipped_folder
from tests.practice.helpers import FALCON, GOOD_SCORES, RESTOCK, install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db


def url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def restock(organisation: Organisation) -> Scenario:
    return install(organisation)[0]


@pytest.fixture
def lee(organisation: Organisation) -> tuple[User, Person]:
    return learner_person(organisation, "lee@acme.example")


@pytest.fixture
def mentor(organisation: Organisation) -> User:
    return learner_person(organisation, "mentor@acme.example", Role.MENTOR)[0]


# The scenario list -----------------------------------------------------------------------------


def test_an_admin_sees_an_install_button_when_there_are_no_scenarios(
    organisation: Organisation, admin_client: Client
) -> None:
    page = admin_client.get(url("practice_scenarios", organisation)).content.decode()
    assert "No practice scenarios yet" in page and "Install the shipped scenarios" in page

    response = admin_client.post(url("practice_install_shipped", organisation), follow=True)

    shipped = len(load_scenario_folder(shipped_folder()))
    assert f"{shipped} new" in response.content.decode()
    assert Scenario.objects.filter(organisation=organisation).count() == shipped


def test_a_learner_without_scenarios_is_told_to_ask(organisation: Organisation, learner_client: Client) -> None:
    page = learner_client.get(url("practice_scenarios", organisation)).content.decode()
    assert "has not installed any scenarios" in page and "Install the shipped" not in page


def test_the_list_filters_by_platform_difficulty_situation_and_audience(
    organisation: Organisation, learner_client: Client
) -> None:
    install(organisation, RESTOCK, FALCON, "checkout-outage-holding-post", "exec-first-post-x")
    base = url("practice_scenarios", organisation)

    def titles(query: str) -> set[str]:
        page = learner_client.get(base + query).content.decode()
        return set(re.findall(r'<h2><a href="[^"]+/practice/scenarios/([\w-]+)/">', page))

    assert titles("") == {RESTOCK, FALCON, "checkout-outage-holding-post", "exec-first-post-x"}
    assert titles("?platform=x") == {FALCON, "exec-first-post-x"}
    assert titles("?platform=x&difficulty=advanced") == {FALCON}
    assert titles("?situation_type=outage") == {"checkout-outage-holding-post"}
    assert titles("?audience=leadership") == {"exec-first-post-x"}
    assert "No scenario matches" in learner_client.get(base + "?platform=youtube").content.decode()


def test_the_list_offers_the_learners_own_audience(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    lee[1].audience = "leadership"
    lee[1].save()
    page = client_for(lee[0]).get(url("practice_scenarios", organisation)).content.decode()
    assert "?audience=leadership" in page and "for my audience (Leadership)" in page


# The scenario page and the composer ------------------------------------------------------------


def test_the_scenario_page_shows_the_brief_the_post_and_the_composer_but_not_the_model_answer(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    page = client_for(lee[0]).get(url("practice_scenario", organisation, scenario_slug=RESTOCK)).content.decode()
    assert "You look after comments" in page
    assert "@ellie.outdoors" in page and 'class="platform-post platform-instagram"' in page
    assert "data-practice-composer" in page and 'name="text"' in page
    assert "Rubric" in page and "She knows it&#x27;s coming but undated" in page
    assert restock.model_answer.splitlines()[0][:40] not in page


def test_the_findings_mark_a_scenario_trap_as_you_type(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    response = client_for(lee[0]).post(
        url("practice_findings", organisation, scenario_slug=RESTOCK),
        {"platform": "instagram", "account_kind": "official", "text": "Back by the end of the month!"},
    )
    page = response.content.decode()
    assert '<mark class="finding-warn" title="scenario-trap">end of the month</mark>' in page
    assert "is a trap in this scenario" in page


def test_the_findings_refuse_to_check_a_huge_paste_with_a_clear_message(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    response = client_for(lee[0]).post(
        url("practice_findings", organisation, scenario_slug=RESTOCK), {"text": "a" * 25_000}
    )
    assert "25,000 characters long; a practice answer can be at most 20,000" in response.content.decode()


def test_autosave_saves_the_draft_and_mentions_removed_control_characters(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    response = client_for(lee[0]).post(
        url("practice_autosave", organisation, scenario_slug=RESTOCK), {"text": "Hello\x00 there\x08"}
    )
    page = response.content.decode()
    assert "Draft saved" in page and "removed 2 invisible control characters" in page
    assert Attempt.objects.get(person=lee[1]).text == "Hello there"


def test_a_saved_draft_is_shown_again_in_the_composer(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    client = client_for(lee[0])
    client.post(url("practice_scenario", organisation, scenario_slug=RESTOCK), {"action": "save", "text": "Hi Ellie"})
    page = client.get(url("practice_scenario", organisation, scenario_slug=RESTOCK)).content.decode()
    assert "Hi Ellie</textarea>" in page


def test_an_empty_submit_shows_an_error_and_keeps_the_page(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    response = client_for(lee[0]).post(
        url("practice_scenario", organisation, scenario_slug=RESTOCK), {"action": "submit", "text": "   "}
    )
    assert response.status_code == 400
    assert "Your draft is empty" in response.content.decode()
    assert not Attempt.objects.exclude(status=AttemptStatus.DRAFT).exists()


def test_a_100_kb_paste_is_kept_word_for_word_when_the_submit_fails(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    paste = "Ellie, we hear you. " * 5_120 + "مرحبا"  # over 100 KB, ending in right-to-left text
    response = client_for(lee[0]).post(
        url("practice_scenario", organisation, scenario_slug=RESTOCK), {"action": "submit", "text": paste}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "a practice answer can be at most 20,000" in page and "It is saved as it is" in page
    assert paste in page  # the composer still holds every character
    assert Attempt.objects.get(person=lee[1]).text == paste


def test_submitting_reveals_the_model_answer_and_queues_the_answer(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    client = client_for(lee[0])
    response = client.post(
        url("practice_scenario", organisation, scenario_slug=RESTOCK),
        {"action": "submit", "text": "No date yet \u2014 tap Notify me!"},
        follow=True,
    )
    page = response.content.decode()
    attempt = Attempt.objects.get(person=lee[1])
    assert response.redirect_chain[-1][0] == url("practice_attempt", organisation, attempt_id=attempt.pk)
    assert "Model answer" in page and "we&#x27;d rather not guess" in page
    assert "Waiting for a mentor or a colleague" in page
    assert 'class="marked-draft answer-text" dir="auto"' in page


def test_right_to_left_answers_are_shown_with_automatic_direction(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    attempt = submitted(organisation, lee[1], restock, text="שלום אלי, עוד לא ידוע לנו תאריך.")
    page = client_for(mentor).get(url("practice_review", organisation, attempt_id=attempt.pk)).content.decode()
    assert '<div class="marked-draft answer-text" dir="auto">שלום אלי' in page


def test_someone_not_in_the_roster_can_read_but_not_practise(
    organisation: Organisation, restock: Scenario, learner_client: Client
) -> None:
    page = learner_client.get(url("practice_scenario", organisation, scenario_slug=RESTOCK)).content.decode()
    assert "not linked to a person" in page and 'name="text"' not in page


def test_a_retired_scenario_is_hidden_from_learners(
    organisation: Organisation, restock: Scenario, admin_client: Client, learner_client: Client
) -> None:
    admin_client.post(url("practice_scenario_status", organisation, scenario_slug=RESTOCK), {"status": "retired"})
    assert RESTOCK not in learner_client.get(url("practice_scenarios", organisation)).content.decode()
    assert learner_client.get(url("practice_scenario", organisation, scenario_slug=RESTOCK)).status_code == 404
    assert "Make active" in admin_client.get(url("practice_manage", organisation)).content.decode()


# Reviewing ---------------------------------------------------------------------------------------


def test_the_queue_lists_others_answers_oldest_first_and_never_your_own(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    _, ann = learner_person(organisation, "ann@acme.example")
    older = submitted(organisation, ann, restock)
    newer = submitted(organisation, lee[1], restock)
    done = submitted(organisation, learner_person(organisation, "bo@acme.example")[1], restock)
    reviewed(done, mentor)

    mentor_page = client_for(mentor).get(url("practice_review_queue", organisation)).content.decode()
    lee_page = client_for(lee[0]).get(url("practice_review_queue", organisation)).content.decode()

    older_link = url("practice_review", organisation, attempt_id=older.pk)
    newer_link = url("practice_review", organisation, attempt_id=newer.pk)
    assert mentor_page.index(older_link) < mentor_page.index(newer_link)
    assert url("practice_review", organisation, attempt_id=done.pk) not in mentor_page
    assert newer_link not in lee_page and older_link in lee_page
    assert (
        "Nothing to review"
        in client_for(mentor).get(url("practice_review_queue", organisation) + "?platform=youtube").content.decode()
    )


def test_the_review_form_shows_the_rubric_descriptors_beside_each_criterion(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    attempt = submitted(organisation, lee[1], restock)
    page = client_for(mentor).get(url("practice_review", organisation, attempt_id=attempt.pk)).content.decode()
    assert page.count('<fieldset class="criterion"') == 5
    assert "Warm and a little playful, like her comment." in page
    assert "Flat corporate language, or over-the-top emoji." in page


def test_an_incomplete_review_keeps_what_the_reviewer_typed(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    attempt = submitted(organisation, lee[1], restock)
    response = client_for(mentor).post(
        url("practice_review", organisation, attempt_id=attempt.pk),
        {"clarity": "4", "comment_tone": "A bit stiff", "overall_comment": "Nearly there"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give tone a score from 1 to 5." in page
    assert "A bit stiff</textarea>" in page and "Nearly there</textarea>" in page
    assert re.search(r'value="4"[^>]*checked', page)
    assert not attempt.reviews.exists()


def test_a_review_saves_emails_and_shows_the_learner_scores_and_comments(
    organisation: Organisation,
    restock: Scenario,
    lee: tuple[User, Person],
    mentor: User,
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    attempt = submitted(organisation, lee[1], restock)
    form = {name: str(score) for name, score in GOOD_SCORES.items()} | {
        "helpfulness": "5",
        "comment_helpfulness": "Great use of Notify me",
        "overall_comment": "Honest and warm.",
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_for(mentor).post(url("practice_review", organisation, attempt_id=attempt.pk), form)

    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [lee[1].email]
    page = client_for(lee[0]).get(url("practice_attempt", organisation, attempt_id=attempt.pk)).content.decode()
    assert "Mean 4.2 out of 5" in page and "Passed" in page
    assert "Great use of Notify me" in page and "Honest and warm." in page


def test_your_own_answer_has_no_review_form(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person]
) -> None:
    attempt = submitted(organisation, lee[1], restock)
    client = client_for(lee[0])
    page = client.get(url("practice_review", organisation, attempt_id=attempt.pk)).content.decode()
    assert "nobody reviews their own" in page and "<fieldset" not in page
    client.post(url("practice_review", organisation, attempt_id=attempt.pk), {**GOOD_SCORES, "overall_comment": "Me!"})
    assert not attempt.reviews.exists()


def test_a_draft_is_private_to_its_author(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    client = client_for(lee[0])
    client.post(url("practice_scenario", organisation, scenario_slug=RESTOCK), {"action": "save", "text": "secret"})
    attempt = Attempt.objects.get(person=lee[1])
    assert client_for(mentor).get(url("practice_attempt", organisation, attempt_id=attempt.pk)).status_code == 404
    assert client_for(mentor).get(url("practice_review", organisation, attempt_id=attempt.pk)).status_code == 404


# My practice -------------------------------------------------------------------------------------


def test_my_practice_charts_the_mean_score_across_attempts_with_a_table(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    for score in (2, 3, 4):
        attempt = submitted(organisation, lee[1], restock)
        reviewed(attempt, mentor, dict.fromkeys(GOOD_SCORES, score))

    page = client_for(lee[0]).get(url("practice_mine", organisation)).content.decode()

    assert page.count('<svg width="100%" height="240" role="img"') == 2  # overall and this scenario
    assert '<title id="chart-all-title">' in page
    assert page.count('class="chart-dot"') == 6
    assert "from 2.0 to 4.0 out of 5" in page
    assert "<td>2.0</td>" in page and "<td>4.0</td>" in page


def test_my_practice_with_nothing_yet_points_to_the_scenarios(
    organisation: Organisation, lee: tuple[User, Person]
) -> None:
    page = client_for(lee[0]).get(url("practice_mine", organisation)).content.decode()
    assert "No practice yet" in page


def test_the_sidebar_links_to_practice_pages_by_capability(
    organisation: Organisation, learner_client: Client, admin_client: Client
) -> None:
    learner_page = learner_client.get(url("practice_scenarios", organisation)).content.decode()
    admin_page = admin_client.get(url("practice_scenarios", organisation)).content.decode()
    assert ">Review practice</a>" in learner_page and ">Practice scenarios</a>" not in learner_page
    assert ">Practice scenarios</a>" in admin_page
    assert 'aria-current="page">Practice</a>' in learner_page


# Managing scenarios ------------------------------------------------------------------------------


def test_an_admin_edits_a_scenario_as_yaml(organisation: Organisation, restock: Scenario, admin_client: Client) -> None:
    edit = url("practice_scenario_edit", organisation, scenario_slug=RESTOCK)
    yaml_text = admin_client.get(edit).content.decode()
    assert "slug: restock-date-question" in yaml_text and "rubric:\n  clarity:" in yaml_text
    source = restock_yaml().replace("difficulty: introductory", "difficulty: intermediate")

    response = admin_client.post(edit, {"yaml": source})

    restock.refresh_from_db()
    assert response.status_code == 302 and restock.difficulty == "intermediate"


def test_a_bad_edit_names_the_line_and_field_and_keeps_the_text(
    organisation: Organisation, restock: Scenario, admin_client: Client
) -> None:
    source = restock_yaml().replace("platform: instagram", "platform: myspace")
    response = admin_client.post(url("practice_scenario_edit", organisation, scenario_slug=RESTOCK), {"yaml": source})
    page = response.content.decode()
    assert response.status_code == 400
    assert "restock-date-question.yaml:3: platform: &#x27;myspace&#x27; is not one of" in page
    assert "platform: myspace" in page
    restock.refresh_from_db()
    assert restock.platform == "instagram"


def test_the_list_shows_where_the_learner_stands_on_each_scenario(
    organisation: Organisation, restock: Scenario, lee: tuple[User, Person], mentor: User
) -> None:
    reviewed(submitted(organisation, lee[1], restock), mentor)
    page = client_for(lee[0]).get(url("practice_scenarios", organisation)).content.decode()
    assert "Reviewed: 4.0, passed" in page


def restock_yaml() -> str:
    return (shipped_folder() / f"{RESTOCK}.yaml").read_text(encoding="utf-8")
