"""The append-only security audit log (安全审计), hash-chained so tampering is detectable."""
