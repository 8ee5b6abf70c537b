"""The officer's workspace URLs. Every name is in :data:`ACCESS` (the access-policy test walks them all)."""

from __future__ import annotations

from django.urls import path

from compliance.accounts.access import OFFICER
from compliance.registry import views

app_name = "registry"

ORG = "organizations/<int:pk>/"

urlpatterns = [
    path(ORG, views.organization_page, name="organization"),
    path(f"{ORG}affairs/<int:affair_pk>/", views.affair_page, name="affair"),
    path(f"{ORG}dataflow.svg", views.organization_diagram, name="organization_diagram"),
    path(f"{ORG}affairs/<int:affair_pk>/dataflow.svg", views.affair_diagram, name="affair_diagram"),
    path(f"{ORG}<slug:kind>/new/", views.entry_create, name="entry_create"),
    path(f"{ORG}<slug:kind>/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path(f"{ORG}<slug:kind>/<int:entry_pk>/delete/", views.entry_delete, name="entry_delete"),
    path(f"{ORG}findings/<int:finding_pk>/answer/", views.finding_answer, name="finding_answer"),
    path(f"{ORG}import/", views.declaration_upload, name="import"),
    path(f"{ORG}import/apply/", views.declaration_import_apply, name="import_apply"),
    path(f"{ORG}export/", views.declaration_export, name="export"),
    path(f"{ORG}schedule-rows/", views.schedule_row_search, name="schedule_rows"),
    path(f"{ORG}schedule-rows/pick/", views.schedule_row_pick, name="schedule_row_pick"),
]

#: Who may reach each page (merged by compliance.accounts.access.access_table): officers of the
#: organisation only; another body's officer gets 404, commission staff 403.
ACCESS = {f"registry:{pattern.name}": OFFICER for pattern in urlpatterns}
