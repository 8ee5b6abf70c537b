"""The public law browser. Every URL is public: the law is public (see ``ACCESS``)."""

from __future__ import annotations

from django.urls import path

from compliance.law import views

app_name = "law"

urlpatterns = [
    path("", views.index, name="index"),
    path("linkage/", views.linkage, name="linkage"),
    path("rows/<str:key>/", views.row_history, name="row_history"),
    path("diff/", views.diff, name="diff"),
    path("spread/", views.spread, name="spread"),
]

#: Access rule per URL name, merged into the project's access table (compliance/accounts).
ACCESS = {
    "law:index": "public",
    "law:linkage": "public",
    "law:row_history": "public",
    "law:diff": "public",
    "law:spread": "public",
}
