"""Read the knowledge-sharing space: listings, a question with its answers, search, the moderation queue.

``community_evidence`` is the public face other apps (skills, champions) read: accepted answers, useful
votes and gallery picks, each dated, for the people asked about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from socialu.community.models import (
    CommunitySettings,
    DigestFrequency,
    DigestPreference,
    ModerationDecision,
    Notification,
    Post,
    PostKind,
    PostStatus,
    PostTag,
    SavedItem,
    TagKind,
    Vote,
)
from socialu.community.search import SearchFilters, SearchPage, search_run
from socialu.core.models import Organisation
from socialu.people.models import Person


def posts_published(
    *, organisation: Organisation, kind: str, skill: str = "", platform: str = "", audience: str = ""
) -> QuerySet[Post]:
    """Return the published posts of one kind, newest first, filtered by tag and platform."""
    posts = Post.objects.filter(organisation=organisation, kind=kind, status=PostStatus.PUBLISHED)
    if skill:
        posts = posts.filter(tags__kind=TagKind.SKILL, tags__slug=skill, tags__organisation=organisation)
    if audience:
        posts = posts.filter(tags__kind=TagKind.AUDIENCE, tags__slug=audience, tags__organisation=organisation)
    if platform:
        posts = posts.filter(platform=platform)
    return posts.select_related("author").order_by("-published_at", "-pk")


def questions_unanswered(*, organisation: Organisation) -> QuerySet[Post]:
    """Return the published questions with no published answer yet, oldest first (they have waited longest)."""
    answered = Post.objects.filter(organisation=organisation, kind=PostKind.ANSWER, status=PostStatus.PUBLISHED).values(
        "parent_id"
    )
    return (
        Post.objects.filter(organisation=organisation, kind=PostKind.QUESTION, status=PostStatus.PUBLISHED)
        .exclude(pk__in=answered)
        .order_by("published_at", "pk")
    )


def post_get(*, organisation: Organisation, post_id: int, viewer: Person | None, moderator: bool) -> Post | None:
    """Return the post if the viewer may see it: published, or their own, or any when they moderate."""
    post = Post.objects.select_related("author", "parent").filter(organisation=organisation, pk=post_id).first()
    if post is None:
        return None
    if post.status == PostStatus.PUBLISHED or moderator:
        return post
    if viewer is not None and post.author_id == viewer.pk:
        return post
    return None


def children_of(*, organisation: Organisation, post: Post, kind: str, viewer: Person | None) -> list[Post]:
    """Return the published answers or comments of a post, plus the viewer's own drafts among them."""
    visible = Q(status=PostStatus.PUBLISHED)
    if viewer is not None:
        visible |= Q(author=viewer)
    children = Post.objects.filter(organisation=organisation, parent=post, kind=kind).filter(visible)
    order = ["-useful_count", "published_at", "pk"] if kind == PostKind.ANSWER else ["published_at", "pk"]
    return list(children.select_related("author").order_by(*order))


def asker_shown(*, post: Post, viewer: Person | None, moderator: bool) -> str:
    """Return who asked, as this viewer may see it: anonymous questions name nobody except to moderators."""
    if not post.anonymous:
        return post.author.name
    if moderator:
        return f"{post.author.name} (asked anonymously: other learners do not see this name)"
    if viewer is not None and viewer.pk == post.author_id:
        return "You, anonymously (other learners do not see your name; moderators do)"
    return "Anonymous"


def similar_questions(*, organisation: Organisation, text: str, limit: int = 5) -> SearchPage:
    """Return published questions like *text* (any of its words, the last one as a prefix): for typing."""
    return search_run(
        organisation_id=organisation.pk,
        query=text,
        filters=SearchFilters(kind=PostKind.QUESTION),
        any_term=True,
        limit=limit,
    )


def community_search(
    *, organisation: Organisation, query: str, filters: SearchFilters, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Return published tips, questions, answers and gallery examples matching *query*, best first, highlighted."""
    return search_run(organisation_id=organisation.pk, query=query, filters=filters, limit=limit, offset=offset)


def moderation_queue(*, organisation: Organisation) -> QuerySet[Post]:
    """Return the posts waiting for a moderator: reported, or hidden by reports; most reported first."""
    return (
        Post.objects.filter(organisation=organisation)
        .filter(Q(open_reports__gt=0) | Q(status=PostStatus.HIDDEN, decisions__action="auto_hide"))
        .distinct()
        .select_related("author")
        .prefetch_related("reports")
        .order_by("-open_reports", "pk")
    )


def gallery_suggestions(*, organisation: Organisation) -> QuerySet[Post]:
    """Return the gallery examples suggested and waiting for an admin, oldest first."""
    return Post.objects.filter(organisation=organisation, kind=PostKind.GALLERY, status=PostStatus.SUGGESTED).order_by(
        "created_at", "pk"
    )


def decision_log(*, organisation: Organisation) -> QuerySet[ModerationDecision]:
    """Return every moderation decision, newest first, with the post and the moderator."""
    return (
        ModerationDecision.objects.filter(organisation=organisation)
        .select_related("post", "moderator")
        .order_by("-created_at", "-pk")
    )


def reports_to_hide(*, organisation: Organisation) -> int:
    """Return how many open reports hide a post (the default until an admin changes it)."""
    value = (
        CommunitySettings.objects.filter(organisation=organisation).values_list("reports_to_hide", flat=True).first()
    )
    return value if value is not None else CommunitySettings._meta.get_field("reports_to_hide").get_default()


def saved_items(*, organisation: Organisation, person: Person) -> QuerySet[Post]:
    """Return the published posts the person saved, most recently saved first."""
    saved = SavedItem.objects.filter(organisation=organisation, person=person)
    return Post.objects.filter(
        organisation=organisation, status=PostStatus.PUBLISHED, pk__in=saved.values("post_id")
    ).order_by("-published_at")


def notifications_for(
    *, organisation: Organisation, person: Person, unread_only: bool = False
) -> QuerySet[Notification]:
    """Return the person's notifications, newest first."""
    notes = Notification.objects.filter(organisation=organisation, person=person)
    if unread_only:
        notes = notes.filter(read_at=None)
    return notes.select_related("post").order_by("-created_at", "-pk")


def digest_frequency(*, organisation: Organisation, person: Person) -> str:
    """Return how often the person gets their digest (weekly until they choose)."""
    value = (
        DigestPreference.objects.filter(organisation=organisation, person=person)
        .values_list("frequency", flat=True)
        .first()
    )
    return value or DigestFrequency.WEEKLY


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence that a person is good at something, with when it happened."""

    person_id: int
    kind: str  # accepted_answer | useful_vote | gallery_pick
    post_id: int
    skills: tuple[str, ...]
    at: datetime


def _skills_by_post(organisation: Organisation, post_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    skills: dict[int, list[str]] = {}
    for post_id, slug in PostTag.objects.filter(
        organisation=organisation, kind=TagKind.SKILL, post_id__in=list(post_ids)
    ).values_list("post_id", "slug"):
        skills.setdefault(post_id, []).append(slug)
    return {post_id: tuple(sorted(slugs)) for post_id, slugs in skills.items()}


def community_evidence(organisation: Organisation, person_ids: Iterable[int]) -> list[EvidenceItem]:
    """Return the dated evidence of the people's contributions: accepted answers, useful votes, gallery picks.

    An answer takes its skills from its question. Only published posts count. For the skills app and
    champion activity; oldest first.
    """
    ids = list(person_ids)
    published = Post.objects.filter(organisation=organisation, status=PostStatus.PUBLISHED, author_id__in=ids)
    items: list[tuple[int, str, int, int, datetime]] = []
    for question in Post.objects.filter(
        organisation=organisation,
        kind=PostKind.QUESTION,
        status=PostStatus.PUBLISHED,
        accepted_answer__in=published.filter(kind=PostKind.ANSWER),
    ).values_list("pk", "accepted_answer_id", "accepted_answer__author_id", "accepted_at"):
        if question[1] is not None and question[3] is not None:
            items.append((question[2], "accepted_answer", question[1], question[0], question[3]))
    for vote in Vote.objects.filter(organisation=organisation, post__in=published).values_list(
        "post__author_id", "post_id", "post__parent_id", "post__kind", "created_at"
    ):
        skill_source = vote[2] if vote[3] == PostKind.ANSWER and vote[2] else vote[1]
        items.append((vote[0], "useful_vote", vote[1], skill_source, vote[4]))
    for pick in published.filter(kind=PostKind.GALLERY, picked_at__isnull=False).values_list(
        "author_id", "pk", "picked_at"
    ):
        if pick[2] is not None:
            items.append((pick[0], "gallery_pick", pick[1], pick[1], pick[2]))
    skills = _skills_by_post(organisation, {item[3] for item in items})
    evidence = [
        EvidenceItem(person_id=item[0], kind=item[1], post_id=item[2], skills=skills.get(item[3], ()), at=item[4])
        for item in items
    ]
    return sorted(evidence, key=lambda item: (item.at, item.person_id, item.post_id))
