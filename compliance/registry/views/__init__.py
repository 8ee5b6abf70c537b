"""The officer's workspace: pages, entry forms, declaration upload and export.

Every view is behind :func:`~compliance.accounts.decorators.officer_required` (verified
second factor, membership of some organisation; 403 for commission staff) and fetches
its organisation with :func:`~compliance.accounts.selectors.organization_get_for`, so
another body's registry answers 404 (see ``ACCESS`` in :mod:`compliance.registry.urls`).
"""

from compliance.registry.views.declarations import (
    declaration_export,
    declaration_import_apply,
    declaration_upload,
)
from compliance.registry.views.entries import entry_create, entry_delete, entry_edit
from compliance.registry.views.pages import (
    affair_diagram,
    affair_page,
    finding_answer,
    organization_diagram,
    organization_page,
    schedule_row_pick,
    schedule_row_search,
)

__all__ = [
    "affair_diagram",
    "affair_page",
    "declaration_export",
    "declaration_import_apply",
    "declaration_upload",
    "entry_create",
    "entry_delete",
    "entry_edit",
    "finding_answer",
    "organization_diagram",
    "organization_page",
    "schedule_row_pick",
    "schedule_row_search",
]
