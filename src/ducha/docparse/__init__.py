"""Pure-Python reading of official documents: text in, dataclasses out.

Nothing in this package imports Django, so it can be used (and tested) without a database.
"""
