"""A deterministic demo data set for a fictional city (示例市), in our own words and numbers."""
