"""Editing the decision tree: node by node, as YAML, and its version history."""
