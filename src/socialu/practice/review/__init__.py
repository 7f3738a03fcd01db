"""Reviewing practice drafts and managing the organisation's scenarios."""
