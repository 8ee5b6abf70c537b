"""API URLs, mounted under ``/api/`` by compliance/public/urls.py (namespace ``public``)."""

from __future__ import annotations

from django.urls import path

from compliance.accounts.access import PUBLIC
from compliance.public.api import views

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api_schema"),
    path("docs/", views.DocsView.as_view(), name="api_docs"),
    path("assessments/", views.AssessmentList.as_view(), name="api_assessments"),
    path("assessments/<int:pk>/", views.AssessmentDetail.as_view(), name="api_assessment"),
    path("organizations/", views.OrganizationList.as_view(), name="api_organizations"),
    path("organizations/<int:pk>/", views.OrganizationDetail.as_view(), name="api_organization"),
    path("findings/", views.FindingList.as_view(), name="api_findings"),
    path("law/schedule-rows/", views.ScheduleRowList.as_view(), name="api_schedule_rows"),
    path("law/categories/", views.CategoryList.as_view(), name="api_categories"),
    path("declarations/", views.DeclarationSubmit.as_view(), name="api_declarations"),
]

#: Reads are public; the declaration endpoint checks its own token/two-factor authentication and
#: answers 401/403 without it and 404 for another body (see api/permissions.py).
ACCESS = {
    "public:api_schema": PUBLIC,
    "public:api_docs": PUBLIC,
    "public:api_assessments": PUBLIC,
    "public:api_assessment": PUBLIC,
    "public:api_organizations": PUBLIC,
    "public:api_organization": PUBLIC,
    "public:api_findings": PUBLIC,
    "public:api_schedule_rows": PUBLIC,
    "public:api_categories": PUBLIC,
    "public:api_declarations": PUBLIC,
}
