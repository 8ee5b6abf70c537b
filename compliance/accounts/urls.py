from __future__ import annotations

from django.urls import path

from compliance.accounts import views
from compliance.accounts.password_reset import (
    PasswordResetRequestView,
    PasswordResetSentView,
    PasswordResetSetView,
)

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/officer/", views.officer_dashboard, name="officer_dashboard"),
    path("dashboard/commission/", views.commission_dashboard, name="commission_dashboard"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("logout/", views.logout, name="logout"),
    # Password reset by e-mail (compliance/accounts/password_reset.py): for anonymous visitors.
    path("password-reset/", PasswordResetRequestView.as_view(), name="password_reset"),
    path("password-reset/sent/", PasswordResetSentView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetSetView.as_view(),
        name="password_reset_confirm",
    ),
]
