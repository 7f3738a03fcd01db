"""Production settings for the proxy tests' installation, but with the fast password hashing the whole suite uses.

Argon2 takes about a second per sign-in on this shared two-core machine, so
200 sign-ins could not fit in the minute the rate limits are counted over.
Everything the proxy tests check — trusted proxies, TLS, the rate limits —
is the production configuration.
"""

from socialu.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
