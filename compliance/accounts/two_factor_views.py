"""django-two-factor-auth's set-up, backup-code and disable pages, with an audit event each.

The upstream views save and delete devices themselves; these subclasses route the
change through :mod:`compliance.accounts.services` so that enrolling, replacing the
backup codes and removing the second factor each leave one audit event in the same
transaction, and removing it needs a current code: a session left open on a counter
PC must not be enough to strip an account of its second factor.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken
from two_factor.views import BackupTokensView, DisableView, SetupView

from compliance.accounts import services


class AuditedSetupView(SetupView):  # type: ignore[misc]
    @classmethod
    def get_prefix(cls, request: Any, *args: Any, **kwargs: Any) -> str:
        """The wizard's form prefix stays upstream's (``setup_view-…``), whatever this class is called."""
        return "setup_view"

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        method = self.get_method().code
        with transaction.atomic():
            response = super().done(form_list, **kwargs)
            services.second_factor_enrolled(
                acting_user=self.request.user, user=self.request.user, method=method
            )
        return response


class AuditedBackupTokensView(BackupTokensView):  # type: ignore[misc]
    def form_valid(self, form: Any) -> HttpResponse:
        tokens = [StaticToken.random_token() for _n in range(self.number_of_tokens)]
        services.backup_tokens_set(acting_user=self.request.user, user=self.request.user, tokens=tokens)
        return redirect(self.success_url)


class SecondFactorDisableForm(forms.Form):
    """Removing the second factor asks for it once more: a current code or a backup code."""

    otp_token = forms.CharField(
        label=_("確認コード（認証アプリの現在のコード、またはバックアップコード）"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    understand = forms.BooleanField(label=_("二要素認証を無効にすることを理解しました"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        # match_token checks every device of the user and honours each device's throttling.
        if match_token(self.user, token) is None:
            raise forms.ValidationError(
                _(
                    "確認コードが正しくありません。認証アプリに表示されている現在のコードか、バックアップコードを入力してください。"
                )
            )
        return token


class SecondFactorDisableView(DisableView):  # type: ignore[misc]
    form_class = SecondFactorDisableForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: Any) -> HttpResponse:
        services.second_factor_remove(acting_user=self.request.user, user=self.request.user)
        return redirect(self.success_url)
