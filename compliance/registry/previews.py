"""Uploading a declaration in two steps: preview (nothing written), then apply exactly what was previewed.

The file is read once: its size is checked against the one limit
(``HYOKA_DECLARATION_MAX_BYTES``) before it is read, it is parsed within the limits of
:mod:`compliance.declaration.limits`, validated, and planned as a dry run. A valid document is
kept on the server (:class:`~compliance.registry.models.PendingDeclaration`) with the
SHA-256 of the file; the preview page sends back only its token, and applying imports
the kept document. So what is applied is what the officer saw, a file that could be
previewed can always be applied, and no request ever carries the document twice.

Keeping a preview writes nothing to the registry and no audit event: the import that
applies it is the write, audited as every import, with the SHA-256 of the previewed file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.declaration.limits import max_bytes, too_large_message
from compliance.declaration.validation import DeclarationReadError, decode_declaration_bytes
from compliance.lib.actors import UserActor
from compliance.registry.importing import ImportResult, declaration_import, declaration_import_with_drafts
from compliance.registry.models import PendingDeclaration

#: How long a preview can still be applied.
KEEP_FOR = dt.timedelta(days=1)


class PreviewGone(LookupError):
    """No kept preview answers the token (applied already, replaced by a newer upload, or a day old)."""


def declaration_preview(
    *, raw: bytes, organization: Organization, acting_user: UserActor
) -> tuple[ImportResult, PendingDeclaration]:
    """Read and dry-run ``raw``, and keep the document for :func:`declaration_preview_apply`.

    Raises :class:`DeclarationReadError` (too large, not UTF-8, not JSON, over a limit) or
    :class:`~compliance.registry.importing.DeclarationInvalid` (every problem with its path);
    nothing is kept then.
    """
    limit = max_bytes()
    if len(raw) > limit:
        raise DeclarationReadError(too_large_message(limit))
    data = decode_declaration_bytes(raw)
    result = declaration_import(data=data, acting_user=acting_user, organization=organization, dry_run=True)
    now = timezone.now()
    with transaction.atomic():
        PendingDeclaration.objects.filter(
            Q(organization=organization, uploaded_by=acting_user) | Q(created_at__lt=now - KEEP_FOR)
        ).delete()
        pending = PendingDeclaration.objects.create(
            token=secrets.token_urlsafe(32),
            organization=organization,
            uploaded_by=acting_user,
            document=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            sha256=hashlib.sha256(raw).hexdigest(),
            size=len(raw),
        )
    return result, pending


@transaction.atomic
def declaration_preview_apply(
    *, token: str, organization: Organization, acting_user: UserActor
) -> ImportResult:
    """Import the document kept by the preview ``token`` (the officer's own, for this organisation).

    Raises :class:`PreviewGone` when there is none, and whatever the import raises (the kept
    document stays then, so the officer can try again once the registry allows it).
    """
    pending = (
        PendingDeclaration.objects.select_for_update()
        .filter(
            token=token,
            organization=organization,
            uploaded_by=acting_user,
            created_at__gte=timezone.now() - KEEP_FOR,
        )
        .first()
    )
    if pending is None:
        raise PreviewGone(token)
    result = declaration_import_with_drafts(
        data=json.loads(pending.document),
        acting_user=acting_user,
        organization=organization,
        source={"file_sha256": pending.sha256, "file_bytes": pending.size},
    )
    pending.delete()
    return result
