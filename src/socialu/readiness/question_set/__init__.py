"""An organisation's question set: its own questions and the weight of every question."""
