"""Reads for the administration pages."""

from __future__ import annotations

from django.db.models import QuerySet

from ducha.accounts.models import User
from ducha.choices import SUPERVISION_ROLES
from ducha.org.models import Unit


def supervision_accounts() -> QuerySet[User]:
    """Every supervision account, active or not (administrators are managed from the CLI)."""
    return (User.objects.filter(role__in=SUPERVISION_ROLES).select_related("unit")
            .order_by("-is_active", "role", "username"))


def unit_list() -> QuerySet[Unit]:
    return Unit.objects.order_by("archived_at", "sort_order", "name")
