"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server.

The Chromium launch arguments, the Japanese browser locale and the screenshot folder
(``test-artifacts/screenshots/``, git-ignored) are shared by every app's browser tests:
see tests/conftest.py.
"""

from __future__ import annotations

from tests.conftest import SCREENSHOTS

__all__ = ["SCREENSHOTS"]
