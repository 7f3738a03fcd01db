"""Skills and the champions network: the taxonomy, what people say about themselves and each other, champions.

Evidence earned elsewhere in SocialU (courses, quizzes, practice reviews,
certificates) is not copied here: it is read where it lives, set-based, when a
standing is asked for (see ``evidence.py``). Only what SocialU did not record
before lives in these tables: self-ratings, endorsements, listing preferences,
and the champions network.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from socialu.core.models import TenantModel


class SkillKind(models.TextChoices):
    PLATFORM = "platform", "Platform"
    PRACTICE = "practice", "Practice"


class Skill(TenantModel):
    """One skill of the organisation's taxonomy, e.g. "Video" or "LinkedIn"."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=SkillKind.choices, default=SkillKind.PRACTICE)
    description = models.CharField(max_length=500, blank=True)
    competencies = models.JSONField(
        default=list, blank=True, help_text="Curriculum competency slugs whose courses and questions count for it."
    )
    is_active = models.BooleanField(default=True, help_text="Retired skills are kept but no longer offered.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="unique_skill_slug")]
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class SkillProfile(TenantModel):
    """How a person wants to be found: listed or not, the languages they help in, their time zone."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    listed = models.BooleanField(default=True, help_text="Show me when colleagues look for someone who can help.")
    languages = models.JSONField(default=list, blank=True, help_text="Language codes, e.g. en, de.")
    time_zone = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "person"], name="unique_skill_profile")]

    def __str__(self) -> str:
        return f"Skill profile of person {self.person_id}"


class SelfRating(TenantModel):
    """What a person says of their own level in a skill (1 beginner … 5 expert); weighted least."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    rated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person", "skill"], name="unique_self_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}: {self.level}"


class EndorsementRelation(models.TextChoices):
    MANAGER = "manager", "Manager"
    PEER = "peer", "Peer"


class Endorsement(TenantModel):
    """A colleague's word that a person is good at a skill; a manager's counts a little more than a peer's."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    endorser = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=16, choices=EndorsementRelation.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "skill", "endorser"], name="unique_skill_endorsement"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "skill"], name="endorsement_org_skill")]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.person_id} for {self.skill_id}"


class ChampionRole(models.TextChoices):
    CHAMPION = "champion", "Champion"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"


class NominatorKind(models.TextChoices):
    SELF = "self", "Self"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class NominationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Nomination(TenantModel):
    """Someone put forward as a champion or executive sponsor, with the reason; an admin decides."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=24, choices=ChampionRole.choices, default=ChampionRole.CHAMPION)
    nominator_kind = models.CharField(max_length=16, choices=NominatorKind.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_by_name = models.CharField(max_length=200)
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=NominationStatus.choices, default=NominationStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "status"], name="nomination_org_status")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Nomination of {self.person_id} as {self.role}"


class ChampionTerm(TenantModel):
    """A person's term as champion or executive sponsor; renewal moves its end."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=24, choices=ChampionRole.choices)
    nomination = models.ForeignKey(Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    renewals = models.PositiveSmallIntegerField(default=0)
    ended_on = models.DateField(null=True, blank=True, help_text="Set when the term was ended early.")

    class Meta:
        indexes = [models.Index(fields=["organisation", "ends_on"], name="champion_term_org_end")]
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.role} term of {self.person_id} to {self.ends_on}"


class ChampionAnnouncement(TenantModel):
    """A post in the champions' own space."""

    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when shown.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"], name="announcement_org_created")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ChampionSettings(TenantModel):
    """The organisation's choices for its champions network."""

    leaderboard_enabled = models.BooleanField(
        default=True, help_text="Show the recognition table (ranked by quality of evidence, never raw volume)."
    )
    term_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)], help_text="Length of a term."
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="unique_champion_settings")]
        verbose_name_plural = "champion settings"

    def __str__(self) -> str:
        return f"Champion settings of {self.organisation_id}"
