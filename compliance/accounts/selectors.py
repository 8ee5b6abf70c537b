"""Reads about organisations and memberships, filtered by permission in the queryset.

Every list a user sees is narrowed here, in SQL, before it reaches a view: a
forgotten check in a template can then show nothing it should not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from compliance.accounts.models import Membership, Organization
from compliance.accounts.rules import is_commission_staff


def organization_list_visible_to(*, user: Any) -> QuerySet[Organization]:
    """The organisations ``user`` may look at: commission staff all, members their own, others none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organization.objects.none()
    if is_commission_staff(user):
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user_id=user.pk).distinct()


def membership_list_for(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships with their organisations, for the officer dashboard."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("organization")
        .order_by("organization__prefecture", "organization__code", "organization__body")
    )


def organization_counts_by_kind() -> list[dict[str, Any]]:
    """How many organisations of each kind are registered (commission dashboard)."""
    rows = Organization.objects.values("kind").annotate(count=Count("id")).order_by("kind")
    return [{"kind": row["kind"], "count": row["count"]} for row in rows]


def organization_get_for(
    *, user: Any, pk: int | str, perm: str = "registry.view_organization"
) -> Organization:
    """The organisation ``pk`` if ``user`` may see it, else :class:`~django.http.Http404`.

    Another body's organisation answers 404, not 403: an officer of 秋田市 must not
    even learn which organisation numbers exist for 苫小牧市. When the user may see the
    organisation but lacks ``perm`` (a reviewer on an officer's edit page), the
    caller gets :class:`~django.core.exceptions.PermissionDenied` (403, read-only).
    """
    try:
        organization = organization_list_visible_to(user=user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such organisation") from None
    if not user.has_perm(perm, organization):
        raise PermissionDenied
    return organization
