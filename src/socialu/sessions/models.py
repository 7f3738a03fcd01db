"""Group sessions: workshops, webinars, classes and conferences, their registrations and waitlists."""

from __future__ import annotations

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from socialu.core.models import TenantModel


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    CLASS = "class", "Class"
    CONFERENCE = "conference", "Conference"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class RegistrationStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting manager approval"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waitlist"
    OFFERED = "offered", "Seat offered"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Declined by manager"
    LAPSED = "lapsed", "Offer expired"
    REMOVED = "removed", "Removed by an admin"


# Statuses that hold a seat: a confirmed attendee, or a seat offered and not yet taken up.
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# The longest a session may last: the catalogue finds sessions still running by their start (an index
# walk from now minus this), so the services refuse anything longer.
MAX_SESSION_LENGTH = timedelta(days=14)
# Statuses a person can register again from.
ENDED = (
    RegistrationStatus.CANCELLED,
    RegistrationStatus.DECLINED,
    RegistrationStatus.LAPSED,
    RegistrationStatus.REMOVED,
)


class Attendance(models.TextChoices):
    UNKNOWN = "", "Not recorded"
    PRESENT = "present", "Present"
    ABSENT = "absent", "No-show"


class SessionSettings(TenantModel):
    """An organisation's settings for sessions: its time zone, how long offers last, when reminders go."""

    time_zone = models.CharField(max_length=64, default="UTC", help_text="The organisation's time zone.")
    offer_hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="How many hours a person has to accept a freed seat before it passes on.",
    )
    reminder_hours = models.CharField(
        max_length=100, default="24,1", help_text="Hours before a session that reminders go, separated by commas."
    )
    organiser_email = models.EmailField(blank=True, help_text="The organiser calendars show. Empty: the site's.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="unique_session_settings")]

    def __str__(self) -> str:
        return f"Session settings of {self.organisation_id}"


class Series(TenantModel):
    """Several dates of the same session."""

    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="unique_series_title")]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Session(TenantModel):
    """One dated workshop, webinar, class or conference."""

    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    kind = models.CharField(max_length=16, choices=SessionKind.choices, default=SessionKind.WORKSHOP)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    facilitators = models.ManyToManyField("people.Person", blank=True, related_name="+")
    time_zone = models.CharField(max_length=64)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True, help_text="Shown only to confirmed attendees.")
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    audiences = models.JSONField(default=list, blank=True, help_text="Empty: everyone.")
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    requires_approval = models.BooleanField(default=False)
    course = models.ForeignKey(
        "curriculum.Course", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    competencies = models.ManyToManyField("curriculum.Competency", blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    # Raised on every change the organiser makes; calendars replace an invitation with a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    check_in_code = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status", "starts_at"], name="session_org_status_start"),
            models.Index(fields=["organisation", "starts_at"], name="session_org_start"),
            models.Index(fields=["organisation", "series"], name="session_org_series"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"),
        ]
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Registration(TenantModel):
    """One person's place at one session: confirmed, waiting, offered a seat, or ended."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    # 1..k among the waitlisted registrations of a session, without gaps (kept by the services, which
    # renumber under the session's lock; a unique index would trip over its own renumbering UPDATE).
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    attendance = models.CharField(max_length=8, choices=Attendance.choices, blank=True, default=Attendance.UNKNOWN)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # Raised each time an invitation or cancellation for this registration is sent.
    calendar_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "session", "person"], name="unique_registration"),
        ]
        indexes = [
            models.Index(fields=["organisation", "person", "status"], name="registration_org_person"),
            models.Index(fields=["session", "status"], name="registration_session_status"),
            models.Index(fields=["status", "offer_expires_at"], name="registration_offer_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}: {self.status}"


class RegistrationEvent(TenantModel):
    """One change to a registration: who did what, when, and why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    actor = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "registration", "created_at"], name="registration_event_org")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on {self.registration_id}"


class CalendarProfile(TenantModel):
    """A person's time zone and personal calendar feed."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    time_zone = models.CharField(max_length=64, blank=True, help_text="Empty: the organisation's.")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "person"], name="unique_calendar_profile")]

    def __str__(self) -> str:
        return f"Calendar of {self.person_id}"


class SessionMessage(TenantModel):
    """A reminder or follow-up already sent for a registration (so a job never sends it twice)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="messages")
    key = models.CharField(max_length=40, help_text='"reminder-24", "follow-up"…')
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "registration", "key"], name="unique_session_message")
        ]

    def __str__(self) -> str:
        return f"{self.key} for {self.registration_id}"


class Feedback(TenantModel):
    """An attendee's rating (1–5) and comments on a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "session", "person"], name="unique_session_feedback"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 on {self.session_id}"


class ExternalConference(TenantModel):
    """An external conference or webinar a person attended, what it cost and what they took away."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    name = models.CharField(max_length=200)
    held_on = models.DateField()
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    link = models.URLField(blank=True)
    takeaways = models.TextField(blank=True, help_text="Markdown: what you learnt, to share.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "held_on"], name="conference_org_held_on")]
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.name
