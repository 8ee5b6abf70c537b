"""Signals the assessments app sends, for apps that derive data from assessments (the public portal).

The assessments app depends on no one downstream: it announces, they listen.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the transaction that changed an assessment's state, with ``assessment``,
#: ``old_state`` and ``new_state`` (the portal drops its cached pages when a public state is involved).
state_changed = Signal()
