"""The champions network: nominations, terms, coverage, the champions space and recognition."""
