"""The repository scanner: reads a repository (never runs anything from it) into Evidence."""
