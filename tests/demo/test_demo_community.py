"""The demo's knowledge-sharing space: lived-in, searchable, with a moderation queue, and no change on a rerun."""

from __future__ import annotations

import pytest

from socialu.community import selectors
from socialu.community.models import Post, PostKind, PostStatus
from socialu.community.search import SearchFilters
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.demo import seed_community
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


def test_the_demo_space_has_tips_answered_and_waiting_questions_a_gallery_and_reports(
    organisation: Organisation,
) -> None:
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="admin@demo.example")
    PersonFactory.create(organisation=organisation, user=admin)
    PersonFactory.create_batch(40, organisation=organisation)
    seed_community.seed(organisation)
    posts = Post.objects.filter(organisation=organisation, status=PostStatus.PUBLISHED)
    assert posts.filter(kind=PostKind.TIP).count() >= 150
    assert posts.filter(kind=PostKind.QUESTION).count() >= 80
    assert posts.filter(kind=PostKind.GALLERY).count() == 30
    assert selectors.questions_unanswered(organisation=organisation).count() >= 10
    assert posts.filter(kind=PostKind.QUESTION, accepted_answer__isnull=False).count() >= 30
    assert selectors.moderation_queue(organisation=organisation).count() >= 3
    assert Post.objects.filter(organisation=organisation, status=PostStatus.HIDDEN).count() == 1
    hits = selectors.community_search(organisation=organisation, query="captions", filters=SearchFilters()).hits
    assert hits and "<mark>" in hits[0].snippet_html
    before = Post.objects.filter(organisation=organisation).count()
    seed_community.seed(organisation)
    assert Post.objects.filter(organisation=organisation).count() == before
