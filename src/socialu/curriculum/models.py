"""What people learn: components, competencies, courses, lessons, quizzes and paths.

Every row belongs to one organisation: each organisation starts from the
default curriculum and adapts its own copy. A course is identified by its slug;
each change to a published course creates a new version row, so learners'
records stay attached to the version they took.
"""

from __future__ import annotations

from django.db import models

from socialu.core.audiences import Audience
from socialu.core.models import TenantModel


class CourseLevel(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    PRACTITIONER = "practitioner", "Practitioner"
    PROFESSIONAL = "professional", "Professional"


class CourseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TRUE_FALSE = "true_false", "True or false"
    SCENARIO = "scenario", "Scenario"


class AnswersShown(models.TextChoices):
    """When a learner sees which answers were right, with each choice's feedback.

    Until then an attempt shows only the score: per-question marks would
    reveal the key while attempts remain.
    """

    AFTER_EACH_ATTEMPT = "after_each_attempt", "After each attempt"
    AFTER_PASSING = "after_passing", "Once they pass"
    AFTER_LAST_ATTEMPT = "after_last_attempt", "Once they have no attempts left (or have passed, when unlimited)"


class CurriculumInfo(TenantModel):
    """The organisation's curriculum as a whole."""

    title = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_curriculum_per_organisation")]

    def __str__(self) -> str:
        return self.title


class Component(TenantModel):
    """One of the ten curriculum components."""

    number = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="unique_component_number"),
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_component_slug"),
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Competency(TenantModel):
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="unique_competency_slug")]
        ordering = ["name"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class Course(TenantModel):
    """One version of a course."""

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="courses")
    audiences = models.JSONField(default=list, help_text="The audiences this course is written for.")
    level = models.CharField(max_length=16, choices=CourseLevel.choices, default=CourseLevel.AWARENESS)
    status = models.CharField(max_length=16, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    estimated_minutes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug", "version"], name="unique_course_version")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="course_org_status")]
        ordering = ["slug", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class CourseCompetency(TenantModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "course", "competency"], name="unique_course_competency")
        ]


class Module(TenantModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "course", "slug"], name="unique_module_slug")]
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class Lesson(TenantModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when shown.")
    estimated_minutes = models.PositiveSmallIntegerField(default=5)
    media_url = models.URLField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "module", "slug"], name="unique_lesson_slug")]
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class Quiz(TenantModel):
    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(max_length=200)
    pass_mark = models.PositiveSmallIntegerField(default=80, help_text="Percent needed to pass.")
    attempts_allowed = models.PositiveSmallIntegerField(default=3, help_text="0 means unlimited.")
    shuffle = models.BooleanField(default=True)
    answers_shown = models.CharField(
        max_length=24,
        choices=AnswersShown.choices,
        default=AnswersShown.AFTER_PASSING,
        help_text="When learners see which answers were right; until then only their score.",
    )

    class Meta:
        verbose_name_plural = "quizzes"
        indexes = [models.Index(fields=["organisation", "course"], name="quiz_org_course")]

    def __str__(self) -> str:
        return self.title


class Question(TenantModel):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80, help_text="A stable id, unique within the course.")
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    prompt = models.TextField()
    situation = models.TextField(blank=True, help_text="For scenario questions: the situation to read first.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "quiz", "key"], name="unique_question_key")]
        ordering = ["position"]

    def __str__(self) -> str:
        return self.key


class QuestionCompetency(TenantModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "question", "competency"], name="unique_question_competency"
            )
        ]


class Choice(TenantModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField()
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(help_text="Why this choice is right or wrong; shown after answering.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "question", "position"], name="choice_org_question")]
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:60]


class LearningPath(TenantModel):
    """The ordered courses one audience takes."""

    audience = models.CharField(max_length=16, choices=Audience.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "audience"], name="unique_path_per_audience")]

    def __str__(self) -> str:
        return self.title


class PathCourse(TenantModel):
    """A course in a path, by slug, so a new version of the course takes its place."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course_slug = models.SlugField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    required = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path", "course_slug"], name="unique_course_in_path")
        ]
        ordering = ["position"]

    def __str__(self) -> str:
        return self.course_slug
