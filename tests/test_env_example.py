"""`.env.example` lists every setting of the README's configuration table, and no other."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _readme_settings() -> set[str]:
    return set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (REPO / "README.md").read_text(encoding="utf-8"), re.M)
    )


def _example_settings() -> set[str]:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.M))


def test_the_env_example_lists_every_setting_the_readme_documents() -> None:
    documented = _readme_settings()
    assert len(documented) > 20  # the table was found
    assert _example_settings() == documented
