"""Mentoring programmes, the profiles people give them, pairings, check-ins and surveys."""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class ProgrammeKind(models.TextChoices):
    STANDARD = "standard", "Mentoring"
    REVERSE = "reverse", "Reverse mentoring (juniors mentor leaders)"


class DivisionPreference(models.TextChoices):
    ANY = "any", "No preference"
    SAME = "same", "Same division"
    DIFFERENT = "different", "A different division"


class PairingStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (the admin reviews)"
    PUBLISHED = "published", "Published (waiting for both to accept)"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Not answered in time"
    COMPLETED = "completed", "Completed"
    CLOSED_EARLY = "closed_early", "Closed early"


OPEN_STATUSES = (PairingStatus.PROPOSED, PairingStatus.PUBLISHED, PairingStatus.ACTIVE)
# Statuses in which the mentor's place is taken.
HOLDING_STATUSES = (PairingStatus.PUBLISHED, PairingStatus.ACTIVE)


class Response(models.TextChoices):
    PENDING = "pending", "Not answered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class SurveyStage(models.TextChoices):
    MIDPOINT = "midpoint", "Mid-point"
    CLOSING = "closing", "Closing"


class Programme(TenantModel):
    """A mentoring programme an admin runs: who may take part, how long, how often pairs meet."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.STANDARD)
    goals = models.TextField(blank=True)
    length_weeks = models.PositiveSmallIntegerField(default=12)
    cadence_days = models.PositiveSmallIntegerField(default=14, help_text="How often a pair is expected to meet.")
    default_capacity = models.PositiveSmallIntegerField(default=2)
    response_days = models.PositiveSmallIntegerField(default=7, help_text="Days both sides have to accept.")
    # Eligibility: empty means anyone. Audiences and generation bands are lists of their values.
    mentor_audiences = models.JSONField(default=list, blank=True)
    mentee_audiences = models.JSONField(default=list, blank=True)
    mentor_bands = models.JSONField(default=list, blank=True)
    mentee_bands = models.JSONField(default=list, blank=True)
    mentor_unit = models.ForeignKey(
        "people.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    mentee_unit = models.ForeignKey(
        "people.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    mentor_tier_slug = models.SlugField(max_length=80, blank=True, help_text="Mentors must hold this certificate.")
    mentee_tier_slug = models.SlugField(max_length=80, blank=True)
    matching_opens = models.DateField(null=True, blank=True)
    matching_closes = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_mentoring_programme_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class MentorProfile(TenantModel):
    """A person's offer to mentor in one programme: strengths, capacity and whom they will not take."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentors")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    strengths = models.JSONField(default=dict, blank=True, help_text="Skill slug → score from 0 to 1.")
    capacity = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: the programme's default.")
    exclusions = models.JSONField(default=list, blank=True, help_text="Ids of people this mentor will not take.")
    languages = models.JSONField(default=list, blank=True)
    utc_offset_minutes = models.SmallIntegerField(null=True, blank=True)
    opted_out = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "programme", "person"], name="unique_mentor_profile_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"Mentor {self.person_id} in {self.programme_id}"


class MenteeProfile(TenantModel):
    """A person's request for a mentor in one programme: needs, goals and preferences."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentees")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    needs = models.JSONField(default=dict, blank=True, help_text="Skill slug → importance (1 to 3).")
    goals = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    utc_offset_minutes = models.SmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="For meeting in person; empty: online.")
    division_preference = models.CharField(
        max_length=16, choices=DivisionPreference.choices, default=DivisionPreference.ANY
    )
    requested_mentor = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    repeat_allowed = models.BooleanField(default=False, help_text="May be paired again with an earlier mentor.")
    opted_out = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "programme", "person"], name="unique_mentee_profile_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"Mentee {self.person_id} in {self.programme_id}"


class Pairing(TenantModel):
    """A mentor and a mentee in a programme, from the proposal to the end of the relationship."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pairings")
    mentee = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    mentor = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=16, choices=PairingStatus.choices, default=PairingStatus.PROPOSED)
    fit = models.FloatField(default=0)
    explanation = models.TextField(blank=True)
    proposed_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    mentee_response = models.CharField(max_length=16, choices=Response.choices, default=Response.PENDING)
    mentor_response = models.CharField(max_length=16, choices=Response.choices, default=Response.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    goals = models.TextField(blank=True)
    goals_agreed_at = models.DateTimeField(null=True, blank=True)
    last_met_on = models.DateField(null=True, blank=True)
    last_nudged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    rematch_offered = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "programme", "status"], name="pairing_org_programme_status"),
            models.Index(fields=["organisation", "mentee"], name="pairing_org_mentee"),
            models.Index(fields=["organisation", "mentor"], name="pairing_org_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.mentee_id} ({self.status})"


class CheckIn(TenantModel):
    """A short note on a pair's progress: did they meet, what they worked on, the next step."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="check_ins")
    recorded_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    met = models.BooleanField()
    met_on = models.DateField(null=True, blank=True)
    worked_on = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "pairing", "created_at"], name="checkin_org_pairing")]

    def __str__(self) -> str:
        return f"Check-in on {self.pairing_id}"


class SurveyResponse(TenantModel):
    """One side's answer to the mid-point or closing survey of a pairing."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="survey_responses")
    respondent = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.CharField(max_length=16, choices=SurveyStage.choices)
    satisfaction = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "pairing", "respondent", "stage"], name="unique_mentoring_survey_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} survey on {self.pairing_id}"
