"""Models of the programme dashboard app."""
