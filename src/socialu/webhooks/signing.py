"""Standard Webhooks (standardwebhooks.com): the secret, the signed headers, the encryption of secrets at rest.

Pure apart from reading the key (given by the caller). A receiver verifies
with any Standard Webhooks library (the tests use the reference one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

SECRET_PREFIX = "whsec_"  # noqa: S105  # the format's prefix, not a secret


def secret_new() -> str:
    """Return a new signing secret: ``whsec_`` and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    """Return the ``webhook-signature`` header: ``v1,`` and the HMAC-SHA256 of ``id.timestamp.body``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(secret: str, *, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Return the three headers of a Standard Webhooks message."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id=message_id, timestamp=timestamp, body=body),
    }


def _fernet(key_material: str) -> Fernet:
    # Any string from the environment becomes a Fernet key: SHA-256 of it, in URL-safe base64.
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key_material.encode()).digest()))


def secret_encrypt(secret: str, *, key_material: str) -> str:
    """Return *secret* encrypted (Fernet: AES-128-CBC with HMAC) under the key from the environment."""
    return _fernet(key_material).encrypt(secret.encode()).decode()


def secret_decrypt(token: str, *, key_material: str) -> str:
    """Return the secret *token* encrypts; raise ValueError if the key is not the one it was encrypted with."""
    try:
        return _fernet(key_material).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("The webhook secret cannot be decrypted: SOCIALU_SECRETS_KEY changed.") from error
