"""Models of the practice sandbox app."""
