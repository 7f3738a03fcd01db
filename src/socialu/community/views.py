"""Knowledge-sharing pages: thin views over the services and selectors."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.community import digests, selectors, services
from socialu.community.forms import DigestForm, GalleryForm, ModerateForm, PostForm, ReportForm, SearchForm
from socialu.community.models import Post, PostKind, PostStatus
from socialu.community.presenting import author_shown
from socialu.community.search import SearchFilters
from socialu.community.services import PostOutcome
from socialu.core.errors import DomainError, InvalidInputError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.models import Person
from socialu.people.selectors import person_for_user

NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster. Ask your programme admin to link it."
)
PAGE_SIZE = 25


def _person(org: OrgContext) -> Person | None:
    return person_for_user(organisation=org.organisation, user_id=org.user_id)


def _moderator(org: OrgContext) -> bool:
    return org.can(Capability.MODERATE_COMMUNITY)


def _form_errors(form: Any, error: DomainError) -> None:
    """Show a service's refusal on the form, field by field, keeping what was typed."""
    for field, problems in error.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    if not error.errors:
        form.add_error(None, error.message)


def _write(request: HttpRequest, org: OrgContext, kind: str, form: PostForm, parent: Post | None) -> PostOutcome:
    """Send the form to the right service: a new post, or the draft it revises."""
    person = _person(org)
    if person is None:
        raise InvalidInputError(NOT_LINKED)
    content = form.content(request.FILES.getlist("images"))
    confirm = form.cleaned_data.get("confirm_warning", False)
    draft_id = request.POST.get("draft_id", "")
    common: dict[str, Any] = {"organisation": org.organisation, "confirm_warning": confirm}
    if draft_id.isdigit():
        return services.post_revise(**common, author=person, post_id=int(draft_id), content=content)
    if kind == PostKind.TIP:
        return services.tip_post(**common, author=person, content=content)
    if kind == PostKind.QUESTION:
        return services.question_ask(
            **common, author=person, content=content, anonymous=form.cleaned_data.get("anonymous", False)
        )
    if kind == PostKind.GALLERY:
        return services.gallery_suggest(**common, author=person, content=content)
    assert parent is not None
    if kind == PostKind.ANSWER:
        return services.answer_post(**common, author=person, question_id=parent.pk, content=content)
    return services.comment_post(**common, author=person, post_id=parent.pk, content=content)


def _compose(
    request: HttpRequest, org: OrgContext, *, kind: str, template: str, parent: Post | None = None
) -> HttpResponse:
    form_class = GalleryForm if kind == PostKind.GALLERY else PostForm
    form = form_class(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "kind": kind, "parent": parent, "draft": None}
    if request.method == "POST" and form.is_valid():
        try:
            outcome = _write(request, org, kind, form, parent)
        except DomainError as error:
            _form_errors(form, error)
        else:
            post = outcome.post
            if outcome.published:
                messages.success(request, "Published." if post.status == PostStatus.PUBLISHED else "Suggested.")
                target = post.parent_id if post.kind in {PostKind.ANSWER, PostKind.COMMENT} else post.pk
                return redirect("community_post", org.slug, target)
            context["draft"] = post
    return render(request, template, context, status=422 if form.errors else 200)


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def tips(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the published tips, newest first, by skill and platform."""
    skill, platform = request.GET.get("skill", "")[:80], request.GET.get("platform", "")[:32]
    posts = selectors.posts_published(organisation=org.organisation, kind=PostKind.TIP, skill=skill, platform=platform)
    page = Paginator(posts.prefetch_related("tags"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/tips.html", {"page": page, "skill": skill, "platform": platform})


@require_http_methods(["GET", "POST"])
@org_view(Capability.SHARE_KNOWLEDGE)
def tip_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Share a tip; the pre-flight check keeps it as a draft when it finds a problem."""
    return _compose(request, org, kind=PostKind.TIP, template="community/compose.html")


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def questions(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the questions, or only those still waiting for an answer."""
    unanswered = request.GET.get("unanswered") == "1"
    posts = (
        selectors.questions_unanswered(organisation=org.organisation)
        if unanswered
        else selectors.posts_published(organisation=org.organisation, kind=PostKind.QUESTION)
    )
    page = Paginator(posts.select_related("author"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(post, author_shown(post, viewer=_person(org), moderator=_moderator(org))) for post in page]
    return render(request, "community/questions.html", {"page": page, "rows": rows, "unanswered": unanswered})


@require_http_methods(["GET", "POST"])
@org_view(Capability.SHARE_KNOWLEDGE)
def ask(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Ask a question; similar questions are suggested while the title is typed."""
    return _compose(request, org, kind=PostKind.QUESTION, template="community/compose.html")


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def similar(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Return the list of questions like the title being typed (an htmx fragment)."""
    text = request.GET.get("title", "")[:500]
    page = selectors.similar_questions(organisation=org.organisation, text=text)
    return render(request, "community/_similar.html", {"hits": page.hits, "typed": bool(text.strip())})


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def gallery(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the gallery of good examples, and to admins the suggestions waiting for them."""
    audience, platform = request.GET.get("audience", "")[:32], request.GET.get("platform", "")[:32]
    posts = selectors.posts_published(
        organisation=org.organisation, kind=PostKind.GALLERY, audience=audience, platform=platform
    )
    page = Paginator(posts.prefetch_related("tags", "components"), PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = (
        list(selectors.gallery_suggestions(organisation=org.organisation)[:50])
        if org.can(Capability.CURATE_GALLERY)
        else []
    )
    return render(request, "community/gallery.html", {"page": page, "suggestions": suggestions})


@require_http_methods(["GET", "POST"])
@org_view(Capability.SHARE_KNOWLEDGE)
def gallery_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Suggest a good example for the gallery (an admin's own goes straight in)."""
    return _compose(request, org, kind=PostKind.GALLERY, template="community/compose.html")


def _visible(org: OrgContext, post_id: int) -> Post:
    post = selectors.post_get(
        organisation=org.organisation, post_id=post_id, viewer=_person(org), moderator=_moderator(org)
    )
    if post is None:
        raise Http404("There is no such post here.")
    return post


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def post_detail(request: HttpRequest, org: OrgContext, post_id: int) -> HttpResponse:
    """Show a post with its answers and comments, and the forms to add one."""
    post = _visible(org, post_id)
    if post.kind in {PostKind.ANSWER, PostKind.COMMENT} and post.parent_id:
        return redirect("community_post", org.slug, post.parent_id)
    return _detail(request, org, post, reply_form=PostForm(), reply_kind="")


def _detail(
    request: HttpRequest,
    org: OrgContext,
    post: Post,
    *,
    reply_form: PostForm,
    reply_kind: str,
    draft: Post | None = None,
) -> HttpResponse:
    person, moderator = _person(org), _moderator(org)
    answers = selectors.children_of(organisation=org.organisation, post=post, kind=PostKind.ANSWER, viewer=person)
    comments = selectors.children_of(organisation=org.organisation, post=post, kind=PostKind.COMMENT, viewer=person)
    context = {
        "post": post,
        "author": author_shown(post, viewer=person, moderator=moderator),
        "answers": answers,
        "comments": comments,
        "is_author": person is not None and person.pk == post.author_id,
        "moderator": moderator,
        "reply_form": reply_form,
        "reply_kind": reply_kind,
        "report_form": ReportForm(),
        "draft": draft,
    }
    return render(request, "community/post.html", context, status=422 if reply_form.errors else 200)


@require_POST
@org_view(Capability.SHARE_KNOWLEDGE)
def reply(request: HttpRequest, org: OrgContext, post_id: int) -> HttpResponse:
    """Answer a question or comment on a post; a pre-flight problem shows on the page with the text kept."""
    post = _visible(org, post_id)
    kind = (
        PostKind.ANSWER if request.POST.get("kind") == "answer" and post.kind == PostKind.QUESTION else PostKind.COMMENT
    )
    form = PostForm(request.POST, request.FILES or None)
    draft = None
    if form.is_valid():
        try:
            outcome = _write(request, org, kind, form, post)
        except DomainError as error:
            _form_errors(form, error)
        else:
            if outcome.published:
                messages.success(request, "Published.")
                return redirect("community_post", org.slug, post.pk)
            form.add_error(None, "The pre-flight check kept this as a draft: see the findings below.")
            draft = outcome.post
    return _detail(request, org, post, reply_form=form, reply_kind=kind, draft=draft)


@require_POST
@org_view(Capability.SHARE_KNOWLEDGE)
def post_action(request: HttpRequest, org: OrgContext, post_id: int) -> HttpResponse:
    """Vote, save, accept, report or (admins) pick for the gallery; then back to the post."""
    post = _visible(org, post_id)
    person = _person(org)
    action = request.POST.get("action", "")
    target = post.parent_id if post.kind in {PostKind.ANSWER, PostKind.COMMENT} and post.parent_id else post.pk
    try:
        if person is None:
            raise InvalidInputError(NOT_LINKED)
        _act(org, person, post, action, request.POST)
    except DomainError as error:
        messages.error(request, error.message + " " + " ".join(p.message for p in error.details))
    return redirect("community_post", org.slug, target)


def _act(org: OrgContext, person: Person, post: Post, action: str, data: Any) -> None:
    organisation = org.organisation
    if action in {"useful", "not_useful"}:
        services.post_vote(organisation=organisation, person=person, post_id=post.pk, useful=action == "useful")
    elif action in {"save", "unsave"}:
        services.item_save(organisation=organisation, person=person, post_id=post.pk, saved=action == "save")
    elif action == "accept" and post.parent_id:
        services.answer_accept(organisation=organisation, person=person, question_id=post.parent_id, answer_id=post.pk)
    elif action == "report":
        services.post_report(organisation=organisation, reporter=person, post_id=post.pk, reason=data.get("reason", ""))
    elif action == "pick" and org.can(Capability.CURATE_GALLERY):
        services.gallery_pick(organisation=organisation, curator=person, post_id=post.pk)
    else:
        raise InvalidInputError("That action is not available here.")


@require_GET
@org_view(Capability.SHARE_KNOWLEDGE)
def search(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Search tips, questions, answers and the gallery, with filters; matched words are highlighted."""
    form = SearchForm(request.GET or None)
    hits: list[Any] = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        filters = SearchFilters(
            kind=data["kind"],
            skill=data["skill"].strip().lower(),
            platform=data["platform"],
            audience=data["audience"],
            since=datetime.combine(data["since"], time.min, tzinfo=UTC) if data["since"] else None,
            until=datetime.combine(data["until"], time.max, tzinfo=UTC) if data["until"] else None,
        )
        hits = selectors.community_search(organisation=org.organisation, query=data["q"], filters=filters).hits
    return render(
        request, "community/search.html", {"form": form, "hits": hits, "searched": bool(request.GET.get("q"))}
    )


@require_GET
@org_view(Capability.MODERATE_COMMUNITY)
def moderation(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the moderation queue and the latest decisions."""
    queue = list(selectors.moderation_queue(organisation=org.organisation)[:100])
    log = list(selectors.decision_log(organisation=org.organisation)[:50])
    context = {
        "queue": queue,
        "log": log,
        "form": ModerateForm(),
        "reports_to_hide": selectors.reports_to_hide(organisation=org.organisation),
        "me": _person(org),
    }
    return render(request, "community/moderation.html", context)


@require_POST
@org_view(Capability.MODERATE_COMMUNITY)
def moderate(request: HttpRequest, org: OrgContext, post_id: int) -> HttpResponse:
    """Hide, restore or edit a post with a note; refusals (your own post, no note) show as a message."""
    post_id = _visible(org, post_id).pk
    form = ModerateForm(request.POST)
    person = _person(org)
    if not form.is_valid() or person is None:
        messages.error(request, NOT_LINKED if person is None else "Choose an action and write a note for the log.")
        return redirect("community_moderation", org.slug)
    data = form.cleaned_data
    common: dict[str, Any] = {"organisation": org.organisation, "moderator": person, "post_id": post_id}
    try:
        if data["action"] == "hide":
            services.post_hide(**common, note=data["note"])
        elif data["action"] == "restore":
            services.post_restore(**common, note=data["note"])
        else:
            services.post_moderate_edit(**common, note=data["note"], body=data["body"])
        messages.success(request, "Decision recorded.")
    except DomainError as error:
        messages.error(request, error.message + " " + " ".join(p.message for p in error.details))
    return redirect("community_moderation", org.slug)


@require_GET
@org_view(Capability.MODERATE_COMMUNITY)
def decisions_csv(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the moderation decision log as CSV."""
    from socialu.community.exports import decisions_csv_lines
    from socialu.core.downloads import download_lines

    return download_lines(
        decisions_csv_lines(organisation=org.organisation), filename=f"{org.slug}-community-decisions.csv"
    )


@require_http_methods(["GET", "POST"])
@org_view(Capability.SHARE_KNOWLEDGE)
def notifications(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show one's notifications and saved items, and choose how often the digest comes."""
    person = _person(org)
    if person is None:
        return render(request, "community/notifications.html", {"not_linked": NOT_LINKED})
    current = selectors.digest_frequency(organisation=org.organisation, person=person)
    form = DigestForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        services.digest_preference_set(
            organisation=org.organisation, person=person, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, "Saved.")
        return redirect("community_notifications", org.slug)
    notes = list(selectors.notifications_for(organisation=org.organisation, person=person)[:50])
    services.notifications_mark_read(organisation=org.organisation, person=person)
    saved = list(selectors.saved_items(organisation=org.organisation, person=person)[:50])
    return render(request, "community/notifications.html", {"notes": notes, "saved": saved, "form": form})


@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """Stop someone's digest from the link in it, without signing in (a button, so link checkers change nothing)."""
    valid = digests.unsubscribe_token_read(token) is not None
    if not valid:
        return render(request, "community/unsubscribe.html", {"valid": False}, status=404)
    if request.method == "POST":
        digests.unsubscribe(token)
        return render(request, "community/unsubscribe.html", {"valid": True, "done": True})
    return render(request, "community/unsubscribe.html", {"valid": True, "done": False})
