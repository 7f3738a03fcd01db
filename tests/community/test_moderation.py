"""Reports, hiding by reports, the moderation queue and its decision log."""

from __future__ import annotations

import pytest

from socialu.community import selectors, services
from socialu.community.models import ModerationAction, PostStatus
from socialu.community.services import CommunityError, PostContent
from socialu.core.errors import ConflictError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.people.models import Person
from tests.community.conftest import person_with

pytestmark = pytest.mark.django_db


def published_tip(organisation: Organisation, author: Person) -> int:
    content = PostContent(title="Hot take", body="Reply to every troll, loudly.")
    return services.tip_post(organisation=organisation, author=author, content=content).post.pk


def test_reports_hide_a_post_at_the_configured_number_until_a_moderator_restores_it(
    organisation: Organisation, asker: Person, moderator: Person
) -> None:
    services.community_settings_update(organisation=organisation, reports_to_hide=2)
    post_id = published_tip(organisation, asker)
    readers = [person_with(organisation, name=f"Reader {n}") for n in range(2)]
    first = services.post_report(organisation=organisation, reporter=readers[0], post_id=post_id, reason="Rude")
    assert (first.status, first.open_reports) == (PostStatus.PUBLISHED, 1)
    assert [post.pk for post in selectors.moderation_queue(organisation=organisation)] == [post_id]
    second = services.post_report(organisation=organisation, reporter=readers[1], post_id=post_id, reason="Unkind")
    assert second.status == PostStatus.HIDDEN
    assert selectors.post_get(organisation=organisation, post_id=post_id, viewer=readers[0], moderator=False) is None
    restored = services.post_restore(
        organisation=organisation, moderator=moderator, post_id=post_id, note="Blunt but within the rules."
    )
    assert (restored.status, restored.open_reports) == (PostStatus.PUBLISHED, 0)
    actions = [decision.action for decision in selectors.decision_log(organisation=organisation)]
    assert actions == [ModerationAction.RESTORE, ModerationAction.AUTO_HIDE]
    assert not selectors.moderation_queue(organisation=organisation).exists()


def test_a_reader_reports_once_needs_a_reason_and_cannot_report_their_own_post(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    post_id = published_tip(organisation, asker)
    with pytest.raises(CommunityError):
        services.post_report(organisation=organisation, reporter=helper, post_id=post_id, reason="   ")
    services.post_report(organisation=organisation, reporter=helper, post_id=post_id, reason="Off topic")
    with pytest.raises(ConflictError):
        services.post_report(organisation=organisation, reporter=helper, post_id=post_id, reason="Again")
    with pytest.raises(ConflictError):
        services.post_report(organisation=organisation, reporter=asker, post_id=post_id, reason="Mine")


def test_a_moderator_edits_with_a_note_keeping_the_old_words_in_the_log(
    organisation: Organisation, asker: Person, moderator: Person
) -> None:
    post_id = published_tip(organisation, asker)
    with pytest.raises(CommunityError):
        services.post_moderate_edit(organisation=organisation, moderator=moderator, post_id=post_id, body="x", note="")
    edited = services.post_moderate_edit(
        organisation=organisation, moderator=moderator, post_id=post_id,
        body="Reply to criticism calmly.", note="Toned down the advice.",
    )  # fmt: skip
    assert edited.body == "Reply to criticism calmly."
    decision = selectors.decision_log(organisation=organisation).get()
    assert (decision.action, decision.previous_body, decision.moderator) == (
        ModerationAction.EDIT, "Reply to every troll, loudly.", moderator,
    )  # fmt: skip


def test_moderators_cannot_moderate_their_own_posts_and_learners_cannot_moderate(
    organisation: Organisation, asker: Person, moderator: Person, curator: Person
) -> None:
    own = published_tip(organisation, moderator)
    with pytest.raises(PermissionDeniedError, match="your own post"):
        services.post_hide(organisation=organisation, moderator=moderator, post_id=own, note="Hiding mine")
    other = published_tip(organisation, curator)
    with pytest.raises(PermissionDeniedError):
        services.post_hide(organisation=organisation, moderator=asker, post_id=other, note="No")
    hidden = services.post_hide(organisation=organisation, moderator=moderator, post_id=other, note="Out of date")
    assert hidden.status == PostStatus.HIDDEN
    with pytest.raises(ConflictError):
        services.post_revise(
            organisation=organisation, author=curator, post_id=other, content=PostContent(title="t", body="b")
        )


def test_doctor_finds_a_report_count_that_does_not_match_the_reports(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    from django.utils import timezone

    from socialu.community.consistency import CHECKS
    from socialu.community.models import Post

    post_id = published_tip(organisation, asker)
    services.post_report(organisation=organisation, reporter=helper, post_id=post_id, reason="Spam")
    check = next(check for check in CHECKS if check.key == "community.report_counts")
    assert check.run(organisation, timezone.now(), 5).count == 0
    Post.objects.filter(pk=post_id).update(open_reports=4)
    assert check.run(organisation, timezone.now(), 5).count == 1
