"""Learning pages: my learning, the lesson player and the quiz."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.learning import selectors, services
from socialu.people.selectors import person_for_user

NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster yet — ask your programme admin "
    "to link it, and your progress will be saved from then on."
)
_STARTED_SALT = "socialu.learning.quiz-started"
_ONE_DAY = 24 * 60 * 60


@require_GET
@org_view(Capability.VIEW_OWN_LEARNING)
def my_learning(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the signed-in person's courses, their progress and what to do next."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    learning = selectors.my_learning(organisation=org.organisation, person=person) if person else None
    return render(request, "learning/my_learning.html", {"learning": learning, "not_linked": NOT_LINKED})


@require_GET
@org_view(Capability.VIEW_OWN_LEARNING)
def learning_lesson(request: HttpRequest, org: OrgContext, course_slug: str, lesson_slug: str) -> HttpResponse:
    """Show one lesson with previous and next links and a button to mark it as done."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    player = selectors.lesson_player(
        organisation=org.organisation, person=person, course_slug=course_slug, lesson_slug=lesson_slug
    )
    if player is None:
        raise Http404("There is no such lesson in this course.")
    return render(
        request, "learning/lesson.html", {"player": player, "linked": person is not None, "not_linked": NOT_LINKED}
    )


@require_POST
@org_view(Capability.VIEW_OWN_LEARNING)
def lesson_complete(request: HttpRequest, org: OrgContext, course_slug: str, lesson_slug: str) -> HttpResponse:
    """Mark a lesson as done, then go on to the next lesson, the quiz, or back to my learning."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    player = selectors.lesson_player(
        organisation=org.organisation, person=person, course_slug=course_slug, lesson_slug=lesson_slug
    )
    if player is None:
        raise Http404("There is no such lesson in this course.")
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("learning_lesson", org.slug, course_slug, lesson_slug)
    try:
        services.lesson_complete(person=person, lesson=player.lesson)
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect("learning_lesson", org.slug, course_slug, lesson_slug)
    messages.success(request, f"“{player.lesson.title}” is marked as done.")
    if player.next is not None:
        return redirect("learning_lesson", org.slug, course_slug, player.next.slug)
    if player.has_quiz and not player.quiz_passed:
        return redirect("quiz_take", org.slug, course_slug)
    return redirect("my_learning", org.slug)


def _answers_from(data: QueryDict, view: selectors.QuizView) -> dict[str, list[int]]:
    """Return question key → chosen positions; a value that is not a number becomes -1, which is refused."""
    answers: dict[str, list[int]] = {}
    for item in view.questions:
        values = data.getlist(f"answer-{item.question.key}")
        answers[item.question.key] = [int(value) if value.isdigit() else -1 for value in values]
    return answers


def _started_at(token: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(signing.loads(token, salt=_STARTED_SALT, max_age=_ONE_DAY)), tz=UTC)
    except (signing.BadSignature, TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
@org_view(Capability.VIEW_OWN_LEARNING)
def quiz_take(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Show a course's quiz; on submission, grade it and show the result with feedback."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    view = selectors.quiz_view(organisation=org.organisation, person=person, course_slug=course_slug)
    if view is None:
        raise Http404("This course has no quiz.")
    context = {
        "view": view,
        "linked": person is not None,
        "not_linked": NOT_LINKED,
        "started": signing.dumps(datetime.now(tz=UTC).timestamp(), salt=_STARTED_SALT),
        "items": [(item, set()) for item in view.questions],
    }
    if request.method == "GET":
        return render(request, "learning/quiz.html", context)
    answers = _answers_from(request.POST, view)
    # Whatever goes wrong, the page comes back with the person's answers still chosen.
    context["items"] = [(item, set(answers[item.question.key])) for item in view.questions]
    context["started"] = request.POST.get("started") or context["started"]
    if person is None:
        return render(request, "learning/quiz.html", {**context, "error": NOT_LINKED})
    try:
        attempt = services.quiz_attempt_submit(
            person=person,
            quiz=view.quiz,
            answers={key: positions for key, positions in answers.items() if positions},
            started_at=_started_at(request.POST.get("started", "")),
        )
    except services.LearningError as error:
        return render(request, "learning/quiz.html", {**context, "error": str(error)})
    after = selectors.quiz_view(organisation=org.organisation, person=person, course_slug=course_slug)
    assert after is not None
    withheld = selectors.answers_withheld_message(view=after)
    return render(
        request,
        "learning/quiz_result.html",
        {
            "view": after,
            "attempt": attempt,
            "withheld": withheld,
            "results": () if withheld else selectors.attempt_results(view=after, attempt=attempt),
        },
    )
