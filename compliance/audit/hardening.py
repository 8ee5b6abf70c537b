"""PostgreSQL: take the audit tables away from the product's own database role.

The trigger refuses UPDATE, DELETE and TRUNCATE, but a table's owner may disable its
triggers, and a role with the TRUNCATE privilege on it does not need to ask. So in
production the audit tables belong to a role nobody logs in as (NOLOGIN), and the
role the product connects with may only read and append:

* ``audit_auditevent``: SELECT, INSERT (and USAGE of its id sequence);
* ``audit_auditchainhead``: SELECT, INSERT, UPDATE (appends move the head and lock it);
* the trigger function belongs to the owner role too.

Nothing else: no UPDATE or DELETE of events, no TRUNCATE, no ALTER TABLE (so no
``DISABLE TRIGGER``), and no setting the product's role may change skips the trigger
(``session_replication_role`` needs a superuser). A superuser can still do anything,
which is why the product must not connect as one; the checkpoints outside the database
are what detects that. Run by an administrator (``manage.py audit_harden_postgres``) with
a ``DATABASE_URL`` of a superuser or of the tables' current owner, after ``migrate``;
idempotent. Later migrations of the audit app must run as a role that is a member of
the owner role.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from compliance.audit.models import AuditChainHead, AuditEvent

#: The trigger function installed by the audit migrations (compliance/lib/append_only.py).
TRIGGER_FUNCTION = "audit_event_append_only"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class HardeningError(RuntimeError):
    """The hardening cannot be applied as asked (wrong database, unsafe roles)."""


def _role(connection: Any, name: str) -> dict[str, bool] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s", [name])
        row = cursor.fetchone()
    return None if row is None else {"superuser": row[0], "login": row[1]}


def harden_postgres(*, connection: Any, owner: str, app_role: str) -> list[str]:
    """Make ``owner`` (created NOLOGIN if missing) own the audit tables; ``app_role`` may only append.

    Returns the statements executed, in one transaction.
    """
    if connection.vendor != "postgresql":
        raise HardeningError(f"audit_harden_postgres needs PostgreSQL, this database is {connection.vendor}")
    for name in (owner, app_role):
        if not _ROLE_NAME.match(name):
            raise HardeningError(f"role names are lower-case letters, digits and underscores, got {name!r}")
    if owner == app_role:
        raise HardeningError("the owner role and the product's role must differ")
    app = _role(connection, app_role)
    if app is None:
        raise HardeningError(f"role {app_role} does not exist (the role the product connects as)")
    if app["superuser"]:
        raise HardeningError(
            f"role {app_role} is a superuser: no privilege limits it; connect as an ordinary role"
        )
    existing_owner = _role(connection, owner)
    if existing_owner is not None and (existing_owner["login"] or existing_owner["superuser"]):
        raise HardeningError(
            f"role {owner} exists and can log in (or is a superuser); choose another owner role"
        )

    quote = connection.ops.quote_name
    events, head = quote(AuditEvent._meta.db_table), quote(AuditChainHead._meta.db_table)
    owner_q, app_q = quote(owner), quote(app_role)
    statements = [] if existing_owner is not None else [f"CREATE ROLE {owner_q} NOLOGIN"]
    with connection.cursor() as cursor:
        if existing_owner is not None:
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner])
            if cursor.fetchone()[0]:
                raise HardeningError(f"role {app_role} is a member of {owner} and would share its ownership")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [AuditEvent._meta.db_table])
        sequence = cursor.fetchone()[0]
    statements += [
        # ALTER TABLE … OWNER also moves the sequences owned by the table's columns.
        f"ALTER TABLE {events} OWNER TO {owner_q}",
        f"ALTER TABLE {head} OWNER TO {owner_q}",
        f"ALTER FUNCTION {quote(TRIGGER_FUNCTION)}() OWNER TO {owner_q}",
        f"REVOKE ALL ON TABLE {events}, {head} FROM PUBLIC, {app_q}",
        f"GRANT SELECT, INSERT ON TABLE {events} TO {app_q}",
        f"GRANT SELECT, INSERT, UPDATE ON TABLE {head} TO {app_q}",
    ]
    if sequence:
        statements.append(f"GRANT USAGE ON SEQUENCE {sequence} TO {app_q}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
