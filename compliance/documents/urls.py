"""URLs of the documents app. Every name is in :data:`ACCESS`; the views answer 404 for what the user may not read."""

from __future__ import annotations

from django.urls import path

from compliance.accounts.access import PUBLIC
from compliance.documents import views

app_name = "documents"

urlpatterns = [
    path("versions/<int:pk>/", views.version_documents, name="version"),
    path("versions/<int:pk>/<slug:variant>/<slug:fmt>/", views.request_document, name="request"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]

#: ``public``: the public variant of a published version is for anyone (anonymous included);
#: every other variant or version answers 404 to whoever may not read it (compliance.documents.rules).
ACCESS = {
    "documents:version": PUBLIC,
    "documents:request": PUBLIC,
    "documents:status": PUBLIC,
    "documents:download": PUBLIC,
}
