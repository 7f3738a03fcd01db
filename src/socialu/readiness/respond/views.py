"""The respondent's form at /r/<token>/: the assessment's questions, saved as they go, no sign-in needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from socialu.readiness import selectors, services
from socialu.readiness.models import Answer, AssessmentStatus, Respondent
from socialu.readiness.question_set.selectors import assessment_questions
from socialu.readiness.questions import ReadinessQuestion


def _missing(request: HttpRequest) -> HttpResponse:
    return render(request, "readiness/respond_missing.html", status=404)


def _unavailable(request: HttpRequest, respondent: Respondent) -> HttpResponse | None:
    """Return a friendly page when the assessment is not open, else None."""
    status = respondent.assessment.status
    if status == AssessmentStatus.OPEN:
        return None
    context = {"assessment": respondent.assessment, "closed": status == AssessmentStatus.CLOSED}
    return render(request, "readiness/respond_closed.html", context, status=200 if context["closed"] else 404)


def _choices(question: ReadinessQuestion) -> list[dict[str, Any]]:
    return [{"value": point, "descriptor": question.descriptors.get(point, "Between")} for point in range(1, 6)]


def _items(respondent: Respondent, posted: dict[str, str] | None = None) -> list[dict[str, Any]]:
    saved = selectors.answers_for(respondent=respondent)
    items = []
    for question in assessment_questions(assessment=respondent.assessment):
        answer = saved.get(question.slug)
        value = str(answer.value) if answer and answer.value is not None else ""
        note = answer.note if answer else ""
        if posted is not None:
            value = posted.get(f"value-{question.slug}", value)
            note = posted.get(f"note-{question.slug}", note)
        items.append({"question": question, "choices": _choices(question), "value": value, "note": note})
    return items


def _changed(answer: Answer | None, value: str, note: str) -> bool:
    old_value = "" if answer is None or answer.value is None else str(answer.value)
    old_note = "" if answer is None else answer.note
    return value.strip() != old_value or note.strip() != old_note


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """Show the ten questions with any saved answers; a normal POST saves them all (and may send them)."""
    respondent = selectors.respondent_for_token(raw=token)
    if respondent is None:
        return _missing(request)
    unavailable = _unavailable(request, respondent)
    if unavailable is not None:
        return unavailable
    errors: dict[str, str] = {}
    if request.method == "POST":
        saved = selectors.answers_for(respondent=respondent)
        for question in assessment_questions(assessment=respondent.assessment):
            value = request.POST.get(f"value-{question.slug}", "")
            note = request.POST.get(f"note-{question.slug}", "")
            if not _changed(saved.get(question.slug), value, note):
                continue
            try:
                services.answer_save(respondent=respondent, question=question.slug, value=value, note=note)
            except services.ReadinessError as error:
                errors[question.slug] = str(error)
        if not errors:
            if request.POST.get("action") == "send":
                try:
                    services.respondent_submit(respondent=respondent)
                except services.ReadinessError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        "Thank you: your answers are sent. You can still change them until the assessment closes.",
                    )
            else:
                messages.success(request, "Your answers are saved. Come back to this link at any time to finish.")
            return redirect("readiness_respond", token)
    context = {
        "respondent": respondent,
        "assessment": respondent.assessment,
        "organisation": respondent.assessment.organisation,
        "items": _items(respondent, {key: str(request.POST.get(key, "")) for key in request.POST} if errors else None),
        "errors": errors,
        "token": token,
        "answered": sum(1 for a in selectors.answers_for(respondent=respondent).values() if a.value is not None),
    }
    return render(request, "readiness/respond.html", context)


@require_POST
def respond_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Save one question as the respondent changes it (htmx); reply with the short status shown beside it."""
    respondent = selectors.respondent_for_token(raw=token)
    if respondent is None:
        return _missing(request)
    slug = request.POST.get("question", "")
    value = request.POST.get(f"value-{slug}", "")
    note = request.POST.get(f"note-{slug}", "")
    try:
        services.answer_save(respondent=respondent, question=slug, value=value, note=note)
    except services.ReadinessError as error:
        return render(request, "readiness/_saved.html", {"error": str(error)})
    return render(request, "readiness/_saved.html", {"error": ""})
