"""The OpenAPI document as clients and linters read it (a drf-spectacular post-processing hook).

drf-spectacular describes what the views declare; this adds what it cannot see: the
problem list every error answers (compliance.public.api.errors) under each status an
operation can give, the ``pia-declaration/1`` JSON Schema as the declaration body, the
open-data licence and the server.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings

from compliance.declaration.validation import declaration_schema

PROBLEMS = "ProblemList"
DECLARATION = "PiaDeclaration1"

_READ_ERRORS = {"429": "too many requests (see Retry-After)"}
_DECLARATION_ERRORS = {
    "400": "the document is invalid (nothing was written)",
    "401": "no or an unknown token",
    "403": "a session without its second factor, or not allowed",
    "404": "the declared body does not exist or the caller is none of its officers",
    "413": "the body is larger than the upload limit",
    "415": "the body is not JSON",
    "429": "too many requests (see Retry-After)",
}


def _declaration_components() -> dict[str, Any]:
    """The shipped JSON Schema, its ``$defs`` as components (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    schema = copy.deepcopy(declaration_schema())
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    text = json.dumps({DECLARATION: schema, **{f"{DECLARATION}_{k}": v for k, v in defs.items()}})
    return json.loads(text.replace('"#/$defs/', f'"#/components/schemas/{DECLARATION}_'))


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{PROBLEMS}"}}},
    }


def postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[PROBLEMS] = {
        "type": "array",
        "description": "Every error of the API: what is wrong, and where (a parameter or a JSON path).",
        "items": {"$ref": "#/components/schemas/Problem"},
    }
    schemas.update(_declaration_components())
    result["info"]["license"] = dict(settings.HYOKA_OPEN_DATA_LICENSE)
    result["servers"] = [{"url": settings.HYOKA_PUBLIC_ORIGIN or "/"}]
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if method == "post" and path.endswith("/declarations/"):
                for code, description in _DECLARATION_ERRORS.items():
                    responses[code] = _problem_response(description)
                operation["requestBody"] = {
                    "required": True,
                    "description": "a pia-declaration/1 document (JSON only)",
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{DECLARATION}"}}
                    },
                }
                continue
            # Read side: anonymous, no credentials read at all.
            operation["security"] = [{}]
            for code, description in _READ_ERRORS.items():
                responses[code] = _problem_response(description)
            parameters = operation.get("parameters", [])
            if any(p["in"] == "query" for p in parameters):
                responses["400"] = _problem_response("a query parameter is malformed")
            if any(p["in"] == "path" for p in parameters):
                responses["404"] = _problem_response("no such published row")
                for parameter in parameters:
                    if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                        parameter["schema"].update(minimum=0, maximum=2**63 - 1)
    return result
