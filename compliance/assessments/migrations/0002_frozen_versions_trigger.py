"""On PostgreSQL, make frozen assessment versions impossible to change or delete.

The model and its queryset already refuse (compliance/assessments/models/versions.py);
see compliance/lib/append_only.py for the trigger and its TRUNCATE exception.
"""

from __future__ import annotations

from django.db import migrations

from compliance.lib.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        append_only_trigger(
            app_label="assessments",
            model_name="AssessmentVersion",
            function="assessment_version_frozen",
            prefix="assessment_version",
            message="frozen assessment versions never change",
        )
    ]
