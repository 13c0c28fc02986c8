"""Ducha (督查): government supervision and follow-up platform."""

__version__ = "0.1.0"
