"""Password reset by e-mail (パスワードをお忘れの方), with the second factor still required afterwards.

Django's own views do the work: :class:`~django.contrib.auth.views.PasswordResetView`
mails a link holding a token of :data:`~django.contrib.auth.tokens.default_token_generator`
(derived from the password hash and the last login, so it stops working once the
password changes: one use) that expires after ``PASSWORD_RESET_TIMEOUT``
(``HYOKA_PASSWORD_RESET_MINUTES``); :class:`~django.contrib.auth.views.PasswordResetConfirmView`
checks it and sets the new password through Django's validators. What this module adds:

- **No account enumeration.** The request page answers every well-formed address the
  same way (the "sent" page), whether or not an account has it; only an account that is
  active and has a usable password gets a mail (Django's ``get_users``).
- **Throttled** like the API and the documents (:mod:`compliance.accounts.throttling`,
  ``HYOKA_PASSWORD_RESET_RATE``): per client address (past it: 429 and ``Retry-After``),
  and per e-mail address (past it: no more mail, the same page), counted whether or not
  an account matched.
- **The mail** is plain text, Japanese with English below, addressed by the user's name
  only (redacted should it ever hold a My Number), with the link built on
  ``HYOKA_PUBLIC_ORIGIN`` when it is set, else on the request's host (which
  ``ALLOWED_HOSTS`` vets).
- **Nobody is logged in by a reset.** The confirm view sends the user to the login page,
  where the password and the verified second factor are asked for as always; the
  reset never touches the user's devices.
- **Audit events**, through :mod:`compliance.accounts.services`: one per mail sent,
  one for a request no account matched, one for the completed reset. The e-mail
  address typed is stored only as a keyed tag (:func:`address_tag`).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from compliance.accounts import services
from compliance.accounts.models import User
from compliance.accounts.throttling import password_reset_allowed, too_many_requests_message
from compliance.lib.mynumber import redact_my_numbers

# A tag written in letters only, so that it can never itself read as a number.
_LETTERS = str.maketrans("0123456789abcdef", "ghijklmnopqrstuv")


def address_tag(address: str) -> str:
    """A keyed tag of an e-mail address (HMAC under ``SECRET_KEY``, case-insensitive).

    The same address always gives the same tag, so the audit log and the throttle can
    count requests for it, but the tag does not reveal the address to anyone without the key.
    """
    normalised = address.strip().casefold().encode("utf-8", "surrogatepass")
    digest = hmac.new(settings.SECRET_KEY.encode(), b"password-reset:" + normalised, hashlib.sha256)
    return digest.hexdigest()[:24].translate(_LETTERS)


def display_name(user: User) -> str:
    """How the mail addresses the user: family name then given name, else the login name."""
    name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
    return redact_my_numbers(name)


def link_origin(request: HttpRequest) -> tuple[str, bool]:
    """The host and whether to use https for the mailed link: the configured origin, else the request's."""
    origin = settings.HYOKA_PUBLIC_ORIGIN
    if origin:
        parts = urlsplit(origin)
        return parts.netloc, parts.scheme == "https"
    return request.get_host(), request.is_secure()


class PasswordResetRequestForm(PasswordResetForm):
    """The e-mail address to send the link to; remembers which accounts were mailed, for the audit."""

    email = forms.EmailField(
        label=_("メールアドレス"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mailed: list[User] = []

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        # The templates get the name and the link's parts, not the address or the user object.
        # The site name stays lazy: each language part of the mail renders it in its language.
        mail_context: dict[str, Any] = {key: context[key] for key in ("domain", "protocol", "uid", "token")}
        mail_context["name"] = display_name(user)
        mail_context["site_name"] = settings.HYOKA_SITE_NAME
        mail_context["minutes"] = settings.PASSWORD_RESET_TIMEOUT // 60
        super().send_mail(subject_template_name, email_template_name, mail_context, from_email, to_email)
        self.mailed.append(user)


def _too_many_requests(view: Any, wait: int) -> HttpResponse:
    response = view.render_to_response(
        view.get_context_data(form=view.form_class(), throttled_message=too_many_requests_message(wait))
    )
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response


class PasswordResetRequestView(PasswordResetView):
    """Asks for an e-mail address and always answers with the "sent" page."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = _("パスワードの再設定")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed, wait = password_reset_allowed(request)
        if not allowed:
            return _too_many_requests(self, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:  # type: ignore[override]
        tag = address_tag(form.cleaned_data["email"])
        allowed, _wait = password_reset_allowed(self.request, key=tag)
        if allowed:
            domain, use_https = link_origin(self.request)
            form.save(
                domain_override=domain,
                use_https=use_https,
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
            )
            with transaction.atomic():
                for user in form.mailed:
                    services.password_reset_mailed(user=user, address_tag=tag)
                if not form.mailed:
                    services.password_reset_unmatched(address_tag=tag)
        # Past the address's rate nothing is sent, and the answer is the same as ever.
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetSentView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = _("メールを確認してください")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetSetView(PasswordResetConfirmView):
    """The mailed link: a new password, then the login page (password and second factor)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("two_factor:login")
    post_reset_login = False
    title = _("新しいパスワードの設定")

    def form_valid(self, form: Any) -> HttpResponse:
        services.password_reset_complete(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request,
            _(
                "パスワードを再設定しました。新しいパスワードと、認証アプリの確認コードでログインしてください。"
            ),
        )
        return HttpResponseRedirect(self.get_success_url())
