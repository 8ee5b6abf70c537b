from __future__ import annotations

from django.urls import path

from compliance.accounts.access import REVIEWER
from compliance.checks import views

app_name = "checks"

urlpatterns = [
    path("findings/", views.finding_list, name="findings"),
    path("impact/", views.impact_list, name="impact_list"),
    path("impact/<int:pk>/", views.impact_detail, name="impact_detail"),
]

ACCESS = {
    "checks:findings": REVIEWER,
    "checks:impact_list": REVIEWER,
    "checks:impact_detail": REVIEWER,
}
