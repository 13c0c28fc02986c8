"""WSGI entry point for gunicorn (``ducha serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
application = get_wsgi_application()
