"""The public law browser (every page public: the law is public) and the change sets the
commission administrator applies to the catalog (see ``ACCESS``)."""

from __future__ import annotations

from django.urls import path

from compliance.accounts.access import ADMIN
from compliance.law import views

app_name = "law"

urlpatterns = [
    path("", views.index, name="index"),
    path("linkage/", views.linkage, name="linkage"),
    path("rows/<str:key>/", views.row_history, name="row_history"),
    path("diff/", views.diff, name="diff"),
    path("spread/", views.spread, name="spread"),
    path("change-sets/", views.change_set_list, name="change_set_list"),
    path("change-sets/new/", views.change_set_new, name="change_set_new"),
    path("change-sets/apply/", views.change_set_apply, name="change_set_apply"),
    path("change-sets/<int:pk>/", views.change_set_detail, name="change_set_detail"),
]

#: Access rule per URL name, merged into the project's access table (compliance/accounts).
ACCESS = {
    "law:index": "public",
    "law:linkage": "public",
    "law:row_history": "public",
    "law:diff": "public",
    "law:spread": "public",
    "law:change_set_list": ADMIN,
    "law:change_set_new": ADMIN,
    "law:change_set_apply": ADMIN,
    "law:change_set_detail": ADMIN,
}
