"""1:1 executive coaching: engagements, coach availability, booked sessions with their log, and progress pulses."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ENDED = "ended", "Ended early"


class Engagement(TenantModel):
    """A coach working 1:1 with an executive towards agreed goals, over a number of sessions."""

    coach = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    executive = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    assistant = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="Someone who may book, move and cancel sessions for the executive (never reads the notes).",
    )
    goals = models.JSONField(default=list, help_text="The goals agreed, as text.")
    behaviours = models.JSONField(default=list, help_text="The 2–3 behaviours the progress pulse asks about.")
    sessions_planned = models.PositiveSmallIntegerField(default=6)
    starts_on = models.DateField()
    target_on = models.DateField()
    status = models.CharField(max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.ACTIVE)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "coach"], name="coaching_engagement_coach"),
            models.Index(fields=["organisation", "executive"], name="coaching_engagement_exec"),
            models.Index(fields=["organisation", "assistant"], name="coaching_engagement_assistant"),
        ]
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"Coaching {self.pk}"


class Slot(TenantModel):
    """A time a coach has published as available for a coaching session."""

    coach = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "coach", "starts_at"], name="unique_coaching_slot_start"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="coaching_slot_ends_after"
            ),
        ]
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Slot {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


LIVE_BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.HELD)


class Booking(TenantModel):
    """One coaching session of an engagement, booked in a coach's slot; its log once it is held.

    A slot carries at most one live booking: the database refuses a second one,
    so two people booking the same slot at once cannot both succeed.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="bookings", db_index=False)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings", db_index=False)
    status = models.CharField(max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    uid = models.CharField(max_length=120, help_text="The calendar invitation's UID, stable across changes.")
    sequence = models.PositiveIntegerField(default=0, help_text="Raised on every change of the invitation.")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The session log: private to the coach and the executive.
    agenda = models.TextField(blank=True)
    practised = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slot"],
                condition=models.Q(status__in=["booked", "held"]),
                name="one_live_booking_per_coaching_slot",
            ),
            models.UniqueConstraint(fields=["organisation", "uid"], name="unique_coaching_booking_uid"),
        ]
        indexes = [models.Index(fields=["organisation", "engagement"], name="coaching_booking_engagement")]

    def __str__(self) -> str:
        return f"Coaching session {self.pk}"


class ActionTarget(models.TextChoices):
    NONE = "", "Nothing"
    LESSON = "lesson", "A lesson"
    SCENARIO = "scenario", "A practice scenario"
    PREFLIGHT = "preflight", "The pre-flight checker"


class AgreedAction(TenantModel):
    """Something the executive agreed to do before a due date; may point to a lesson, a scenario or the checker."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="actions", db_index=False)
    text = models.CharField(max_length=500)
    due_on = models.DateField()
    target = models.CharField(max_length=12, choices=ActionTarget.choices, default=ActionTarget.NONE, blank=True)
    target_ref = models.CharField(
        max_length=200, blank=True, help_text="course-slug/lesson-slug for a lesson, the scenario's slug."
    )
    done = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["organisation", "booking"], name="coaching_action_booking")]
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class PulseStage(models.TextChoices):
    START = "start", "Start"
    MIDPOINT = "midpoint", "Midpoint"
    END = "end", "End"


class Supporter(TenantModel):
    """Someone the executive chose to rate their progress (a colleague, their assistant, their comms lead)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="supporters", db_index=False)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "engagement", "email"], name="unique_coaching_supporter_email"
            )
        ]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PulseRound(TenantModel):
    """One round of the progress pulse: at the start, the midpoint or the end of an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="rounds", db_index=False)
    stage = models.CharField(max_length=10, choices=PulseStage.choices)
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "engagement", "stage"], name="unique_coaching_pulse_stage")
        ]
        ordering = ["opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} pulse"


class PulseResponse(TenantModel):
    """One rater's answer in one round, reached by a secret link that works once.

    ``supporter`` is empty for the executive's own (self) rating. Only a hash of the link's token is kept.
    """

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses", db_index=False)
    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, null=True, blank=True, related_name="responses", db_index=False
    )
    token_hash = models.CharField(max_length=64, unique=True)
    ratings = models.JSONField(default=list, help_text="One rating (1–5) per behaviour, in the engagement's order.")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "round"], name="coaching_pulse_response_round")]

    def __str__(self) -> str:
        return f"Pulse response {self.pk}"
