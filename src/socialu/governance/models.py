"""Policies, their published versions, and who has acknowledged which version."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class Policy(TenantModel):
    """A policy people read, such as the social media policy; its text lives in versions."""

    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    acknowledgement_required = models.BooleanField(
        default=True, help_text="Whether the people it applies to must confirm they have read it."
    )
    audiences = models.JSONField(default=list, blank=True, help_text="Audiences it applies to; empty means everyone.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="unique_policy_slug_per_org")]
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title


class PolicyVersion(TenantModel):
    """One published text of a policy. Numbers count up from 1."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions", db_index=False)
    number = models.PositiveIntegerField()
    summary = models.TextField(help_text="What the policy says, in a few plain sentences.")
    body = models.TextField(help_text="The full policy in Markdown.")
    effective_on = models.DateField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requires_reacknowledgement = models.BooleanField(
        default=True, help_text="False for a minor edit, such as a typo fix, that nobody needs to read again."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "policy", "number"], name="unique_policy_version_number_per_org"
            )
        ]
        ordering = ["policy_id", "-number"]

    def __str__(self) -> str:
        return f"{self.policy_id} version {self.number}"


class AcknowledgementSource(models.TextChoices):
    WEB = "web", "On SocialU"
    IMPORT = "import", "Imported"


class Acknowledgement(TenantModel):
    """One person's confirmation that they have read and understood one version of a policy."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    acknowledged_at = models.DateTimeField()
    source = models.CharField(max_length=8, choices=AcknowledgementSource.choices, default=AcknowledgementSource.WEB)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "policy_version"], name="unique_acknowledgement_per_person"
            )
        ]
        indexes = [
            # Coverage and exports look acknowledgements up by version.
            models.Index(fields=["organisation", "policy_version", "person"], name="ack_org_version_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} acknowledged {self.policy_version_id}"


class SocialPlatform(models.TextChoices):
    X = "x", "X (Twitter)"
    LINKEDIN = "linkedin", "LinkedIn"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    THREADS = "threads", "Threads"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    OTHER = "other", "Other"


class SocialAccountStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    RETIRED = "retired", "Retired"


class SocialAccount(TenantModel):
    """One of the organisation's social media accounts and who looks after it.

    SocialU never stores a password or any other secret for an account: only
    where the credentials are kept (``credentials_reference``).
    """

    platform = models.CharField(max_length=16, choices=SocialPlatform.choices)
    handle = models.CharField(max_length=200, help_text="The account's name on the platform, such as kestrel_uk.")
    handle_key = models.CharField(
        max_length=200, editable=False, help_text="The handle without a leading @, in lower case, for uniqueness."
    )
    url = models.URLField(max_length=500, blank=True)
    purpose = models.TextField(blank=True, help_text="What the account is for.")
    audience = models.TextField(blank=True, help_text="Who the account speaks to.")
    owner = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    backup_owner = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    team = models.ForeignKey(
        "people.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    status = models.CharField(max_length=8, choices=SocialAccountStatus.choices, default=SocialAccountStatus.ACTIVE)
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_every_days = models.PositiveIntegerField(default=180)
    credentials_reference = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Where the login is kept, such as “1Password › Social › Kestrel X”. "
            "Never the password itself: SocialU does not store secrets."
        ),
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "handle_key"], name="unique_social_account_per_org"
            )
        ]
        ordering = ["platform", "handle_key"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"


# --- Roles and responsibilities (RACI) -----------------------------------------------------


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class RaciPartyKind(models.TextChoices):
    ROLE = "role", "SocialU role"
    FUNCTION = "function", "Function or team"
    PERSON = "person", "Named person"


class RaciActivity(TenantModel):
    """A social media activity in the "who does what" matrix, such as publishing on official accounts."""

    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the activity covers, in a sentence or two.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="unique_raci_activity_per_org")]
        ordering = ["position", "pk"]
        verbose_name_plural = "RACI activities"

    def __str__(self) -> str:
        return self.name


class RaciParty(TenantModel):
    """A column of the matrix: a SocialU role, a named function (such as Legal) or a named person."""

    key = models.CharField(max_length=120, help_text="role:<role>, function:<name> or person:<id>; unique.")
    kind = models.CharField(max_length=8, choices=RaciPartyKind.choices)
    role = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=120, blank=True, help_text="The function's name, such as “Legal”.")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="unique_raci_party_per_org")]
        ordering = ["position", "pk"]
        verbose_name_plural = "RACI parties"

    def __str__(self) -> str:
        return self.name or self.key


class RaciAssignment(TenantModel):
    """One cell of the matrix: the part a party plays in an activity (R, A, C or I)."""

    activity = models.ForeignKey(RaciActivity, on_delete=models.CASCADE, related_name="+", db_index=False)
    party = models.ForeignKey(RaciParty, on_delete=models.CASCADE, related_name="+", db_index=False)
    letter = models.CharField(max_length=1, choices=RaciLetter.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "activity", "party"], name="unique_raci_assignment_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.party_id} is {self.letter} for {self.activity_id}"
