"""Readiness assessments: who is asked, and what they answered."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from socialu.core.models import TenantModel
from socialu.people.models import Person


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Assessment(TenantModel):
    """One run of the ten readiness questions across a group of people."""

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    anonymous = models.BooleanField(default=False, help_text="When set, the results never show who gave which answer.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    question_set = models.JSONField(
        default=list,
        blank=True,
        help_text="The questions and weights as they were when the assessment opened, so later edits leave it alone.",
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"], name="assessment_org_created")]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Question(TenantModel):
    """An organisation's own question, or its weight for one of the ten built-in questions.

    For a built-in question only ``slug`` and ``weight`` matter: its wording comes from questions.yaml.
    """

    slug = models.SlugField(max_length=60)
    builtin = models.BooleanField(default=False)
    title = models.CharField(max_length=120, blank=True)
    prompt = models.CharField(max_length=400, blank=True)
    descriptor_1 = models.TextField(blank=True)
    descriptor_3 = models.TextField(blank=True)
    descriptor_5 = models.TextField(blank=True)
    dimension = models.SlugField(max_length=40, blank=True)
    weight = models.DecimalField(max_digits=3, decimal_places=1, default=Decimal("1.0"))
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_readiness_question_slug"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=Decimal("0.1"), weight__lte=Decimal("10.0")),
                name="readiness_question_weight_range",
            ),
        ]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or self.slug


class Respondent(TenantModel):
    """A person asked to answer an assessment; the emailed link carries a token whose hash is kept here."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "assessment", "person"], name="unique_respondent_per_assessment"
            )
        ]
        indexes = [models.Index(fields=["person"], name="respondent_person")]

    def __str__(self) -> str:
        return f"Respondent {self.pk} to {self.assessment_id}"


class Answer(TenantModel):
    """A respondent's current answer to one question (1–5, or empty with only a note)."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.SlugField(max_length=60)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "respondent", "question"], name="unique_answer_per_respondent_question"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="answer_value_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["respondent"], name="answer_respondent")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class AnswerHistory(TenantModel):
    """Every answer as it was saved, so a changed answer is never lost."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="+", db_index=False)
    question = models.SlugField(max_length=60)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "respondent", "question", "saved_at"], name="answer_history_lookup"),
            models.Index(fields=["respondent"], name="answer_history_respondent"),
        ]
        ordering = ["saved_at", "pk"]
        verbose_name_plural = "answer history"

    def __str__(self) -> str:
        return f"{self.question}: {self.value} at {self.saved_at}"
