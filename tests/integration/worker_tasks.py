"""Tasks that exist only for the integration tests; the test worker imports them with ``-I``.

They take a token, never personal data. Deliveries are counted in Redis (which
survives the worker being killed); completion is an audit event in the database,
so "completed exactly once" is a count of rows.
"""

from __future__ import annotations

import os
import time

import redis
from celery import shared_task
from django.conf import settings
from django.db import transaction

from compliance.audit.actions import ACTIONS
from compliance.audit.services import record

COMPLETED_ACTION = "compliance.integration_test_task.completed"
# record() accepts registered actions only; this one exists for these tests alone (named in the
# register's grammar, as it is registered in the same process as the tests that read the register).
ACTIONS.setdefault(COMPLETED_ACTION, "A task of the integration tests finished (its token and delivery).")


def deliveries_key(token: str) -> str:
    return f"hyoka-test:{token}:deliveries"


@shared_task(name="tests.integration.hang_on_first_delivery")
def hang_on_first_delivery(token: str, hang_seconds: float = 120.0) -> str:
    """A job whose first run hangs (long enough to be killed); later runs finish at once."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    delivery = client.rpush(deliveries_key(token), os.getpid())
    client.expire(deliveries_key(token), 3600)
    if delivery == 1:
        time.sleep(hang_seconds)
    with transaction.atomic():
        record(COMPLETED_ACTION, actor=None, data={"token": token, "delivery": delivery})
    return token
