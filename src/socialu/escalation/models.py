"""Models of the escalation and response app."""
