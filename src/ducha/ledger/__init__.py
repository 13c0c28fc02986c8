"""The task ledger: sources, meetings, tasks, assignments and indicators."""
