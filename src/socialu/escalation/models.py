"""Models of the escalation and response app: versions of the decision tree, and the decision log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialu.core.models import TenantModel


class OutcomeAction(models.TextChoices):
    RESPOND = "respond", "Respond"
    FIX_FACTS = "fix_facts", "Fix the facts"
    RESTORE = "restore", "Restore the customer"
    MONITOR = "monitor", "Monitor only"
    ESCALATE = "escalate", "Escalate"


class DecisionTree(TenantModel):
    """One saved version of an organisation's decision tree. The highest number is in force."""

    version = models.PositiveIntegerField()
    document = models.JSONField(help_text="The tree: a start node and its question and outcome nodes.")
    summary = models.CharField(max_length=200, blank=True, help_text="What changed in this version.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="unique_decision_tree_version_per_org")
        ]
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Decision tree version {self.version}"


class DecisionLogEntry(TenantModel):
    """A decision someone reached by walking the tree, with the path kept in the words they were shown."""

    tree = models.ForeignKey(DecisionTree, on_delete=models.PROTECT, related_name="+", db_index=False)
    tree_version = models.PositiveIntegerField()
    post_url = models.URLField(max_length=1000, blank=True)
    post_text = models.TextField(blank=True)
    path = models.JSONField(default=list, help_text="Each step: node id, question and the answer chosen.")
    outcome_node = models.CharField(max_length=60)
    outcome_action = models.CharField(max_length=16, choices=OutcomeAction.choices)
    outcome_title = models.CharField(max_length=300)
    walked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    walked_by_email = models.EmailField(blank=True, help_text="Kept even if the account is later removed.")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    notified = models.JSONField(default=list, blank=True, help_text="Email addresses told about an escalation.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="decision_log_org_created"),
            models.Index(fields=["organisation", "outcome_action", "-created_at"], name="decision_log_org_action"),
            models.Index(fields=["organisation", "walked_by"], name="decision_log_org_walker"),
            models.Index(fields=["organisation", "tree"], name="decision_log_org_tree"),
            models.Index(fields=["organisation", "person"], name="decision_log_org_person"),
        ]
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "decision log entries"

    def __str__(self) -> str:
        return f"{self.get_outcome_action_display()}: {self.outcome_title}"
