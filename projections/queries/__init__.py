"""Queries on the read models, one owner per context: each applies its read rights once."""
