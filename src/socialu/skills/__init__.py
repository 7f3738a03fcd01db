"""Skills: the taxonomy, the evidence behind each person's standing, and the expert finder."""
