"""Write to the knowledge-sharing space: post, vote, save, accept, report and moderate.

Everything a person writes goes through the organisation's pre-flight rules first (``screening``): a
block keeps it as a draft with the findings and the text; a warning keeps it as a draft until the author
confirms. Published text is added to the search index in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from socialu.community.images import MAX_IMAGES_PER_POST, CheckedImage, ImageUpload, image_check
from socialu.community.models import (
    CommunitySettings,
    DigestFrequency,
    DigestPreference,
    ModerationAction,
    ModerationDecision,
    Notification,
    NotificationKind,
    Post,
    PostImage,
    PostKind,
    PostStatus,
    PostTag,
    Report,
    SavedItem,
    TagKind,
    Vote,
)
from socialu.community.screening import screen
from socialu.community.search import search_index, search_unindex
from socialu.community.tagging import audience_problems, platform_problem, skill_problems
from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.core.text import clean_text
from socialu.core.web_addresses import web_address_problem
from socialu.curriculum.models import Component
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.policycheck import Verdict

MAX_TITLE = 200
MAX_BODY = 20_000
MODERATOR_ROLES = frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR})
CURATOR_ROLES = frozenset({Role.PROGRAMME_ADMIN})
# Until the skills app's evidence exists, unanswered questions go to the people who run the programme.
ROUTING_ROLES = (Role.FACILITATOR, Role.CHAMPION)
VOTABLE_KINDS = frozenset({PostKind.TIP, PostKind.ANSWER, PostKind.GALLERY, PostKind.QUESTION})


class CommunityError(InvalidInputError):
    """A contribution that cannot be saved as it is; the message and details say what to change."""


@dataclass(frozen=True)
class PostContent:
    """What a person wrote, as the form, API or command line received it."""

    body: str
    title: str = ""
    link: str = ""
    platform: str = ""
    skills: Sequence[str] = ()
    audiences: Sequence[str] = ()
    why_it_works: str = ""
    component_ids: Sequence[int] = ()
    images: Sequence[ImageUpload] = ()


@dataclass(frozen=True)
class PostOutcome:
    """The saved post and what the pre-flight check said: published, or kept as a draft and why."""

    post: Post
    verdict: Verdict

    @property
    def published(self) -> bool:
        return self.post.status in {PostStatus.PUBLISHED, PostStatus.SUGGESTED}


def _roles(organisation: Organisation, person: Person) -> set[str]:
    if person.user_id is None:
        return set()
    return set(
        RoleAssignment.objects.filter(organisation=organisation, user_id=person.user_id).values_list("role", flat=True)
    )


def can_moderate(*, organisation: Organisation, person: Person) -> bool:
    """Return whether *person* holds a role that moderates the space."""
    return bool(_roles(organisation, person) & MODERATOR_ROLES)


def _require_author(organisation: Organisation, person: Person) -> None:
    if person.organisation_id != organisation.pk:
        raise NotFoundError("There is no such person in this organisation.")


def _text_problems(content: PostContent, kind: PostKind) -> dict[str, list[str]]:
    """Return what is wrong with the words of *content* (already trimmed), field by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, *messages: str | None) -> None:
        errors.setdefault(field, []).extend(message for message in messages if message)
        if not errors[field]:
            del errors[field]

    needs_title = kind in {PostKind.TIP, PostKind.QUESTION, PostKind.GALLERY}
    add("title", "Give it a short title that says what it is about." if needs_title and not content.title else None)
    add("title", f"Keep the title under {MAX_TITLE} characters." if len(content.title) > MAX_TITLE else None)
    add("body", "Write something first." if not content.body else None)
    add("body", f"Keep it under {MAX_BODY:,} characters." if len(content.body) > MAX_BODY else None)
    missing_why = kind == PostKind.GALLERY and not content.why_it_works
    add("why_it_works", "Say why this example works: that is what people learn from." if missing_why else None)
    add("link", web_address_problem(content.link, what="The link"))
    add("platform", platform_problem(content.platform))
    add("skills", *skill_problems(list(content.skills)))
    add("audiences", *audience_problems(list(content.audiences)))
    return errors


def _checked_images(images: Sequence[ImageUpload], errors: dict[str, list[str]]) -> list[CheckedImage]:
    """Return the images that pass the checks, adding a message to *errors* for each one that does not."""
    checked: list[CheckedImage] = []
    if len(images) > MAX_IMAGES_PER_POST:
        errors.setdefault("images", []).append(f"Add at most {MAX_IMAGES_PER_POST} images.")
    for upload in images[:MAX_IMAGES_PER_POST]:
        result = image_check(upload)
        if isinstance(result, str):
            errors.setdefault("images", []).append(result)
        else:
            checked.append(result)
    return checked


def _clean(content: PostContent, kind: PostKind) -> tuple[PostContent, list[CheckedImage]]:
    """Return the content trimmed and checked, with its images checked; raise CommunityError listing every problem."""
    cleaned = PostContent(
        body=clean_text(content.body, multiline=True).strip(),
        title=clean_text(content.title).strip(),
        link=content.link.strip(),
        platform=content.platform.strip().lower(),
        skills=sorted({slug.strip().lower() for slug in content.skills if slug.strip()}),
        audiences=sorted({value.strip().lower() for value in content.audiences if value.strip()}),
        why_it_works=clean_text(content.why_it_works, multiline=True).strip(),
        component_ids=list(dict.fromkeys(content.component_ids)),
    )
    errors = _text_problems(cleaned, kind)
    checked = _checked_images(content.images, errors)
    if errors:
        raise CommunityError("Nothing was saved: correct what is marked and send it again.", errors=errors)
    return cleaned, checked


def _screen_into(post: Post, *, confirm_warning: bool, published_status: PostStatus) -> Verdict:
    """Check the post's words and set its status: published (or suggested), or a draft the author can fix."""
    text = "\n\n".join(part for part in (post.title, post.body, post.why_it_works) if part)
    result = screen(organisation=post.organisation, text=text, platform=post.platform)
    post.findings = result.findings
    post.warning_confirmed = confirm_warning and result.verdict == Verdict.WARN
    if result.verdict == Verdict.BLOCK or (result.verdict == Verdict.WARN and not confirm_warning):
        post.status = PostStatus.DRAFT
    else:
        post.status = published_status
        post.published_at = post.published_at or timezone.now()
    return result.verdict


def _save_tags(post: Post, content: PostContent) -> None:
    PostTag.objects.filter(organisation=post.organisation, post=post).delete()
    PostTag.objects.bulk_create(
        [PostTag(organisation=post.organisation, post=post, kind=TagKind.SKILL, slug=slug) for slug in content.skills]
        + [
            PostTag(organisation=post.organisation, post=post, kind=TagKind.AUDIENCE, slug=slug)
            for slug in content.audiences
        ]
    )
    if post.kind == PostKind.GALLERY:
        components = Component.objects.filter(organisation=post.organisation, pk__in=content.component_ids)
        if len(components) != len(content.component_ids):
            raise CommunityError(errors={"component_ids": ["Choose curriculum components of this organisation."]})
        post.components.set(components)


def _save_images(post: Post, images: list[CheckedImage]) -> None:
    for image in images:
        stored = default_storage.save(f"community/{post.organisation_id}/{image.safe_name}", ContentFile(image.content))
        PostImage.objects.create(
            organisation=post.organisation,
            post=post,
            file=stored,
            original_name=image.original_name,
            content_type=image.content_type,
            size=len(image.content),
            width=image.width,
            height=image.height,
            alt_text=image.alt_text,
        )


def _notify(organisation: Organisation, person_ids: Sequence[int], kind: NotificationKind, post: Post) -> None:
    Notification.objects.bulk_create(
        [
            Notification(organisation=organisation, person_id=person_id, kind=kind, post=post)
            for person_id in set(person_ids)
        ]
    )


def _on_published(post: Post) -> None:
    """Tell the people who should hear about a post that has just been published."""
    organisation = post.organisation
    parent = post.parent
    if post.kind == PostKind.ANSWER and parent is not None and parent.author_id != post.author_id:
        _notify(organisation, [parent.author_id], NotificationKind.ANSWER, post)
    elif post.kind == PostKind.COMMENT and parent is not None and parent.author_id != post.author_id:
        _notify(organisation, [parent.author_id], NotificationKind.COMMENT, post)
    elif post.kind == PostKind.QUESTION:
        routed = question_routing_people(organisation=organisation, exclude_person_id=post.author_id)
        _notify(organisation, routed, NotificationKind.QUESTION_FOR_YOU, post)


def question_routing_people(*, organisation: Organisation, exclude_person_id: int | None = None) -> list[int]:
    """Return the people an unanswered question goes to: facilitators and champions, for now."""
    user_ids = RoleAssignment.objects.filter(organisation=organisation, role__in=ROUTING_ROLES).values("user_id")
    people = people_in(organisation=organisation, active=True).filter(user_id__in=user_ids)
    if exclude_person_id is not None:
        people = people.exclude(pk=exclude_person_id)
    return list(people.values_list("pk", flat=True))


@transaction.atomic
def _post_write(
    *,
    organisation: Organisation,
    author: Person,
    kind: PostKind,
    content: PostContent,
    confirm_warning: bool,
    parent: Post | None = None,
    anonymous: bool = False,
) -> PostOutcome:
    _require_author(organisation, author)
    cleaned, images = _clean(content, kind)
    post = Post(
        organisation=organisation,
        kind=kind,
        author=author,
        parent=parent,
        title=cleaned.title,
        body=cleaned.body,
        link=cleaned.link,
        platform=cleaned.platform,
        why_it_works=cleaned.why_it_works,
        anonymous=anonymous,
    )
    published_status = PostStatus.PUBLISHED
    if kind == PostKind.GALLERY and not (_roles(organisation, author) & CURATOR_ROLES):
        published_status = PostStatus.SUGGESTED
    verdict = _screen_into(post, confirm_warning=confirm_warning, published_status=published_status)
    post.save()
    _save_tags(post, cleaned)
    _save_images(post, images)
    search_index(post)
    if post.status == PostStatus.PUBLISHED:
        _on_published(post)
    return PostOutcome(post=post, verdict=verdict)


def tip_post(
    *, organisation: Organisation, author: Person, content: PostContent, confirm_warning: bool = False
) -> PostOutcome:
    """Share a tip; a pre-flight block or an unconfirmed warning keeps it as the author's draft."""
    return _post_write(
        organisation=organisation, author=author, kind=PostKind.TIP, content=content, confirm_warning=confirm_warning
    )


def question_ask(
    *,
    organisation: Organisation,
    author: Person,
    content: PostContent,
    anonymous: bool = False,
    confirm_warning: bool = False,
) -> PostOutcome:
    """Ask a question, optionally without showing other learners who asked; it goes to facilitators and champions."""
    return _post_write(
        organisation=organisation,
        author=author,
        kind=PostKind.QUESTION,
        content=content,
        confirm_warning=confirm_warning,
        anonymous=anonymous,
    )


def _published_parent(organisation: Organisation, post_id: int, kinds: Sequence[str]) -> Post:
    parent = (
        Post.objects.select_related("organisation")
        .filter(organisation=organisation, pk=post_id, kind__in=kinds, status=PostStatus.PUBLISHED)
        .first()
    )
    if parent is None:
        raise NotFoundError("There is no such post here, or it is not published.")
    return parent


def answer_post(
    *, organisation: Organisation, author: Person, question_id: int, content: PostContent, confirm_warning: bool = False
) -> PostOutcome:
    """Answer a published question; its asker is told."""
    question = _published_parent(organisation, question_id, [PostKind.QUESTION])
    return _post_write(
        organisation=organisation,
        author=author,
        kind=PostKind.ANSWER,
        content=content,
        confirm_warning=confirm_warning,
        parent=question,
    )


def comment_post(
    *, organisation: Organisation, author: Person, post_id: int, content: PostContent, confirm_warning: bool = False
) -> PostOutcome:
    """Comment on a tip, a question, an answer or a gallery example; its author is told."""
    parent = _published_parent(organisation, post_id, [k for k in PostKind.values if k != PostKind.COMMENT])
    return _post_write(
        organisation=organisation,
        author=author,
        kind=PostKind.COMMENT,
        content=content,
        confirm_warning=confirm_warning,
        parent=parent,
    )


def gallery_suggest(
    *, organisation: Organisation, author: Person, content: PostContent, confirm_warning: bool = False
) -> PostOutcome:
    """Suggest a good example for the gallery; an admin's own goes straight in, anyone else's waits for an admin."""
    return _post_write(
        organisation=organisation,
        author=author,
        kind=PostKind.GALLERY,
        content=content,
        confirm_warning=confirm_warning,
    )


def _own_post(organisation: Organisation, post_id: int, author: Person) -> Post:
    post = Post.objects.select_related("organisation", "parent").filter(organisation=organisation, pk=post_id).first()
    if post is None or post.author_id != author.pk:
        raise NotFoundError("There is no such post of yours here.")
    return post


@transaction.atomic
def post_revise(
    *, organisation: Organisation, author: Person, post_id: int, content: PostContent, confirm_warning: bool = False
) -> PostOutcome:
    """Change the words of one's own draft or post and check them again (a draft publishes once it passes)."""
    post = _own_post(organisation, post_id, author)
    if post.status == PostStatus.HIDDEN:
        raise ConflictError("A moderator hid this post. Ask them to restore it before changing it.")
    cleaned, images = _clean(content, PostKind(post.kind))
    search_unindex(post_id=post.pk, title=post.title, body=post.body, why_it_works=post.why_it_works)
    was_published = post.status == PostStatus.PUBLISHED
    post.title, post.body, post.link = cleaned.title, cleaned.body, cleaned.link
    post.platform, post.why_it_works = cleaned.platform, cleaned.why_it_works
    target = PostStatus.PUBLISHED
    if post.kind == PostKind.GALLERY and post.picked_at is None:
        target = PostStatus.SUGGESTED
    verdict = _screen_into(post, confirm_warning=confirm_warning, published_status=target)
    post.save()
    _save_tags(post, cleaned)
    _save_images(post, images)
    search_index(post)
    if post.status == PostStatus.PUBLISHED and not was_published:
        _on_published(post)
    return PostOutcome(post=post, verdict=verdict)


def _visible_post(organisation: Organisation, post_id: int) -> Post:
    post = Post.objects.filter(organisation=organisation, pk=post_id, status=PostStatus.PUBLISHED).first()
    if post is None:
        raise NotFoundError("There is no such post here.")
    return post


@transaction.atomic
def post_vote(*, organisation: Organisation, person: Person, post_id: int, useful: bool = True) -> Post:
    """Mark a post useful (or take the vote back); one vote per person, never on one's own post."""
    post = _visible_post(organisation, post_id)
    if post.kind not in VOTABLE_KINDS:
        raise ConflictError("Comments take no votes.")
    if post.author_id == person.pk:
        raise ConflictError("You cannot vote for your own post.")
    existing = Vote.objects.filter(organisation=organisation, post=post, person=person)
    if useful and not existing.exists():
        Vote.objects.create(organisation=organisation, post=post, person=person)
        Post.objects.filter(pk=post.pk).update(useful_count=F("useful_count") + 1)
    elif not useful and existing.exists():
        existing.delete()
        Post.objects.filter(pk=post.pk, useful_count__gt=0).update(useful_count=F("useful_count") - 1)
    post.refresh_from_db()
    return post


def item_save(*, organisation: Organisation, person: Person, post_id: int, saved: bool = True) -> None:
    """Save a post to come back to later (or forget it)."""
    post = _visible_post(organisation, post_id)
    if saved:
        SavedItem.objects.get_or_create(organisation=organisation, person=person, post=post)
    else:
        SavedItem.objects.filter(organisation=organisation, person=person, post=post).delete()


@transaction.atomic
def answer_accept(*, organisation: Organisation, person: Person, question_id: int, answer_id: int) -> Post:
    """Accept an answer to one's own question; its author is told."""
    question = _visible_post(organisation, question_id)
    if question.kind != PostKind.QUESTION or question.author_id != person.pk:
        raise PermissionDeniedError("Only the person who asked can accept an answer.")
    answer = Post.objects.filter(
        organisation=organisation, pk=answer_id, parent=question, kind=PostKind.ANSWER, status=PostStatus.PUBLISHED
    ).first()
    if answer is None:
        raise NotFoundError("That answer is not one of this question's answers.")
    question.accepted_answer = answer
    question.accepted_at = timezone.now()
    question.save(update_fields=["accepted_answer", "accepted_at", "updated_at"])
    if answer.author_id != person.pk:
        _notify(organisation, [answer.author_id], NotificationKind.ACCEPTED, answer)
    return question


@transaction.atomic
def gallery_pick(*, organisation: Organisation, curator: Person, post_id: int) -> Post:
    """Put a suggested example in the gallery (admins only)."""
    if not _roles(organisation, curator) & CURATOR_ROLES:
        raise PermissionDeniedError("Only programme admins pick gallery examples.")
    post = Post.objects.filter(organisation=organisation, pk=post_id, kind=PostKind.GALLERY).first()
    if post is None:
        raise NotFoundError("There is no such gallery example here.")
    if post.status == PostStatus.DRAFT:
        raise ConflictError("This example is still a draft: its author must clear the pre-flight findings first.")
    post.status = PostStatus.PUBLISHED
    post.picked_at = post.picked_at or timezone.now()
    post.picked_by = curator
    post.published_at = post.published_at or post.picked_at
    post.save(update_fields=["status", "picked_at", "picked_by", "published_at", "updated_at"])
    return post


def community_settings_for(*, organisation: Organisation) -> CommunitySettings:
    """Return the organisation's settings, created with the defaults the first time."""
    settings, _ = CommunitySettings.objects.get_or_create(organisation=organisation)
    return settings


def community_settings_update(*, organisation: Organisation, reports_to_hide: int) -> CommunitySettings:
    """Set how many reports hide a post until a moderator reviews it (1 to 50)."""
    if not 1 <= reports_to_hide <= 50:
        raise CommunityError(errors={"reports_to_hide": ["Choose a number from 1 to 50."]})
    settings = community_settings_for(organisation=organisation)
    settings.reports_to_hide = reports_to_hide
    settings.save()
    return settings


@transaction.atomic
def post_report(*, organisation: Organisation, reporter: Person, post_id: int, reason: str) -> Post:
    """Report a post to the moderators; enough open reports hide it until one of them reviews it."""
    post = _visible_post(organisation, post_id)
    reason = clean_text(reason, multiline=True).strip()
    if not reason:
        raise CommunityError(errors={"reason": ["Say what is wrong, so a moderator can decide quickly."]})
    if post.author_id == reporter.pk:
        raise ConflictError("You cannot report your own post; change or delete it instead.")
    if Report.objects.filter(organisation=organisation, post=post, reporter=reporter, resolved_at=None).exists():
        raise ConflictError("You have already reported this post; a moderator will look at it.")
    Report.objects.update_or_create(
        organisation=organisation, post=post, reporter=reporter, defaults={"reason": reason[:2000], "resolved_at": None}
    )
    Post.objects.filter(pk=post.pk).update(open_reports=F("open_reports") + 1)
    post.refresh_from_db()
    threshold = community_settings_for(organisation=organisation).reports_to_hide
    if post.status == PostStatus.PUBLISHED and post.open_reports >= threshold:
        post.status = PostStatus.HIDDEN
        post.save(update_fields=["status", "updated_at"])
        ModerationDecision.objects.create(
            organisation=organisation,
            post=post,
            moderator=None,
            action=ModerationAction.AUTO_HIDE,
            note=f"Hidden after {post.open_reports} reports, until a moderator reviews it.",
        )
    return post


def _moderated_post(organisation: Organisation, moderator: Person, post_id: int, note: str) -> tuple[Post, str]:
    if not can_moderate(organisation=organisation, person=moderator):
        raise PermissionDeniedError("Only programme admins and facilitators moderate the space.")
    post = Post.objects.filter(organisation=organisation, pk=post_id).first()
    if post is None:
        raise NotFoundError("There is no such post here.")
    if post.author_id == moderator.pk:
        raise PermissionDeniedError("You cannot moderate your own post: another moderator must decide.")
    note = clean_text(note, multiline=True).strip()
    if not note:
        raise CommunityError(errors={"note": ["Write a note for the decision log: what you did and why."]})
    return post, note


def _resolve_reports(post: Post, now: datetime) -> None:
    Report.objects.filter(organisation=post.organisation, post=post, resolved_at=None).update(resolved_at=now)
    post.open_reports = 0


@transaction.atomic
def post_hide(*, organisation: Organisation, moderator: Person, post_id: int, note: str) -> Post:
    """Hide a post from everyone but its author and the moderators, and log why."""
    post, note = _moderated_post(organisation, moderator, post_id, note)
    now = timezone.now()
    post.status = PostStatus.HIDDEN
    _resolve_reports(post, now)
    post.save(update_fields=["status", "open_reports", "updated_at"])
    ModerationDecision.objects.create(
        organisation=organisation, post=post, moderator=moderator, action=ModerationAction.HIDE, note=note
    )
    return post


@transaction.atomic
def post_restore(*, organisation: Organisation, moderator: Person, post_id: int, note: str) -> Post:
    """Publish a hidden post again (or keep a reported one up), closing its reports, and log why."""
    post, note = _moderated_post(organisation, moderator, post_id, note)
    now = timezone.now()
    action = ModerationAction.RESTORE if post.status == PostStatus.HIDDEN else ModerationAction.DISMISS
    if post.status == PostStatus.HIDDEN:
        post.status = PostStatus.PUBLISHED
        post.published_at = post.published_at or now
    _resolve_reports(post, now)
    post.save(update_fields=["status", "published_at", "open_reports", "updated_at"])
    ModerationDecision.objects.create(
        organisation=organisation, post=post, moderator=moderator, action=action, note=note
    )
    return post


@transaction.atomic
def post_moderate_edit(*, organisation: Organisation, moderator: Person, post_id: int, body: str, note: str) -> Post:
    """Change a post's words as a moderator, keeping the old words and the reason in the decision log."""
    post, note = _moderated_post(organisation, moderator, post_id, note)
    new_body = clean_text(body, multiline=True).strip()
    if not new_body:
        raise CommunityError(errors={"body": ["The post cannot be empty; hide it instead."]})
    if len(new_body) > MAX_BODY:
        raise CommunityError(errors={"body": [f"Keep it under {MAX_BODY:,} characters."]})
    previous = post.body
    search_unindex(post_id=post.pk, title=post.title, body=post.body, why_it_works=post.why_it_works)
    post.body = new_body
    post.save(update_fields=["body", "updated_at"])
    search_index(post)
    ModerationDecision.objects.create(
        organisation=organisation,
        post=post,
        moderator=moderator,
        action=ModerationAction.EDIT,
        note=note,
        previous_body=previous,
    )
    return post


def digest_preference_set(*, organisation: Organisation, person: Person, frequency: str) -> DigestPreference:
    """Choose how often one's email digest comes: daily, weekly or never."""
    if frequency not in DigestFrequency.values:
        raise CommunityError(errors={"frequency": [f"Choose one of: {', '.join(DigestFrequency.values)}."]})
    preference, _ = DigestPreference.objects.update_or_create(
        organisation=organisation, person=person, defaults={"frequency": frequency}
    )
    return preference


def notifications_mark_read(*, organisation: Organisation, person: Person) -> int:
    """Mark all of one's notifications read; return how many were unread."""
    return Notification.objects.filter(organisation=organisation, person=person, read_at=None).update(
        read_at=timezone.now()
    )


ERASED_TEXT = "(Removed at the author's request.)"


@transaction.atomic
def person_contributions_erase(*, organisation: Organisation, person_id: int) -> list[int]:
    """Remove the words, links and images a person wrote, keeping votes and counts; return the posts' ids.

    The search index forgets the old words in the same transaction. Reports they wrote lose their reason,
    and their notifications and saved items go.
    """
    posts = list(Post.objects.filter(organisation=organisation, author_id=person_id))
    for post in posts:
        search_unindex(post_id=post.pk, title=post.title, body=post.body, why_it_works=post.why_it_works)
        post.title = ERASED_TEXT if post.title else ""
        post.body, post.why_it_works, post.link, post.findings = ERASED_TEXT, "", "", []
        post.save(update_fields=["title", "body", "why_it_works", "link", "findings", "updated_at"])
        search_index(post)
    images = PostImage.objects.filter(organisation=organisation, post__author_id=person_id)
    for image in images:
        image.file.delete(save=False)
    images.delete()
    Report.objects.filter(organisation=organisation, reporter_id=person_id).update(reason=ERASED_TEXT)
    Notification.objects.filter(organisation=organisation, person_id=person_id).delete()
    SavedItem.objects.filter(organisation=organisation, person_id=person_id).delete()
    return [post.pk for post in posts]
