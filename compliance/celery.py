"""Celery application. Without REDIS_URL tasks run eagerly in-process (see settings)."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

from compliance.lib.mynumber import RedactMyNumberFilter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")

app = Celery("compliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_my_numbers(logger: Any, **_: Any) -> None:
    """A worker replaces the root handlers with its own: they redact a My Number too."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactMyNumberFilter) for f in handler.filters):
            handler.addFilter(RedactMyNumberFilter())
