"""Posting, the pre-flight check, images, votes, answers, the gallery and evidence."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from socialu.community import selectors, services
from socialu.community.images import MAX_IMAGE_BYTES, ImageUpload
from socialu.community.models import Notification, NotificationKind, Post, PostImage, PostKind, PostStatus, PostTag
from socialu.community.services import CommunityError, PostContent
from socialu.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.policycheck import Verdict
from tests.community.conftest import person_with, png_bytes

pytestmark = pytest.mark.django_db


def tip(
    organisation: Organisation, author: Person, body: str = "Schedule posts for Tuesday mornings.", **extra: object
) -> services.PostOutcome:
    content = PostContent(title=str(extra.pop("title", "Post at the right time")), body=body, **extra)  # type: ignore[arg-type]
    return services.tip_post(organisation=organisation, author=author, content=content)


def test_a_clean_tip_is_published_with_its_skills_and_platform(organisation: Organisation, asker: Person) -> None:
    outcome = tip(organisation, asker, skills=["writing-for-social", "LinkedIn "], platform="linkedin")
    assert outcome.published and outcome.verdict == Verdict.PASS
    slugs = set(PostTag.objects.filter(post=outcome.post).values_list("slug", flat=True))
    assert slugs == {"writing-for-social", "linkedin"}
    assert outcome.post.published_at is not None


def test_a_skill_outside_the_taxonomy_and_a_javascript_link_are_refused_and_nothing_is_saved(
    organisation: Organisation, asker: Person
) -> None:
    with pytest.raises(CommunityError) as raised:
        tip(organisation, asker, skills=["underwater-basketry"], link="javascript:alert(1)", platform="myspace")
    assert set(raised.value.errors) == {"skills", "link", "platform"}
    assert "underwater-basketry" in raised.value.errors["skills"][0]
    assert not Post.objects.exists()


def test_a_tip_naming_a_confidential_project_is_kept_as_a_draft_with_the_findings(
    organisation: Organisation, asker: Person
) -> None:
    body = "Tease Project Falcon before the launch: people love a sneak peek."
    outcome = tip(organisation, asker, body=body)
    post = Post.objects.get(pk=outcome.post.pk)
    assert outcome.verdict == Verdict.BLOCK and not outcome.published
    assert post.status == PostStatus.DRAFT and post.body == body
    assert [finding["rule_id"] for finding in post.findings] == ["confidential-term"]
    assert selectors.post_get(organisation=organisation, post_id=post.pk, viewer=None, moderator=False) is None


def test_a_warning_keeps_a_draft_until_the_author_confirms_and_a_fixed_draft_publishes(
    organisation: Organisation, asker: Person
) -> None:
    body = "Ask people to write to jane.doe@example.com for the slides."
    outcome = tip(organisation, asker, body=body)
    assert outcome.verdict == Verdict.WARN and outcome.post.status == PostStatus.DRAFT
    confirmed = services.post_revise(
        organisation=organisation, author=asker, post_id=outcome.post.pk,
        content=PostContent(title="Slides", body=body), confirm_warning=True,
    )  # fmt: skip
    assert confirmed.post.status == PostStatus.PUBLISHED and confirmed.post.warning_confirmed
    blocked = tip(organisation, asker, body="Project Falcon tips")
    fixed = services.post_revise(
        organisation=organisation, author=asker, post_id=blocked.post.pk,
        content=PostContent(title="Tips", body="Our new jacket tips"),
    )  # fmt: skip
    assert fixed.post.status == PostStatus.PUBLISHED and fixed.post.findings == []


def test_an_image_is_stored_under_a_safe_name_whatever_it_was_called(organisation: Organisation, asker: Person) -> None:
    upload = ImageUpload(name="../../etc/<script>passwd.PNG", content=png_bytes(5, 7), alt_text="A chart")
    outcome = tip(organisation, asker, images=[upload])
    image = PostImage.objects.get(post=outcome.post)
    stored = str(image.file.name)
    assert stored.startswith(f"community/{organisation.pk}/")
    assert ".." not in stored and "<" not in stored and stored.endswith(".png")
    assert (image.original_name, image.content_type, image.width, image.height) == (
        "<script>passwd.PNG", "image/png", 5, 7,
    )  # fmt: skip
    assert default_storage.open(stored).read() == upload.content


def test_oversized_and_fake_images_are_refused_with_a_message_and_nothing_is_saved(
    organisation: Organisation, asker: Person
) -> None:
    big = ImageUpload(name="huge.png", content=png_bytes() + b"\0" * MAX_IMAGE_BYTES)
    fake = ImageUpload(name="notes.png", content=b"just some text pretending to be an image")
    with pytest.raises(CommunityError) as raised:
        tip(organisation, asker, images=[big, fake])
    messages = raised.value.errors["images"]
    assert "2 MB" in messages[0] and "huge.png" in messages[0]
    assert "PNG, JPEG, GIF or WebP" in messages[1]
    assert not Post.objects.exists() and not PostImage.objects.exists()


def test_an_anonymous_question_hides_the_asker_from_learners_but_not_from_moderators(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    question = services.question_ask(
        organisation=organisation, author=asker, anonymous=True,
        content=PostContent(title="How do I reply to a critic?", body="A customer is angry in my comments."),
    ).post  # fmt: skip
    assert selectors.asker_shown(post=question, viewer=helper, moderator=False) == "Anonymous"
    assert "Ada Asker" in selectors.asker_shown(post=question, viewer=helper, moderator=True)
    assert "moderators do" in selectors.asker_shown(post=question, viewer=asker, moderator=False)


def test_a_question_goes_to_champions_and_facilitators_and_its_answer_to_the_asker(
    organisation: Organisation, asker: Person, helper: Person, champion: Person, moderator: Person
) -> None:
    question = services.question_ask(
        organisation=organisation,
        author=asker,
        content=PostContent(title="Best time to post?", body="For LinkedIn."),
    ).post
    routed = set(
        Notification.objects.filter(kind=NotificationKind.QUESTION_FOR_YOU).values_list("person_id", flat=True)
    )
    assert routed == {champion.pk, moderator.pk}
    assert list(selectors.questions_unanswered(organisation=organisation)) == [question]
    answer = services.answer_post(
        organisation=organisation,
        author=helper,
        question_id=question.pk,
        content=PostContent(body="Tuesday at 9."),
    ).post
    assert Notification.objects.filter(person=asker, kind=NotificationKind.ANSWER, post=answer).exists()
    assert not selectors.questions_unanswered(organisation=organisation).exists()


def test_only_the_asker_accepts_an_answer_and_its_author_hears_about_it(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    question = services.question_ask(
        organisation=organisation,
        author=asker,
        content=PostContent(title="Hashtags?", body="How many?"),
    ).post
    answer = services.answer_post(
        organisation=organisation,
        author=helper,
        question_id=question.pk,
        content=PostContent(body="Two or three."),
    ).post
    with pytest.raises(PermissionDeniedError):
        services.answer_accept(organisation=organisation, person=helper, question_id=question.pk, answer_id=answer.pk)
    accepted = services.answer_accept(
        organisation=organisation, person=asker, question_id=question.pk, answer_id=answer.pk
    )
    assert accepted.accepted_answer_id == answer.pk and accepted.accepted_at is not None
    assert Notification.objects.filter(person=helper, kind=NotificationKind.ACCEPTED).exists()


def test_a_vote_counts_once_and_never_for_ones_own_post(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    post = tip(organisation, asker).post
    services.post_vote(organisation=organisation, person=helper, post_id=post.pk)
    again = services.post_vote(organisation=organisation, person=helper, post_id=post.pk)
    assert again.useful_count == 1
    with pytest.raises(ConflictError):
        services.post_vote(organisation=organisation, person=asker, post_id=post.pk)
    withdrawn = services.post_vote(organisation=organisation, person=helper, post_id=post.pk, useful=False)
    assert withdrawn.useful_count == 0


def test_saved_items_and_comments(organisation: Organisation, asker: Person, helper: Person) -> None:
    post = tip(organisation, asker).post
    services.item_save(organisation=organisation, person=helper, post_id=post.pk)
    services.item_save(organisation=organisation, person=helper, post_id=post.pk)
    assert list(selectors.saved_items(organisation=organisation, person=helper)) == [post]
    comment = services.comment_post(
        organisation=organisation,
        author=helper,
        post_id=post.pk,
        content=PostContent(body="Works for us too."),
    ).post
    assert comment.kind == PostKind.COMMENT and comment.parent_id == post.pk
    assert Notification.objects.filter(person=asker, kind=NotificationKind.COMMENT).exists()


def test_another_organisations_post_is_not_found(
    organisation: Organisation, other_organisation: Organisation, asker: Person
) -> None:
    post = tip(organisation, asker).post
    outsider = person_with(other_organisation, name="Otto Outsider")
    with pytest.raises(NotFoundError):
        services.post_vote(organisation=other_organisation, person=outsider, post_id=post.pk)
    with pytest.raises(NotFoundError):
        services.answer_post(
            organisation=other_organisation,
            author=outsider,
            question_id=post.pk,
            content=PostContent(body="x"),
        )
    assert selectors.post_get(organisation=other_organisation, post_id=post.pk, viewer=outsider, moderator=True) is None


def test_a_learners_gallery_example_waits_for_an_admin_and_counts_as_evidence_once_picked(
    organisation: Organisation, asker: Person, helper: Person, curator: Person
) -> None:
    content = PostContent(
        title="A calm reply to a complaint", body="Sorry to hear that — we've sent you a message to sort it out.",
        platform="x", why_it_works="It owns the problem and moves it to a private channel.",
        audiences=["practitioner"], skills=["customer-care"],
    )  # fmt: skip
    suggested = services.gallery_suggest(organisation=organisation, author=asker, content=content).post
    assert suggested.status == PostStatus.SUGGESTED
    assert list(selectors.gallery_suggestions(organisation=organisation)) == [suggested]
    with pytest.raises(PermissionDeniedError):
        services.gallery_pick(organisation=organisation, curator=helper, post_id=suggested.pk)
    picked = services.gallery_pick(organisation=organisation, curator=curator, post_id=suggested.pk)
    assert picked.status == PostStatus.PUBLISHED
    evidence = selectors.community_evidence(organisation, [asker.pk])
    assert [(item.kind, item.skills) for item in evidence] == [("gallery_pick", ("customer-care",))]


def test_evidence_lists_accepted_answers_and_useful_votes_with_the_questions_skills(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    question = services.question_ask(
        organisation=organisation, author=asker,
        content=PostContent(title="Captions?", body="Do captions matter?", skills=["video", "accessibility"]),
    ).post  # fmt: skip
    answer = services.answer_post(
        organisation=organisation,
        author=helper,
        question_id=question.pk,
        content=PostContent(body="Yes, always."),
    ).post
    services.post_vote(organisation=organisation, person=asker, post_id=answer.pk)
    services.answer_accept(organisation=organisation, person=asker, question_id=question.pk, answer_id=answer.pk)
    evidence = selectors.community_evidence(organisation, [helper.pk])
    assert sorted(item.kind for item in evidence) == ["accepted_answer", "useful_vote"]
    assert all(item.skills == ("accessibility", "video") and item.person_id == helper.pk for item in evidence)
    assert selectors.community_evidence(organisation, [asker.pk]) == []
