"""The API's answer to a throttled request: 429, ``Retry-After``, and the API's problem list.

Every other error keeps REST framework's answer; only a throttled request is reshaped into the
``[{"path", "message"}]`` list the API documents for its errors (docs/open-data.md).
"""

from __future__ import annotations

import math
from typing import Any

from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as rest_framework_handler

from compliance.accounts.throttling import too_many_requests_message


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = rest_framework_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:
        wait = max(1, math.ceil(exc.wait or 1))
        response.data = [{"path": "$", "message": too_many_requests_message(wait)}]
        response["Retry-After"] = str(wait)
    return response
