"""Who may do what: `rules` predicates and the permissions built from them.

Roles:

- *officer* (担当者) edits their organisation's declarations and assessments;
- *approver* (承認者) is an officer who may also submit them (番号法第28条: the body
  itself submits the assessment to the commission, so submission is the approver's act);
- *commission reviewer* (委員会審査担当) reviews submitted assessments of every body;
- *commission administrator* (委員会管理者) does what a reviewer does and also
  maintains the legal catalog.

Object predicates take either an :class:`~compliance.accounts.models.Organization` or
any object that carries an ``organization_id`` (an affair, a file, an assessment), so
the other apps reuse them instead of writing their own membership checks::

    rules.add_perm("registry.change_affair", is_officer_of)

Permissions registered here (check them with ``user.has_perm(name, obj)``; an object
permission is decided by these predicates only, never by Django's model permissions):

================================  ==================================================
``registry.view_organization``    members of the organisation, commission staff
``registry.change_organization``  officers and approvers of the organisation
``assessments.edit``              officers and approvers of the organisation
``assessments.submit``            approvers of the organisation
``assessments.review``            commission staff
``law.change_catalog``            commission administrators
``accounts.view_commission_dashboard``  commission staff
================================  ==================================================
"""

from __future__ import annotations

from typing import Any

import rules

from compliance.accounts.models import CommissionRole, Membership, MembershipRole, Organization


def organization_id_of(obj: Any) -> int | None:
    """The organisation an object belongs to: the organisation itself, or its ``organization_id``."""
    if obj is None:
        return None
    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)


def _role_in(user: Any, obj: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organization_id = organization_id_of(obj)
    if organization_id is None:
        return None
    return (
        Membership.objects.filter(user_id=user.pk, organization_id=organization_id)
        .values_list("role", flat=True)
        .first()
    )


@rules.predicate
def is_member_of(user: Any, obj: Any) -> bool:
    """Any membership (officer or approver) in the object's organisation."""
    return _role_in(user, obj) is not None


@rules.predicate
def is_officer_of(user: Any, obj: Any) -> bool:
    """May edit the organisation's declarations: officers, and approvers (who are officers too)."""
    return _role_in(user, obj) in (MembershipRole.OFFICER, MembershipRole.APPROVER)


@rules.predicate
def is_approver_of(user: Any, obj: Any) -> bool:
    """May submit the organisation's assessments to the commission (番号法第28条)."""
    return _role_in(user, obj) == MembershipRole.APPROVER


def _commission_role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return getattr(user, "commission_role", "")


@rules.predicate
def is_commission_reviewer(user: Any) -> bool:
    """A commission reviewer (the role itself; administrators are :func:`is_commission_admin`)."""
    return _commission_role(user) == CommissionRole.REVIEWER


@rules.predicate
def is_commission_admin(user: Any) -> bool:
    """A commission administrator: reviews, and maintains the legal catalog."""
    return _commission_role(user) == CommissionRole.ADMINISTRATOR


is_commission_staff = is_commission_reviewer | is_commission_admin


@rules.predicate
def has_any_membership(user: Any) -> bool:
    """Acts for at least one organisation (the officer pages are theirs)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(user_id=user.pk).exists()


rules.add_perm("registry.view_organization", is_member_of | is_commission_staff)
rules.add_perm("registry.change_organization", is_officer_of)
rules.add_perm("assessments.edit", is_officer_of)
rules.add_perm("assessments.submit", is_approver_of)
rules.add_perm("assessments.review", is_commission_staff)
rules.add_perm("law.change_catalog", is_commission_admin)
rules.add_perm("accounts.view_commission_dashboard", is_commission_staff)
