"""Fixtures of the law app's tests: the small test catalog (tests/law/data/catalog) and change sets."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

DATA = Path(__file__).parent / "data"
CATALOG = DATA / "catalog"
EGOV = DATA / "egov"


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the test catalog, for tests that break a file on purpose."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG, target)
    return target


@pytest.fixture
def loaded(db: None) -> None:
    """The small test catalog loaded into the database."""
    call_command("load_catalog", "--dir", str(CATALOG), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def change_file(tmp_path: Path) -> Callable[[Any], Path]:
    """Write a change set to a YAML file and return its path."""
    counter = iter(range(1000))

    def write(data: Any, *, suffix: str = ".yaml") -> Path:
        path = tmp_path / f"change-{next(counter)}{suffix}"
        if suffix == ".json":
            import json

            path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write
