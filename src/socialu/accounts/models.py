"""Login accounts, invitations and personal API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from socialu.core.models import TenantModel


class UserManager(BaseUserManager["User"]):
    """Create users identified by email address."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Their role lives in each organisation's records."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    session_generation = models.PositiveIntegerField(
        default=0, help_text="Raised to end every session of the account at once (“sign out everywhere”)."
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django signs every session with a hash of the password, so a new
        # password ends the other sessions. Mixing in the generation lets
        # "sign out everywhere" (and deactivation) end them all without one.
        # At generation 0 the value is Django's own, so existing sessions survive an upgrade.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}" if self.session_generation else self.password
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class Invitation(TenantModel):
    """An invitation for someone to join an organisation with given roles."""

    email = models.EmailField()
    roles = models.JSONField(default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "email"], name="invitation_org_email")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"


class ApiToken(models.Model):
    """An API token acting as its user, limited to one organisation and some scopes, until it expires.

    Only a SHA-256 hash of the secret is stored. A token made before tokens
    had an organisation (``organisation`` empty) works in each of its user's
    organisations; every token made now names one.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    scopes = models.JSONField(default=list, help_text="The scopes the token carries (core.permissions.Scope).")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty only for tokens made before expiry.")
    prefix = models.CharField(max_length=12, help_text="The first characters, shown so a person can tell tokens apart.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "revoked_at"], name="apitoken_org_revoked")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
