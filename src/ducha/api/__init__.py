"""The JSON API (django-ninja): one router per domain, token-authenticated, same permissions."""
