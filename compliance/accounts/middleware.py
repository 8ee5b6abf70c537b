"""Japanese first: the interface language is Japanese unless the visitor chose English."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    The product's records are Japanese legal documents and its users are Japanese
    officials and residents, so every page opens in Japanese; the language switch in
    the header (``set_language``, which sets the language cookie) is the one way to
    English. Browsers set to English would otherwise land in English unasked.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """The page's language comes from the cookie: an HTTP cache must vary on Cookie, and not on
        Accept-Language (Django's middleware says that one), which changes nothing here."""
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
