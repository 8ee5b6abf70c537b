"""Reading a declaration from an API body: the same size limit and reader as the web upload.

DRF's own JSON parser would read any size, build any nesting (a 100,000-deep body is a
RecursionError), accept lone surrogates and answer a malformed body in a shape of its
own. This one refuses a body over ``HYOKA_DECLARATION_MAX_BYTES`` before reading it
(413), refuses a body that is not ``application/json`` (415), reads the rest with the
declaration reader (:mod:`compliance.declaration.limits`), and
answers every refusal with the API's problem list: ``[{"path": "$", "message": "…"}]``.
"""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.parsers import BaseParser

from compliance.declaration.limits import max_bytes, too_large_message
from compliance.declaration.validation import DeclarationReadError, decode_declaration_bytes


class DeclarationUnreadable(APIException):
    """The body is not a declaration that can be read: answered as a one-entry problem list."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unreadable"

    def __init__(self, message: str, *, status_code: int = status.HTTP_400_BAD_REQUEST) -> None:
        super().__init__([{"path": "$", "message": message}])
        self.status_code = status_code


def _declared_length(parser_context: Any) -> int | None:
    request = (parser_context or {}).get("request")
    raw = getattr(request, "META", {}).get("CONTENT_LENGTH") if request is not None else None
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _is_json(media_type: str | None) -> bool:
    kind = (media_type or "").split(";", 1)[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


class DeclarationParser(BaseParser):
    """Every body reaches this parser, so that a body of another type is refused as a problem list too."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        if not _is_json(media_type):
            raise DeclarationUnreadable(
                "the body must be a pia-declaration/1 document sent as application/json",
                status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            )
        limit = max_bytes()
        declared = _declared_length(parser_context)
        if declared is not None and declared > limit:
            raise DeclarationUnreadable(
                too_large_message(limit), status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            )
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:  # no or a false Content-Length: read no more than the limit allows
            raise DeclarationUnreadable(
                too_large_message(limit), status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            )
        try:
            return decode_declaration_bytes(raw)
        except DeclarationReadError as error:
            raise DeclarationUnreadable(str(error)) from None
