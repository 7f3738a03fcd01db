"""Policies and their acknowledgements: writing, publishing, coverage, reminders."""
