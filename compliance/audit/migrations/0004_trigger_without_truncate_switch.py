"""On PostgreSQL, reinstall the audit table's trigger without its TRUNCATE switch.

The trigger installed by 0002 let TRUNCATE through when the session set the custom
setting ``hyoka.audit_allow_truncate``, which any role may set: the product's own role
could empty the log. The function now refuses TRUNCATE whatever the session sets
(compliance/lib/append_only.py). ``manage.py audit_harden_postgres`` then takes the
table away from the product's role altogether.
"""

from __future__ import annotations

from django.db import migrations

from compliance.lib.append_only import append_only_trigger

reinstall = append_only_trigger(
    app_label="audit",
    model_name="AuditEvent",
    function="audit_event_append_only",
    prefix="audit_event",
    message="audit events are append-only",
)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_hashes")]

    # Backwards leaves the stricter trigger in place: 0002's reverse removes it.
    operations = [migrations.RunPython(reinstall.code, migrations.RunPython.noop)]
