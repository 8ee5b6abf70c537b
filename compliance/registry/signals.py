"""Signals of the registry: an organisation's registry changed; a declaration was imported.

The registry sits below the assessments built on it, so it announces a write instead of calling
them: the assessments app then looks for a re-assessment the change calls for (重要な変更, a
threshold rise; compliance.assessments.apps).
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the writing transaction after every registry create, update or delete, with
#: ``organization_id``.
registry_changed = Signal()

#: Sent inside the transaction of an import that files the work it makes necessary
#: (``declaration_import_with_drafts``), with ``organization`` and ``acting_user``; a receiver
#: returns how many draft assessments it filed (compliance.assessments.services.drafting).
declaration_imported = Signal()
