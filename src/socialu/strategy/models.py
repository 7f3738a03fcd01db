"""Models of the strategy document app."""
