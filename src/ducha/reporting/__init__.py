"""Periods, unit reports, assessments and reminders: the supervision workflow."""
