"""CSV cells a spreadsheet cannot mistake for a formula (CSV / formula injection).

Excel, LibreOffice and Google Sheets evaluate a cell whose text begins with ``=``, ``+``,
``-`` or ``@`` (and strip a leading tab or carriage return before looking), so an affair
named ``=HYPERLINK("https://…")`` in a published assessment would run in the spreadsheet of
whoever opens the open data. OWASP's rule: prefix such a cell with a single quote, which
the spreadsheet shows as text and does not evaluate. Numbers are written as numbers; only
text is changed, and only when it starts with one of those characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Characters that make a spreadsheet read the cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """``value`` as a CSV cell: text that starts like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """One CSV row with every cell neutralised: what every CSV writer of the product writes."""
    return [neutralize_cell(v) for v in values]
