"""Word lists the policy checker reads as data: pinned, vendored copies (see README.md)."""
