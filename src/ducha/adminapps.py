"""The admin app, pointed at Ducha's read-only site (kept apart: app configs load early)."""

from django.contrib.admin.apps import AdminConfig


class DuchaAdminConfig(AdminConfig):
    default_site = "ducha.adminbase.DuchaAdminSite"
