"""learning-briefings: case-review extracts to a synopsis-of-learning website."""
