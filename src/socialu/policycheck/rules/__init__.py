"""Hold one module per rule kind: its settings, how they are read, and how a draft is checked against them."""
