"""SocialU: run your organisation's own social media university."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("socialu")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"
