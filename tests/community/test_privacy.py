"""A person's knowledge sharing in their data export, and erased on request (the search forgets it too)."""

from __future__ import annotations

import pytest

from socialu.community import selectors, services
from socialu.community.privacy import community_erase, community_rows
from socialu.community.search import SearchFilters
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person

pytestmark = pytest.mark.django_db


def test_export_lists_posts_and_erasure_clears_the_words_and_the_index(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    post = services.tip_post(
        organisation=organisation, author=asker, content=PostContent(title="Kayak tips", body="Paddle early.")
    ).post
    services.post_vote(organisation=organisation, person=helper, post_id=post.pk)
    rows = community_rows(asker)
    assert [(row["record"], row["title"]) for row in rows] == [("post", "Kayak tips")]
    outcome = community_erase(asker)
    post.refresh_from_db()
    assert outcome.rows == 1 and "Paddle" not in post.body and post.useful_count == 1
    found = selectors.community_search(organisation=organisation, query="paddle", filters=SearchFilters()).hits
    assert found == []
