"""On PostgreSQL, reinstall the frozen versions' trigger without its TRUNCATE switch.

As for the audit log (audit 0004): the function installed by 0002 let TRUNCATE through
when the session set a custom setting any role may set; it now refuses it whatever the
session sets (compliance/lib/append_only.py).
"""

from __future__ import annotations

from django.db import migrations

from compliance.lib.append_only import append_only_trigger

reinstall = append_only_trigger(
    app_label="assessments",
    model_name="AssessmentVersion",
    function="assessment_version_frozen",
    prefix="assessment_version",
    message="frozen assessment versions never change",
)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_answers_official_items")]

    # Backwards leaves the stricter trigger in place: 0002's reverse removes it.
    operations = [migrations.RunPython(reinstall.code, migrations.RunPython.noop)]
