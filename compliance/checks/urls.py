from __future__ import annotations

from django.urls import path

from compliance.accounts.access import REVIEWER
from compliance.checks import views

app_name = "checks"

urlpatterns = [
    path("findings/", views.finding_list, name="findings"),
]

ACCESS = {
    "checks:findings": REVIEWER,
}
