"""Welder help-desk assistant."""
