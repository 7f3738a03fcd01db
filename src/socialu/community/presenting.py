"""Turn posts into the plain values the API, the command line and the pages show."""

from __future__ import annotations

from typing import Any

from socialu.community.models import Post, PostKind
from socialu.community.search import SearchPage
from socialu.community.selectors import asker_shown
from socialu.people.models import Person


def author_shown(post: Post, *, viewer: Person | None, moderator: bool) -> str:
    """Return the author's name as this viewer may see it (anonymous questions stay anonymous)."""
    if post.kind == PostKind.QUESTION:
        return asker_shown(post=post, viewer=viewer, moderator=moderator)
    return post.author.name


def post_values(post: Post, *, viewer: Person | None, moderator: bool) -> dict[str, Any]:
    """Return a post as plain values, its author shown as this viewer may see them."""
    return {
        "id": post.pk,
        "kind": post.kind,
        "status": post.status,
        "title": post.title,
        "body": post.body,
        "link": post.link,
        "platform": post.platform,
        "skills": sorted(tag.slug for tag in post.tags.all() if tag.kind == "skill"),
        "audiences": sorted(tag.slug for tag in post.tags.all() if tag.kind == "audience"),
        "why_it_works": post.why_it_works,
        "author": author_shown(post, viewer=viewer, moderator=moderator),
        "anonymous": post.anonymous,
        "parent_id": post.parent_id,
        "accepted_answer_id": post.accepted_answer_id,
        "useful_count": post.useful_count,
        "open_reports": post.open_reports if moderator else 0,
        "findings": list(post.findings or []),
        "published_at": post.published_at,
        "created_at": post.created_at,
    }


def search_values(page: SearchPage) -> list[dict[str, Any]]:
    """Return search hits as plain values, the highlights as HTML with ``<mark>`` around matched words."""
    return [
        {
            "post_id": hit.post_id,
            "kind": hit.kind,
            "rank": round(hit.rank, 4),
            "title_html": str(hit.title_html),
            "snippet_html": str(hit.snippet_html),
            "published_at": hit.published_at,
            "question_id": hit.question_id,
        }
        for hit in page.hits
    ]
