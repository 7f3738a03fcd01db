"""Full text search: stemming, ranking, filters, highlighting, the index kept in step, similar questions.

Runs on SQLite's FTS5 by default and on PostgreSQL's full text search when DATABASE_URL names one.
"""

from __future__ import annotations

import pytest
from django.db import connection

from socialu.community import selectors, services
from socialu.community.models import Post
from socialu.community.search import SearchFilters, search_backend
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person
from tests.community.conftest import person_with

pytestmark = pytest.mark.django_db


def post_tip(organisation: Organisation, author: Person, title: str, body: str, **extra: object) -> Post:
    content = PostContent(title=title, body=body, **extra)  # type: ignore[arg-type]
    return services.tip_post(organisation=organisation, author=author, content=content).post


def search(organisation: Organisation, query: str, **filters: object) -> list[int]:
    page = selectors.community_search(organisation=organisation, query=query, filters=SearchFilters(**filters))  # type: ignore[arg-type]
    return [hit.post_id for hit in page.hits]


def test_english_stemming_finds_other_forms_of_a_word(organisation: Organisation, asker: Person) -> None:
    scheduled = post_tip(organisation, asker, "Scheduling", "We scheduled our posts for the week ahead.")
    post_tip(organisation, asker, "Unrelated", "Something about captions on video.")
    assert search(organisation, "schedule") == [scheduled.pk]
    assert search(organisation, "SCHEDULES posting") == [scheduled.pk]


def test_a_title_match_ranks_above_a_passing_mention(organisation: Organisation, asker: Person) -> None:
    mention = post_tip(organisation, asker, "Weekly routine", "Plan the week. Hashtags are a small part of it, " * 3)
    titled = post_tip(organisation, asker, "Hashtags that work", "Use two or three specific ones.")
    assert search(organisation, "hashtags") == [titled.pk, mention.pk]


def test_highlights_mark_the_matched_words_and_escape_the_rest(organisation: Organisation, asker: Person) -> None:
    post_tip(organisation, asker, "Alt text <b>matters</b>", "Write alt text for every image <script>x</script>.")
    hit = selectors.community_search(organisation=organisation, query="image", filters=SearchFilters()).hits[0]
    assert "<mark>image</mark>" in hit.snippet_html
    assert "<" not in hit.snippet_html.replace("<mark>", "").replace("</mark>", "")
    assert "&lt;b&gt;" in hit.title_html


def test_filters_by_skill_platform_kind_and_date(organisation: Organisation, asker: Person) -> None:
    linked = post_tip(organisation, asker, "Carousel", "A carousel post tip", platform="linkedin", skills=["video"])
    other = post_tip(organisation, asker, "Carousel too", "Another carousel post tip", platform="instagram")
    question = services.question_ask(
        organisation=organisation, author=asker, content=PostContent(title="Carousel?", body="carousel post length")
    ).post
    assert set(search(organisation, "carousel")) == {linked.pk, other.pk, question.pk}
    assert search(organisation, "carousel", skill="video") == [linked.pk]
    assert search(organisation, "carousel", platform="instagram") == [other.pk]
    assert search(organisation, "carousel", kind="question") == [question.pk]
    assert search(organisation, "carousel", since=question.published_at) == [question.pk]


def test_only_published_posts_of_this_organisation_are_found(
    organisation: Organisation, other_organisation: Organisation, asker: Person, moderator: Person
) -> None:
    visible = post_tip(organisation, asker, "Giveaway rules", "Giveaway terms must be linked.")
    hidden = post_tip(organisation, asker, "Giveaway spam", "Giveaway giveaway.")
    services.post_hide(organisation=organisation, moderator=moderator, post_id=hidden.pk, note="Spam")
    post_tip(organisation, asker, "Giveaway Project Falcon", "Giveaway for Project Falcon")  # a pre-flight draft
    outsider = person_with(other_organisation, name="Otto")
    post_tip(other_organisation, outsider, "Giveaway elsewhere", "Giveaway at Globex.")
    assert search(organisation, "giveaway") == [visible.pk]


def test_the_index_follows_edits(organisation: Organisation, asker: Person, moderator: Person) -> None:
    post = post_tip(organisation, asker, "Emoji", "Use emoji sparingly.")
    services.post_revise(
        organisation=organisation, author=asker, post_id=post.pk, content=PostContent(title="Emoji", body="Use gifs.")
    )
    assert search(organisation, "sparingly") == []
    assert search(organisation, "gifs") == [post.pk]
    services.post_moderate_edit(
        organisation=organisation, moderator=moderator, post_id=post.pk, body="Use stickers.", note="Clarified"
    )
    assert search(organisation, "gifs") == [] and search(organisation, "stickers") == [post.pk]


def test_similar_questions_match_any_word_and_a_word_still_being_typed(
    organisation: Organisation, asker: Person
) -> None:
    question = services.question_ask(
        organisation=organisation, author=asker,
        content=PostContent(title="How should I answer an angry customer?", body="They posted on our page."),
    ).post  # fmt: skip
    page = selectors.similar_questions(organisation=organisation, text="angry custo")
    assert [hit.post_id for hit in page.hits] == [question.pk]
    assert selectors.similar_questions(organisation=organisation, text="   ").hits == []


def test_search_and_a_bare_query_agree_on_which_posts_match(organisation: Organisation, asker: Person) -> None:
    ids = {post_tip(organisation, asker, f"Tip {n}", f"newsletter idea number {n}").pk for n in range(3)}
    assert set(search_backend().bare(organisation_id=organisation.pk, terms=["newsletter"], limit=10)) == ids
    assert set(search(organisation, "newsletter")) == ids


def test_the_backend_matches_the_database() -> None:
    expected = "PostgresBackend" if connection.vendor == "postgresql" else "SqliteFts5Backend"
    assert type(search_backend()).__name__ == expected
