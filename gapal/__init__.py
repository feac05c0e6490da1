"""Gapal: composition root, settings and command line."""

__version__ = "0.1.0"
