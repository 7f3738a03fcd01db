"""Models of the practice sandbox: scenarios, learners' attempts, and reviews of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class ScenarioStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class Difficulty(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Scenario(TenantModel):
    """A realistic moment on a social platform that learners answer in the composer."""

    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    platform = models.CharField(max_length=16)
    account_kind = models.CharField(max_length=16, help_text="official or personal: whose account the learner uses.")
    audiences = models.JSONField(default=list, help_text="The audiences the scenario suits.")
    difficulty = models.CharField(max_length=16, choices=Difficulty.choices)
    situation_type = models.CharField(max_length=40)
    brief = models.TextField()
    task = models.TextField()
    replying_to_author = models.CharField(max_length=200, blank=True)
    replying_to_author_kind = models.CharField(max_length=16, blank=True)
    replying_to_text = models.TextField(blank=True)
    good_looks_like = models.JSONField(default=list)
    pitfalls = models.JSONField(default=list)
    rubric = models.JSONField(default=dict, help_text="criterion → {strong, weak}.")
    model_answer = models.TextField()
    model_answer_notes = models.TextField()
    policy_traps = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=ScenarioStatus.choices, default=ScenarioStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_scenario_slug_per_org"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "platform"], name="scenario_org_status_platform")]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ReviewRule(models.TextChoices):
    """Whose review decides whether a practice answer passes; everyone else's is advice."""

    LEADS_DECIDE = "leads_decide", "A mentor, facilitator or programme admin decides; other reviews are advice"
    LEADS_AND_CHAMPIONS_DECIDE = (
        "leads_and_champions_decide",
        "Champions decide too, with mentors, facilitators and programme admins; other reviews are advice",
    )


class PracticeSettings(TenantModel):
    """How an organisation runs its practice sandbox."""

    review_rule = models.CharField(max_length=32, choices=ReviewRule.choices, default=ReviewRule.LEADS_DECIDE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_practice_settings_per_organisation")]
        verbose_name_plural = "practice settings"

    def __str__(self) -> str:
        return self.get_review_rule_display()


class AttemptStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    REVIEWED = "reviewed", "Reviewed"


class Attempt(TenantModel):
    """One person's answer to one scenario: a draft until submitted, then reviewed."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="attempts")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.DRAFT)
    verdict = models.CharField(max_length=8, blank=True, help_text="The pre-flight verdict when it was submitted.")
    findings = models.JSONField(default=list, blank=True, help_text="The pre-flight findings when it was submitted.")
    mean_score = models.FloatField(
        null=True, blank=True, help_text="The mean rubric score of the latest deciding review."
    )
    passed = models.BooleanField(null=True, blank=True, help_text="Whether the latest deciding review passed it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "scenario"],
                condition=models.Q(status="draft"),
                name="one_practice_draft_per_person_and_scenario",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "person", "scenario"], name="attempt_org_person_scenario"),
            models.Index(fields=["organisation", "status", "submitted_at"], name="attempt_org_status_submitted"),
            models.Index(fields=["organisation", "passed", "person"], name="attempt_org_passed_person"),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.scenario_id} ({self.status})"


class Review(TenantModel):
    """A reviewer's rubric scores (1–5) and comments on a submitted attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewer_name = models.CharField(max_length=200)
    clarity = models.PositiveSmallIntegerField()
    tone = models.PositiveSmallIntegerField()
    policy_compliance = models.PositiveSmallIntegerField()
    helpfulness = models.PositiveSmallIntegerField()
    platform_fit = models.PositiveSmallIntegerField()
    comments = models.JSONField(default=dict, blank=True, help_text="criterion → an optional comment.")
    overall_comment = models.TextField()
    mean_score = models.FloatField()
    passed = models.BooleanField()
    decisive = models.BooleanField(
        default=True,
        help_text="Whether the reviewer's role let this review decide the attempt's verdict; otherwise it is advice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "attempt", "reviewer"], name="one_review_per_reviewer_and_attempt"
            ),
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Review of {self.attempt_id}: {self.mean_score:.1f}"
