"""The role home pages and the shared page layout."""
