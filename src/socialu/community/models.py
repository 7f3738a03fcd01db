"""Models of knowledge sharing: tips, questions and answers, comments and the gallery, and their moderation.

Every kind of contribution is one :class:`Post` row, so votes, reports, moderation, notifications and
search treat them alike; ``kind`` says what it is and ``parent`` links an answer to its question and a
comment to what it comments on.
"""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class PostKind(models.TextChoices):
    TIP = "tip", "Tip"
    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"
    COMMENT = "comment", "Comment"
    GALLERY = "gallery", "Gallery example"


class PostStatus(models.TextChoices):
    # Stopped by the pre-flight check (or not yet confirmed after a warning): only its author sees it.
    DRAFT = "draft", "Draft"
    # A gallery example anyone suggested, waiting for an admin to pick it.
    SUGGESTED = "suggested", "Suggested"
    PUBLISHED = "published", "Published"
    # Hidden by a moderator, or by enough reports until a moderator reviews it.
    HIDDEN = "hidden", "Hidden"


class Post(TenantModel):
    """One contribution: a tip, a question, an answer, a comment or a gallery example."""

    kind = models.CharField(max_length=16, choices=PostKind.choices)
    status = models.CharField(max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT)
    author = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    platform = models.CharField(max_length=32, blank=True)
    # Questions only: other learners do not see who asked; admins and moderators do.
    anonymous = models.BooleanField(default=False)
    # Gallery only: why the example works, and what it teaches.
    why_it_works = models.TextField(blank=True)
    components = models.ManyToManyField("curriculum.Component", blank=True, related_name="+")
    # Questions only: the answer the asker accepted.
    accepted_answer = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Gallery only: when an admin picked it, and who.
    picked_at = models.DateTimeField(null=True, blank=True)
    picked_by = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    useful_count = models.PositiveIntegerField(default=0)
    open_reports = models.PositiveIntegerField(default=0)
    # The last pre-flight findings (a list of finding dicts) and whether the author confirmed a warning.
    findings = models.JSONField(default=list, blank=True)
    warning_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "kind", "status", "-published_at", "-id"], name="community_post_listing"
            ),
            models.Index(fields=["organisation", "parent", "kind"], name="community_post_parent"),
            models.Index(fields=["organisation", "author", "kind"], name="community_post_author"),
            models.Index(fields=["organisation", "open_reports"], name="community_post_reports"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]


class TagKind(models.TextChoices):
    SKILL = "skill", "Skill"
    AUDIENCE = "audience", "Audience"


class PostTag(TenantModel):
    """A skill (a slug from the skills taxonomy) or an audience a post is tagged with."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16, choices=TagKind.choices)
    slug = models.SlugField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "post", "kind", "slug"], name="unique_community_tag")
        ]
        indexes = [models.Index(fields=["organisation", "kind", "slug"], name="community_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug}"


class PostImage(TenantModel):
    """An image uploaded with a post, stored by SocialU under a name it made safe."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "post"], name="community_image_post")]

    def __str__(self) -> str:
        return self.original_name


class Vote(TenantModel):
    """A person finding a tip, an answer or a gallery example useful (one each)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "post", "person"], name="unique_community_vote")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.post_id}"


class SavedItem(TenantModel):
    """A post a person saved to come back to."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person", "post"], name="unique_community_saved_item")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} saved {self.post_id}"


class Report(TenantModel):
    """A reader telling the moderators that a post should not be there."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "post", "reporter"], name="unique_community_report")
        ]
        indexes = [models.Index(fields=["organisation", "resolved_at"], name="community_report_open")]

    def __str__(self) -> str:
        return self.reason[:60]


class ModerationAction(models.TextChoices):
    HIDE = "hide", "Hidden"
    RESTORE = "restore", "Restored"
    EDIT = "edit", "Edited"
    AUTO_HIDE = "auto_hide", "Hidden by reports"
    DISMISS = "dismiss", "Reports dismissed"


class ModerationDecision(TenantModel):
    """One entry of the decision log: what a moderator did to a post, and why."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="decisions")
    # Empty for a post hidden automatically by reports.
    moderator = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=16, choices=ModerationAction.choices)
    note = models.TextField()
    previous_body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"], name="community_decision_log")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.note[:60]}"


class CommunitySettings(TenantModel):
    """How an organisation runs its knowledge-sharing space."""

    reports_to_hide = models.PositiveSmallIntegerField(
        default=3, help_text="Hide a post until a moderator reviews it once this many readers report it."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_community_settings_per_org")]
        verbose_name_plural = "community settings"

    def __str__(self) -> str:
        return f"Hide after {self.reports_to_hide} reports"


class NotificationKind(models.TextChoices):
    ANSWER = "answer", "A new answer to your question"
    COMMENT = "comment", "A new comment on your post"
    QUESTION_FOR_YOU = "question_for_you", "A question you may be able to answer"
    ACCEPTED = "accepted", "Your answer was accepted"


class Notification(TenantModel):
    """Something that happened that a person should hear about, in the app and in their digest."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "person", "read_at"], name="community_notif_person")]

    def __str__(self) -> str:
        return self.get_kind_display()


class DigestFrequency(models.TextChoices):
    NEVER = "never", "Never"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class DigestPreference(TenantModel):
    """How often a person wants their email digest of notifications."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="unique_community_digest_preference")
        ]

    def __str__(self) -> str:
        return self.get_frequency_display()
