"""What of a frozen version the public may read.

The assessments app already withholds the form items marked ``public: false`` and the
hidden public comments (:func:`compliance.assessments.version_document.public_document`). The
registry slice frozen with the version also names the IC-card terminals with their
connection, write authority and authentication — security details of the body's
network that 特定個人情報保護評価指針 lets a body keep out of the public version — and
incident summaries. The portal drops those too; everything public starts here.
"""

from __future__ import annotations

import json
from typing import Any

from compliance.assessments.version_document import public_document

#: Registry collections never shown to the public (security details, incident reports).
WITHHELD_COLLECTIONS = ("terminals", "incidents")


def public_view(document: dict[str, Any]) -> dict[str, Any]:
    """The version ``document`` as the portal shows it (a new dict; the input is not changed)."""
    public = public_document(document)
    registry = public.get("registry") or {}
    for collection in WITHHELD_COLLECTIONS:
        registry.pop(collection, None)
    for flow in registry.get("card_flows", []) or []:
        flow.pop("terminal", None)
    return public


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
