"""REST API operations of knowledge sharing: tips, questions and answers, the gallery, search and moderation.

Writes answer 201 with the post whatever the pre-flight check said: ``status`` is ``draft`` when the check
blocked it or found a warning not yet confirmed (``findings`` say why; send ``confirm_warning`` to publish
past a warning). Authentication is applied by the API that mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.community import selectors, services
from socialu.community.exports import decisions_csv_lines
from socialu.community.images import ImageUpload
from socialu.community.models import Post, PostKind
from socialu.community.presenting import post_values, search_values
from socialu.community.search import SearchFilters
from socialu.community.services import CommunityError, PostContent
from socialu.core.api import ApiContext, ErrorOut, PageQuery, api_context, linked_person
from socialu.core.downloads import download_lines
from socialu.core.errors import NotFoundError
from socialu.core.permissions import Capability

router = Router(tags=["Knowledge sharing"])
MAX_LIST = 100
WHY = "SocialU cannot record contributions for you"


class CommunityImageIn(Schema):
    name: str = Field(max_length=300, description="The file's name; SocialU stores it under a safe name of its own.")
    content_base64: str = Field(description="The image's bytes, base64-encoded: PNG, JPEG, GIF or WebP, at most 2 MB.")
    alt_text: str = Field("", max_length=300, description="What the image shows, for people who cannot see it.")


class CommunityPostIn(Schema):
    title: str = Field("", description="Required for tips, questions and gallery examples.")
    body: str = Field(description="The text, in Markdown (shown sanitised).")
    link: str = Field("", description="A full http(s) address, if any.")
    platform: str = ""
    skills: list[str] = Field(default_factory=list, description="Skill slugs from the skills taxonomy.")
    audiences: list[str] = Field(default_factory=list, description="Gallery only: the audiences it suits.")
    why_it_works: str = Field("", description="Gallery only: why the example works.")
    component_ids: list[int] = Field(default_factory=list, description="Gallery only: curriculum components.")
    images: list[CommunityImageIn] = Field(default_factory=list, max_length=4)
    anonymous: bool = Field(False, description="Questions only: hide your name from other learners.")
    confirm_warning: bool = Field(False, description="Publish even though the pre-flight check warned.")


class CommunityPostOut(Schema):
    id: int
    kind: str
    status: str = Field(description="draft (stopped by the pre-flight check), suggested, published or hidden.")
    title: str
    body: str
    link: str
    platform: str
    skills: list[str]
    audiences: list[str]
    why_it_works: str
    author: str
    anonymous: bool
    parent_id: int | None
    accepted_answer_id: int | None
    useful_count: int
    open_reports: int
    findings: list[dict[str, Any]] = Field(description="What the pre-flight check found, if anything.")
    published_at: datetime | None
    created_at: datetime


class CommunityPostDetailOut(CommunityPostOut):
    answers: list[CommunityPostOut]
    comments: list[CommunityPostOut]


class CommunityListQuery(PageQuery):
    kind: Literal["tip", "question", "answer", "gallery"] = "tip"
    skill: str = ""
    platform: str = ""
    audience: str = ""


class CommunitySearchQuery(PageQuery):
    q: str = Field("", max_length=500, description="Words to look for (English stemming: 'posting' finds 'posted').")
    kind: Literal["", "tip", "question", "answer", "gallery"] = ""
    skill: str = ""
    platform: str = ""
    audience: str = ""
    since: datetime | None = None
    until: datetime | None = None


class CommunityHitOut(Schema):
    post_id: int
    kind: str
    rank: float
    title_html: str = Field(description="The title, escaped, with <mark> around matched words.")
    snippet_html: str = Field(description="The best passage, escaped, with <mark> around matched words.")
    published_at: datetime | None
    question_id: int | None = Field(description="For an answer: the question it answers.")


class CommunityVoteIn(Schema):
    useful: bool = True


class CommunitySaveIn(Schema):
    saved: bool = True


class CommunityAcceptIn(Schema):
    answer_id: int


class CommunityReportIn(Schema):
    reason: str = Field(max_length=2000)


class CommunityModerateIn(Schema):
    action: Literal["hide", "restore", "edit"]
    note: str = Field(max_length=2000, description="Why: kept in the decision log.")
    body: str = Field("", description="For edit: the new words.")


class CommunityNotificationOut(Schema):
    id: int
    kind: str
    post_id: int
    created_at: datetime
    read: bool


def _images(payload: CommunityPostIn) -> list[ImageUpload]:
    images = []
    for number, image in enumerate(payload.images, start=1):
        try:
            content = base64.b64decode(image.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise CommunityError(errors={"images": [f"Image {number} is not valid base64."]}) from None
        images.append(ImageUpload(name=image.name, content=content, alt_text=image.alt_text))
    return images


def _content(payload: CommunityPostIn) -> PostContent:
    return PostContent(
        body=payload.body,
        title=payload.title,
        link=payload.link,
        platform=payload.platform,
        skills=payload.skills,
        audiences=payload.audiences,
        why_it_works=payload.why_it_works,
        component_ids=payload.component_ids,
        images=_images(payload),
    )


def _out(context: ApiContext, post: Post) -> dict[str, Any]:
    moderator = context.can(Capability.MODERATE_COMMUNITY)
    return post_values(post, viewer=context.person, moderator=moderator)


def _existing(context: ApiContext, post_id: int) -> int:
    """Return *post_id* when the caller may see that post here; answer 404 otherwise (before anything else)."""
    post = selectors.post_get(
        organisation=context.organisation,
        post_id=post_id,
        viewer=context.person,
        moderator=context.can(Capability.MODERATE_COMMUNITY),
    )
    if post is None:
        raise NotFoundError("There is no such post here.")
    return post.pk


def _written(context: ApiContext, outcome: services.PostOutcome) -> Status[dict[str, Any]]:
    return Status(201, _out(context, outcome.post))


WRITE_RESPONSES: dict[int, Any] = {201: CommunityPostOut, 409: ErrorOut}


@router.get("/orgs/{org_slug}/community/posts", response=list[CommunityPostOut], summary="List community posts")
def list_community_posts(request: HttpRequest, org_slug: str, query: Query[CommunityListQuery]) -> list[dict[str, Any]]:
    """Return published posts of one kind, newest first (at most 100 a page)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    posts = selectors.posts_published(
        organisation=context.organisation,
        kind=query.kind,
        skill=query.skill,
        platform=query.platform,
        audience=query.audience,
    ).prefetch_related("tags")
    page = posts[query.offset : query.offset + min(query.limit, MAX_LIST)]
    return [_out(context, post) for post in page]


@router.get(
    "/orgs/{org_slug}/community/posts/{post_id}", response=CommunityPostDetailOut, summary="Get a community post"
)
def get_community_post(request: HttpRequest, org_slug: str, post_id: int) -> dict[str, Any]:
    """Return a post with its answers and comments (your own drafts included)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    moderator = context.can(Capability.MODERATE_COMMUNITY)
    post = selectors.post_get(
        organisation=context.organisation, post_id=post_id, viewer=context.person, moderator=moderator
    )
    if post is None:
        raise NotFoundError("There is no such post here.")
    kids = {
        kind: selectors.children_of(organisation=context.organisation, post=post, kind=kind, viewer=context.person)
        for kind in (PostKind.ANSWER, PostKind.COMMENT)
    }
    return {
        **_out(context, post),
        "answers": [_out(context, answer) for answer in kids[PostKind.ANSWER]],
        "comments": [_out(context, comment) for comment in kids[PostKind.COMMENT]],
    }


@router.post("/orgs/{org_slug}/community/tips", response=WRITE_RESPONSES, summary="Share a tip")
def create_community_tip(request: HttpRequest, org_slug: str, payload: CommunityPostIn) -> Status[dict[str, Any]]:
    """Share a tip; the pre-flight check may keep it as a draft (see ``status`` and ``findings``)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    return _written(
        context,
        services.tip_post(
            organisation=context.organisation,
            author=linked_person(context, why=WHY),
            content=_content(payload),
            confirm_warning=payload.confirm_warning,
        ),
    )


@router.post("/orgs/{org_slug}/community/questions", response=WRITE_RESPONSES, summary="Ask a question")
def create_community_question(request: HttpRequest, org_slug: str, payload: CommunityPostIn) -> Status[dict[str, Any]]:
    """Ask a question, anonymously to other learners if you wish (moderators still see who asked)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    return _written(
        context,
        services.question_ask(
            organisation=context.organisation,
            author=linked_person(context, why=WHY),
            content=_content(payload),
            anonymous=payload.anonymous,
            confirm_warning=payload.confirm_warning,
        ),
    )


@router.post(
    "/orgs/{org_slug}/community/questions/{post_id}/answers", response=WRITE_RESPONSES, summary="Answer a question"
)
def create_community_answer(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityPostIn
) -> Status[dict[str, Any]]:
    """Answer a published question."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    return _written(
        context,
        services.answer_post(
            organisation=context.organisation,
            author=linked_person(context, why=WHY),
            question_id=post_id,
            content=_content(payload),
            confirm_warning=payload.confirm_warning,
        ),
    )


@router.post(
    "/orgs/{org_slug}/community/posts/{post_id}/comments", response=WRITE_RESPONSES, summary="Comment on a post"
)
def create_community_comment(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityPostIn
) -> Status[dict[str, Any]]:
    """Comment on a published tip, question, answer or gallery example."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    return _written(
        context,
        services.comment_post(
            organisation=context.organisation,
            author=linked_person(context, why=WHY),
            post_id=post_id,
            content=_content(payload),
            confirm_warning=payload.confirm_warning,
        ),
    )


@router.post("/orgs/{org_slug}/community/gallery", response=WRITE_RESPONSES, summary="Suggest a gallery example")
def create_community_gallery_example(
    request: HttpRequest, org_slug: str, payload: CommunityPostIn
) -> Status[dict[str, Any]]:
    """Suggest a good example; an admin's goes straight into the gallery, anyone else's waits for an admin."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    return _written(
        context,
        services.gallery_suggest(
            organisation=context.organisation,
            author=linked_person(context, why=WHY),
            content=_content(payload),
            confirm_warning=payload.confirm_warning,
        ),
    )


@router.put(
    "/orgs/{org_slug}/community/posts/{post_id}",
    response={200: CommunityPostOut, 409: ErrorOut},
    summary="Change your post",
)
def revise_community_post(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityPostIn
) -> Status[dict[str, Any]]:
    """Change your own post or draft; it is checked again (a draft publishes once it passes)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    outcome = services.post_revise(
        organisation=context.organisation,
        author=linked_person(context, why=WHY),
        post_id=post_id,
        content=_content(payload),
        confirm_warning=payload.confirm_warning,
    )
    return Status(200, _out(context, outcome.post))


@router.post(
    "/orgs/{org_slug}/community/posts/{post_id}/vote",
    response={200: CommunityPostOut, 409: ErrorOut},
    summary="Mark a post useful",
)
def vote_community_post(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityVoteIn
) -> Status[dict[str, Any]]:
    """Mark a post useful (``useful: false`` takes the vote back)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    post = services.post_vote(
        organisation=context.organisation,
        person=linked_person(context, why=WHY),
        post_id=post_id,
        useful=payload.useful,
    )
    return Status(200, _out(context, post))


@router.post(
    "/orgs/{org_slug}/community/posts/{post_id}/save",
    response={204: None, 409: ErrorOut},
    summary="Save a post for later",
)
def save_community_post(request: HttpRequest, org_slug: str, post_id: int, payload: CommunitySaveIn) -> Status[None]:
    """Save a post to your list (``saved: false`` removes it)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    services.item_save(
        organisation=context.organisation,
        person=linked_person(context, why=WHY),
        post_id=post_id,
        saved=payload.saved,
    )
    return Status(204, None)


@router.post(
    "/orgs/{org_slug}/community/questions/{post_id}/accept",
    response={200: CommunityPostOut, 409: ErrorOut},
    summary="Accept an answer",
)
def accept_community_answer(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityAcceptIn
) -> Status[dict[str, Any]]:
    """Accept an answer to your own question."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    question = services.answer_accept(
        organisation=context.organisation,
        person=linked_person(context, why=WHY),
        question_id=post_id,
        answer_id=payload.answer_id,
    )
    return Status(200, _out(context, question))


@router.post(
    "/orgs/{org_slug}/community/posts/{post_id}/report",
    response={200: CommunityPostOut, 409: ErrorOut},
    summary="Report a post to the moderators",
)
def report_community_post(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityReportIn
) -> Status[dict[str, Any]]:
    """Report a post; enough reports hide it until a moderator reviews it."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    post_id = _existing(context, post_id)
    post = services.post_report(
        organisation=context.organisation,
        reporter=linked_person(context, why=WHY),
        post_id=post_id,
        reason=payload.reason,
    )
    return Status(200, _out(context, post))


@router.get("/orgs/{org_slug}/community/search", response=list[CommunityHitOut], summary="Search knowledge sharing")
def search_community(request: HttpRequest, org_slug: str, query: Query[CommunitySearchQuery]) -> list[dict[str, Any]]:
    """Return published tips, questions, answers and gallery examples matching ``q``, best first (at most 100)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    filters = SearchFilters(
        kind=query.kind,
        skill=query.skill,
        platform=query.platform,
        audience=query.audience,
        since=query.since,
        until=query.until,
    )
    page = selectors.community_search(
        organisation=context.organisation,
        query=query.q,
        filters=filters,
        limit=min(query.limit, MAX_LIST),
        offset=min(query.offset, 10_000),
    )
    return search_values(page)


@router.get(
    "/orgs/{org_slug}/community/similar-questions",
    response=list[CommunityHitOut],
    summary="Suggest questions like the one being typed",
)
def similar_community_questions(request: HttpRequest, org_slug: str, q: str = "") -> list[dict[str, Any]]:
    """Return up to five published questions sharing words with ``q`` (its last word may be unfinished)."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    return search_values(selectors.similar_questions(organisation=context.organisation, text=q[:500]))


@router.get(
    "/orgs/{org_slug}/community/notifications",
    response=list[CommunityNotificationOut],
    summary="List your notifications",
)
def list_community_notifications(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return your latest 100 notifications, newest first."""
    context = api_context(request, org_slug, Capability.SHARE_KNOWLEDGE)
    person = linked_person(context, why="you have no notifications")
    notes = selectors.notifications_for(organisation=context.organisation, person=person)[:MAX_LIST]
    return [
        {"id": n.pk, "kind": n.kind, "post_id": n.post_id, "created_at": n.created_at, "read": n.read_at is not None}
        for n in notes
    ]


@router.get(
    "/orgs/{org_slug}/community/moderation/queue",
    response=list[CommunityPostOut],
    summary="List posts waiting for a moderator",
)
def list_community_moderation_queue(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return reported posts and posts hidden by reports, most reported first (at most 100)."""
    context = api_context(request, org_slug, Capability.MODERATE_COMMUNITY)
    queue = selectors.moderation_queue(organisation=context.organisation).prefetch_related("tags")[:MAX_LIST]
    return [_out(context, post) for post in queue]


@router.post(
    "/orgs/{org_slug}/community/posts/{post_id}/moderate",
    response={200: CommunityPostOut},
    summary="Hide, restore or edit a post as a moderator",
)
def moderate_community_post(
    request: HttpRequest, org_slug: str, post_id: int, payload: CommunityModerateIn
) -> dict[str, Any]:
    """Hide, restore or edit someone else's post, with a note for the decision log."""
    context = api_context(request, org_slug, Capability.MODERATE_COMMUNITY)
    post_id = _existing(context, post_id)
    moderator = linked_person(context, why="your decisions cannot be logged")
    organisation, note = context.organisation, payload.note
    if payload.action == "hide":
        post = services.post_hide(organisation=organisation, moderator=moderator, post_id=post_id, note=note)
    elif payload.action == "restore":
        post = services.post_restore(organisation=organisation, moderator=moderator, post_id=post_id, note=note)
    else:
        post = services.post_moderate_edit(
            organisation=organisation, moderator=moderator, post_id=post_id, note=note, body=payload.body
        )
    return _out(context, post)


@router.post(
    "/orgs/{org_slug}/community/gallery/{gallery_post_id}/pick",
    response={200: CommunityPostOut, 409: ErrorOut},
    summary="Put a suggested example in the gallery",
)
def pick_community_gallery_example(request: HttpRequest, org_slug: str, gallery_post_id: int) -> Status[dict[str, Any]]:
    """Put a suggested example in the gallery (programme admins)."""
    context = api_context(request, org_slug, Capability.CURATE_GALLERY)
    post_id = _existing(context, gallery_post_id)
    post = services.gallery_pick(
        organisation=context.organisation, curator=linked_person(context, why=WHY), post_id=post_id
    )
    return Status(200, _out(context, post))


@router.get(
    "/orgs/{org_slug}/community/moderation/decisions.csv",
    response={200: None},
    summary="Download the moderation decision log",
)
def export_community_decisions(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Return every moderation decision as CSV, newest first."""
    context = api_context(request, org_slug, Capability.MODERATE_COMMUNITY)
    return download_lines(
        decisions_csv_lines(organisation=context.organisation),
        filename=f"{context.organisation.slug}-community-decisions.csv",
    )
