"""Build hook: the project-wide templates, static files, locale and fixtures go into the wheel.

They live at the repository root (``templates/``, ``static/``, ``locale/``, ``fixtures/``),
where ``make run`` and the tests read them; a built wheel carries a copy under
``compliance/_resources/``, which ``compliance/settings.py`` reads when the repository's
folders are not beside the package (an installed wheel). Everything else is declared in
pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "locale", "fixtures")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "compliance" / "_resources"
        for name in RESOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
                )


setup(cmdclass={"build_py": BuildWithResources})
