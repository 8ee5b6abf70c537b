"""The version document and its diff import on their own, whatever was imported before them.

They used to need the services imported first (a circle through ``services.common``), which
every reader of published versions had to remember to do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "module",
    ["compliance.assessments.version_document", "compliance.assessments.diff", "compliance.public.redaction"],
)
def test_the_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    code = f"import django; django.setup(); import {module}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "compliance.settings"}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
