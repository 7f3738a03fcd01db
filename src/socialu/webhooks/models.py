"""Webhook endpoints an organisation subscribes, and every delivery made to them."""

from __future__ import annotations

from django.db import models

from socialu.core.models import TenantModel


class WebhookEvent(models.TextChoices):
    """What a subscriber can be told about."""

    PERSON_CHANGED = "person.changed", "People imported, created or changed"
    PERSON_DEACTIVATED = "person.deactivated", "People deactivated"
    CERTIFICATE_ISSUED = "certificate.issued", "Certificates issued"
    CERTIFICATE_REVOKED = "certificate.revoked", "A certificate revoked"
    CERTIFICATE_EXPIRING = "certificate.expiring", "Certificates expiring in 30 days"
    POLICY_ACKNOWLEDGED = "policy.acknowledged", "A policy acknowledged"
    ESCALATION_RAISED = "escalation.raised", "An escalation decision logged"
    PRACTICE_REVIEWED = "practice.reviewed", "Practice reviewed"
    PING = "webhook.ping", "A test message sent by an admin"


class WebhookEndpoint(TenantModel):
    """A URL that receives the organisation's events, signed with its own secret (stored encrypted)."""

    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="WebhookEvent values sent to this endpoint.")
    secret_encrypted = models.TextField(help_text="The signing secret, encrypted with the key from the environment.")
    secret_prefix = models.CharField(max_length=16, help_text="The secret's first characters, to tell secrets apart.")
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "enabled"], name="webhook_endpoint_org_enabled")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SUCCEEDED = "succeeded", "Delivered"
    RETRYING = "retrying", "Failed, will retry"
    FAILED = "failed", "Failed, no more retries"


class WebhookDelivery(TenantModel):
    """One message to one endpoint: its payload, each attempt's outcome, and when the next attempt is due."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=64, help_text="The webhook-id header: the same on every attempt.")
    event = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["organisation", "endpoint", "created_at"], name="webhook_delivery_log"),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id}"
