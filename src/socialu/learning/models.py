"""Who is enrolled in what, which lessons they have done, and their quiz attempts.

Courses are referred to by slug, as learning paths do, so that an enrolment
survives a new version of its course; lesson completions and quiz attempts
point at the exact version the learner took.
"""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class EnrolmentSource(models.TextChoices):
    PATH = "path", "Learning path"
    MANUAL = "manual", "Added by hand"


class Enrolment(TenantModel):
    """One person enrolled in one course."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    course_slug = models.SlugField(max_length=80)
    required = models.BooleanField(default=True)
    source = models.CharField(max_length=8, choices=EnrolmentSource.choices, default=EnrolmentSource.PATH)
    due_on = models.DateField(null=True, blank=True)
    enrolled_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_version = models.PositiveIntegerField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person was last emailed that this course is overdue."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "course_slug"], name="unique_enrolment_per_person_and_course"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "course_slug", "completed_at"], name="enrolment_org_course_done"),
            # Finds overdue enrolments for reminders without reading every enrolment.
            models.Index(fields=["organisation", "due_on"], name="enrolment_org_due"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.course_slug}"


class LessonCompletion(TenantModel):
    """A lesson one person has marked as done."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("curriculum.Lesson", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "lesson"], name="unique_lesson_completion_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} finished lesson {self.lesson_id}"


class QuizAttempt(TenantModel):
    """One go at a course's quiz; ``answers`` maps question key to chosen choice positions."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey("curriculum.Quiz", on_delete=models.CASCADE, related_name="+")
    course_version = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "person", "quiz"], name="attempt_org_person_quiz")]
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"Attempt {self.pk} at quiz {self.quiz_id}"
