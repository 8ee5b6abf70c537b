"""Signals of the law app: the catalog changed.

The law sits below the apps that read it, so it announces a change instead of calling them:
the checks app re-checks the organisations the change can affect (compliance.checks.apps).
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the writing transaction after every catalog write, with ``change_set`` (the stored
#: :class:`~compliance.law.models.ChangeSet`) and ``records``: every period row the write started,
#: ended or rewrote, as it was before and as it is after (model instances).
catalog_changed = Signal()
