"""Units, their aliases and groups, and the resolver from printed names to units."""
