"""gunicorn settings read from the working directory (``gunicorn compliance.wsgi:application``).

gunicorn writes its access log and error log with handlers of its own, outside
Django's LOGGING: this logger class gives both the filter that redacts a My Number
from the request line, path and query string (番号法第19条: a log is no place the
Act allows the number to be kept).
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from compliance.lib.mynumber import RedactMyNumberFilter


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactMyNumberFilter) for f in log.filters):
                log.addFilter(RedactMyNumberFilter())


logger_class = RedactingLogger
