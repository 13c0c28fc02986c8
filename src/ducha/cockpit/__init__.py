"""The leaders' cockpit (领导驾驶舱): status at a glance, unit ranking, indicators, search."""
