"""Who may read which variant of a version (番号法第28条; 特定個人情報保護評価指針).

- The public variant of a *published* version (kind ``publication`` of an assessment that
  is published or ended 【終了】): anyone, anonymous included — it is what the body publishes.
- Any variant of any version the user may read through the assessments app: the body's
  own members (every state) and commission staff (once submitted). The full variant
  keeps the security-sensitive items, which go to the commission but not to the public.
- Anything else: not found (404), so another body's versions are not even confirmed to exist.

Beyond the public variant, the session must have passed the second factor: the gate
(:mod:`compliance.accounts.second_factor`) already treats a password-only session as
anonymous on these public URLs, and the rule asks again so that no other caller can
hand it a half-logged-in user.
"""

from __future__ import annotations

from typing import Any

from compliance.accounts.second_factor import is_verified
from compliance.assessments.models import AssessmentVersion
from compliance.assessments.models.versions import VersionKind
from compliance.assessments.selectors import assessment_list_visible_to
from compliance.assessments.states import PUBLIC_STATES
from compliance.documents.models import Variant


def is_published_version(version: AssessmentVersion) -> bool:
    return version.kind == VersionKind.PUBLICATION and version.assessment.state in PUBLIC_STATES


def may_read(user: Any, version: AssessmentVersion, variant: str) -> bool:
    if variant == Variant.PUBLIC and is_published_version(version):
        return True
    if not is_verified(user):
        return False
    return assessment_list_visible_to(user=user).filter(pk=version.assessment_id).exists()
