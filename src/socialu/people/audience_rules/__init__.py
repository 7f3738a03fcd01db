"""Audience assignment rules: how an import places people in audiences when the file has no audience column."""
