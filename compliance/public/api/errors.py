"""Every error under ``/api/`` is JSON: the same problem list a refused declaration answers.

``[{"path": "published_from", "message": "…"}, …]`` — ``path`` names the parameter or the
JSON path of the body member concerned, empty when the problem is the request as a whole
(no such resource, no credentials, wrong method, body too large, not JSON, too many
requests). A client parses one shape whatever the status; HTML error pages are for people.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from compliance.accounts.throttling import too_many_requests_message

API_PREFIX = "/api/"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the request body is too large"
    default_code = "too_large"


def problems_of(detail: Any, path: str = "") -> list[dict[str, str]]:
    """A DRF error detail (dict, list or string, nested) flattened into ``{"path", "message"}`` problems."""
    if isinstance(detail, dict) and set(detail) == {"path", "message"}:
        return [{"path": str(detail["path"]), "message": str(detail["message"])}]  # already a problem
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "detail", "__all__") else str(key)
            out.extend(problems_of(value, f"{path}.{name}" if path and name else (name or path)))
        return out
    if isinstance(detail, list):
        return [problem for item in detail for problem in problems_of(item, path)]
    return [{"path": path, "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, ``WWW-Authenticate``, ``Retry-After``), with the body as a problem list."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        # The rate is the client's, not a member's: one translated sentence saying when to retry.
        wait = max(1, math.ceil(exc.wait or 1))
        response.data = [{"path": "$", "message": too_many_requests_message(wait)}]
        response["Retry-After"] = str(wait)
        return response
    response.data = problems_of(response.data)
    return response


def _problem(message: str, status_code: int) -> JsonResponse:
    return JsonResponse([{"path": "", "message": message}], status=status_code, safe=False)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL no pattern matches (``/api/assessments/abc/``): JSON under the API, HTML elsewhere."""
    if request.path.startswith(API_PREFIX):
        return _problem("not found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _problem("server error", 500)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        status_code = 413 if isinstance(exception, RequestDataTooBig) else 400
        return _problem("the request body is too large" if status_code == 413 else "bad request", status_code)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _problem("permission denied", 403)
    return defaults.permission_denied(request, exception)
