"""Pages where programme admins add their own questions and set how much each question counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.readiness.forms import QuestionForm, WeightsForm
from socialu.readiness.models import Question
from socialu.readiness.question_set import selectors as question_selectors
from socialu.readiness.question_set import services as question_services
from socialu.readiness.services import ReadinessError


def _question_or_404(org: OrgContext, question_id: int) -> Question:
    question = question_selectors.question_get(organisation=org.organisation, question_id=question_id)
    if question is None:
        raise Http404("There is no such question.")
    return question


@require_http_methods(["GET", "POST"])
@org_view(Capability.RUN_ASSESSMENTS)
def assessment_questions(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the questions new assessments ask, set their weights, and add a question of the organisation's own."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    current = question_selectors.question_set(organisation=org.organisation)
    weights_form = WeightsForm(request.POST if action == "weights" else None, questions=current)
    question_form = QuestionForm(request.POST if action == "add" else None)
    try:
        if action == "weights" and weights_form.is_valid():
            changed = question_services.question_weights_set(
                organisation=org.organisation, weights=weights_form.weights()
            )
            messages.success(request, f"Weights saved ({changed} changed). New assessments use them.")
            return redirect("assessment_questions", org.slug)
        if action == "add" and question_form.is_valid():
            question = question_services.question_create(
                organisation=org.organisation,
                title=question_form.cleaned_data["title"],
                prompt=question_form.cleaned_data["prompt"],
                descriptors=question_form.descriptors(),
                dimension=question_form.cleaned_data["dimension"],
                weight=question_form.cleaned_data["weight"],
            )
            messages.success(request, f"“{question.title}” is added. Assessments opened from now on ask it.")
            return redirect("assessment_questions", org.slug)
    except ReadinessError as error:
        (weights_form if action == "weights" else question_form).add_error(None, str(error))
    rows = question_selectors.questions_admin_list(organisation=org.organisation)
    context = {
        "rows": rows,
        "retired_rows": [row for row in rows if row.retired],
        "weights_form": weights_form,
        "question_form": question_form,
    }
    return render(request, "readiness/questions.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.RUN_ASSESSMENTS)
def assessment_question_edit(request: HttpRequest, org: OrgContext, readiness_question_id: int) -> HttpResponse:
    """Change, retire or restore one of the organisation's own questions."""
    question = _question_or_404(org, readiness_question_id)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    initial = {
        "title": question.title,
        "prompt": question.prompt,
        "descriptor_1": question.descriptor_1,
        "descriptor_3": question.descriptor_3,
        "descriptor_5": question.descriptor_5,
        "dimension": question.dimension,
        "weight": question.weight,
    }
    form = QuestionForm(request.POST if action == "save" else None, initial=initial)
    try:
        if action == "retire":
            question_services.question_retire(question=question)
            messages.success(request, f"“{question.title}” is retired: new assessments no longer ask it.")
            return redirect("assessment_questions", org.slug)
        if action == "restore":
            question_services.question_restore(question=question)
            messages.success(request, f"“{question.title}” is asked again in new assessments.")
            return redirect("assessment_questions", org.slug)
        if action == "save" and form.is_valid():
            question_services.question_update(
                question=question,
                title=form.cleaned_data["title"],
                prompt=form.cleaned_data["prompt"],
                descriptors=form.descriptors(),
                dimension=form.cleaned_data["dimension"],
                weight=form.cleaned_data["weight"],
            )
            messages.success(request, "The question is saved. Assessments already opened keep the earlier wording.")
            return redirect("assessment_questions", org.slug)
    except ReadinessError as error:
        form.add_error(None, str(error))
    return render(request, "readiness/question_edit.html", {"question": question, "form": form})
