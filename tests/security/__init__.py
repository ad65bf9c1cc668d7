"""Security tests: API fuzzing, permission matrices and input limits."""
