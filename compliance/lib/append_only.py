"""A PostgreSQL trigger that makes a table append-only, for migrations.

Used where the law or the product promises that a record never changes once written:
audit events (the hash chain) and frozen assessment versions. The model layer already
refuses; the trigger makes the database itself refuse an UPDATE or DELETE, whatever
code path or hand-written SQL tries it, and TRUNCATE too. No setting an ordinary role
can change lets anything through (a custom setting can be set by any role, so none is
consulted); only ``session_replication_role = replica``, which only a superuser may set,
skips the trigger, as it skips every ordinary trigger — the test suite uses it to flush
its throw-away databases. SQLite has no such guard.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_INSTALL = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION '{message}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$body$;
DROP TRIGGER IF EXISTS {prefix}_no_update_delete ON {table};
CREATE TRIGGER {prefix}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
DROP TRIGGER IF EXISTS {prefix}_no_truncate ON {table};
CREATE TRIGGER {prefix}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""

_UNINSTALL = """
DROP TRIGGER IF EXISTS {prefix}_no_update_delete ON {table};
DROP TRIGGER IF EXISTS {prefix}_no_truncate ON {table};
DROP FUNCTION IF EXISTS {function}();
"""


def append_only_trigger(
    *, app_label: str, model_name: str, function: str, prefix: str, message: str
) -> migrations.RunPython:
    """A migration operation installing (and, backwards, removing) the trigger on PostgreSQL only."""

    def sql(template: str, apps: Any, schema_editor: Any) -> str:
        table = schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)
        return template.format(table=table, function=function, prefix=prefix, message=message)

    def install(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            # params=None: the SQL holds '%' placeholders for RAISE, not for the driver.
            schema_editor.execute(sql(_INSTALL, apps, schema_editor), params=None)

    def uninstall(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql(_UNINSTALL, apps, schema_editor), params=None)

    return migrations.RunPython(install, uninstall)
