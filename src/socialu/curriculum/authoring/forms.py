"""Forms for writing courses, lessons, quizzes and learning paths in the browser."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from socialu.core.audiences import Audience
from socialu.curriculum.authoring.services import ChoiceInput
from socialu.curriculum.models import AnswersShown, Competency, Component, CourseLevel, QuestionKind

# Rows of choices shown in the question form; empty rows are ignored.
CHOICE_ROWS = 6


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="What learners see in the catalogue, e.g. “Replying well”.")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two plain sentences: who the course is for and what they will be able to do.",
    )
    component = forms.ModelChoiceField(
        queryset=Component.objects.none(), empty_label=None, help_text="The part of the curriculum it belongs to."
    )
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, help_text="Who the course is written for."
    )
    level = forms.ChoiceField(choices=CourseLevel.choices)
    competencies = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What a learner can do after the course; certification and reports use them.",
    )
    estimated_minutes = forms.IntegerField(
        min_value=0,
        max_value=600,
        initial=0,
        label="Estimated minutes",
        help_text="Leave at 0 to add up the lessons' minutes when you publish.",
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Component.objects.filter(organisation_id=organisation_id).order_by("number")
        competencies = self.fields["competencies"]
        assert isinstance(competencies, forms.ModelMultipleChoiceField)
        competencies.queryset = Competency.objects.filter(organisation_id=organisation_id).order_by("name")


class NewCourseForm(CourseForm):
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label="Web address name",
        help_text="Lower-case letters, numbers and hyphens. Leave empty to make one from the title. It never changes.",
    )


class ModuleForm(forms.Form):
    title = forms.CharField(max_length=200, label="Module title")


class LessonForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Lesson text",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="Markdown: ## for headings, - for lists, **bold**, [a link](https://…). The preview shows it.",
    )
    estimated_minutes = forms.IntegerField(min_value=1, max_value=60, initial=5, label="Estimated minutes")
    media_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Link to a video or reading (optional)",
        help_text="A full web address starting with https://.",
    )


class QuizForm(forms.Form):
    title = forms.CharField(max_length=200, label="Quiz title")
    pass_mark = forms.IntegerField(min_value=1, max_value=100, initial=80, help_text="Percent needed to pass.")
    attempts_allowed = forms.IntegerField(
        min_value=0, max_value=20, initial=3, help_text="How many tries each learner gets; 0 means unlimited."
    )
    shuffle = forms.BooleanField(required=False, initial=True, label="Shuffle the choices for each attempt")
    answers_shown = forms.ChoiceField(
        choices=AnswersShown.choices,
        initial=AnswersShown.AFTER_PASSING,
        label="Show which answers were right",
        help_text="Until then learners see only their score, so the answers cannot be worked out by trying.",
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionKind.choices, label="Kind of question")
    situation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Scenario questions only: the situation the learner reads first (Markdown).",
    )
    prompt = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Question")


def choice_rows(data: QueryDict | None, initial: list[ChoiceInput] | None = None) -> list[dict[str, Any]]:
    """Return the rows of the choice table, from what was posted or from the saved choices."""
    rows = []
    for index in range(CHOICE_ROWS):
        if data is not None:
            rows.append(
                {
                    "index": index,
                    "text": data.get(f"choice-{index}-text", ""),
                    "feedback": data.get(f"choice-{index}-feedback", ""),
                    "is_correct": data.get(f"choice-{index}-correct") == "on",
                }
            )
        else:
            saved = initial[index] if initial and index < len(initial) else None
            rows.append(
                {
                    "index": index,
                    "text": saved.text if saved else "",
                    "feedback": saved.feedback if saved else "",
                    "is_correct": saved.is_correct if saved else False,
                }
            )
    return rows


def choices_from(rows: list[dict[str, Any]]) -> list[ChoiceInput]:
    """Return the choices typed into the rows, leaving out rows that are completely empty."""
    return [
        ChoiceInput(text=row["text"], is_correct=row["is_correct"], feedback=row["feedback"])
        for row in rows
        if row["text"].strip() or row["feedback"].strip() or row["is_correct"]
    ]


class PathCreateForm(forms.Form):
    audience = forms.ChoiceField(choices=Audience.choices)
    title = forms.CharField(max_length=200, label="Path title")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PathAddForm(forms.Form):
    course = forms.ChoiceField(choices=[], label="Course")
    required = forms.BooleanField(required=False, initial=True, label="Required (uncheck for an elective)")

    def __init__(self, *args: Any, courses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = courses
