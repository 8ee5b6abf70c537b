"""Who holds which workflow role on an assessment.

The organisation's members act for it (officers edit, approvers also submit:
番号法第28条 makes the body itself the one that submits); commission staff review.
The permissions themselves (``assessments.edit``, ``assessments.submit``,
``assessments.review``) are registered in :mod:`compliance.accounts.rules`; this
module turns them into the :class:`~compliance.assessments.states.Role` set the
state machine (:mod:`compliance.assessments.workflow`) checks.
"""

from __future__ import annotations

from typing import Any

import rules

from compliance.accounts.models import Membership, MembershipRole
from compliance.accounts.rules import is_commission_staff, organization_id_of
from compliance.assessments.states import Role


def roles_for(user: Any, obj: Any) -> frozenset[Role]:
    """The roles ``user`` holds on ``obj`` (an assessment, or anything with an ``organization_id``)."""
    if user is None:
        return frozenset({Role.SYSTEM})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles: set[Role] = set()
    organization_id = organization_id_of(obj)
    if organization_id is not None:
        role = (
            Membership.objects.filter(user_id=user.pk, organization_id=organization_id)
            .values_list("role", flat=True)
            .first()
        )
        if role in (MembershipRole.OFFICER, MembershipRole.APPROVER):
            roles.add(Role.OFFICER)
        if role == MembershipRole.APPROVER:
            roles.add(Role.APPROVER)
    if is_commission_staff(user):
        roles.add(Role.REVIEWER)
    return frozenset(roles)


@rules.predicate
def can_view_assessment(user: Any, assessment: Any) -> bool:
    """Members of the organisation and commission staff read an assessment in every state."""
    return bool(roles_for(user, assessment) & {Role.OFFICER, Role.REVIEWER})


rules.add_perm("assessments.view_assessment", can_view_assessment)
