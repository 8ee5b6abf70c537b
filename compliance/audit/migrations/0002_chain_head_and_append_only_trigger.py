"""Seed the chain head, and on PostgreSQL make the event table append-only.

The trigger refuses UPDATE, DELETE and TRUNCATE on the audit event table. The hash
chain already makes tampering *detectable* (``manage.py verify_audit``); the trigger
makes the product's own database role unable to do it by accident or through an
injected query. (Until migration 0004 a session could let TRUNCATE through with a
custom setting; see compliance/lib/append_only.py for what is installed now.) SQLite has
no such guard; there, verification is the safeguard.
"""

from __future__ import annotations

from django.db import migrations

from compliance.lib.append_only import append_only_trigger


def seed_head(apps, schema_editor):
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.using(schema_editor.connection.alias).get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(seed_head, migrations.RunPython.noop),
        append_only_trigger(
            app_label="audit",
            model_name="AuditEvent",
            function="audit_event_append_only",
            prefix="audit_event",
            message="audit events are append-only",
        ),
    ]
