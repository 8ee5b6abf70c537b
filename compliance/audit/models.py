"""The append-only, hash-chained audit log (監査ログ).

Every write in the product leaves one :class:`AuditEvent` in the same transaction
(see :func:`compliance.audit.services.record`). Events are never changed or removed:
the ORM refuses it here, a PostgreSQL trigger refuses it in the database
(migration 0002), and ``manage.py verify_audit`` detects it anywhere else.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk ``update()``/``delete()`` would silently rewrite history; refuse them."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only: update() refused")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only: delete() refused")


class AuditEvent(models.Model):
    """One write in the product. Never updated, never deleted.

    ``hash`` is HMAC-SHA256, keyed by ``HYOKA_AUDIT_KEY`` (which never enters the
    database), over the canonical JSON of the event's content and ``prev_hash`` (see
    :mod:`compliance.audit.chain`), so changing or removing any event breaks its own hash
    and every later link, and nobody without the key can recompute them. ``key_id`` names
    the key (a fingerprint, not the key); events written before the log was keyed have an
    empty ``key_id`` and a plain SHA-256 hash.
    """

    seq = models.PositiveBigIntegerField(_("連番"), unique=True)
    created_at = models.DateTimeField(_("日時"))
    action = models.CharField(_("操作"), max_length=120, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作者アカウント"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作者"), max_length=150, blank=True)
    target_type = models.CharField(_("対象の種類"), max_length=100, blank=True)
    target_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    target_label = models.CharField(_("対象"), max_length=300, blank=True)
    organization_id = models.BigIntegerField(_("機関"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("内容"), default=dict)
    prev_hash = models.CharField(_("直前のハッシュ"), max_length=64)
    hash = models.CharField(_("ハッシュ"), max_length=64, unique=True)
    key_id = models.CharField(_("鍵ID"), max_length=16, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査イベント")
        verbose_name_plural = _("監査イベント")
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Not business logic: a guard so that an accidental ``event.save()`` on a
        # stored event fails here rather than at the trigger (or not at all on SQLite).
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only: save() of a stored event refused")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only: delete() refused")


class AuditChainHead(models.Model):
    """A single row holding the chain's tip; locking it serialises appends so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("監査チェーンの先頭")
        verbose_name_plural = _("監査チェーンの先頭")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
