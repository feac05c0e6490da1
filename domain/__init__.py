"""Gapal's business rules: aggregates, values and errors. Imports no framework and does no I/O."""
