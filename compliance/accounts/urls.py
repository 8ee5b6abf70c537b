from __future__ import annotations

from django.urls import path

from compliance.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/officer/", views.officer_dashboard, name="officer_dashboard"),
    path("dashboard/commission/", views.commission_dashboard, name="commission_dashboard"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("logout/", views.logout, name="logout"),
]
