"""The search index's text never reads as a My Number where two fields meet."""

from __future__ import annotations

from compliance.lib.mynumber import find_my_numbers
from compliance.public.indexing import index_fields

#: Two dates that, written side by side with a space, hold the digits 2026 09 24 2026: twelve
#: digits with a valid check digit (the public comment period of a demo assessment).
START, END = "2026-09-24", "2026-11-03"


def test_two_neighbouring_dates_do_not_read_as_a_my_number_in_the_index_text() -> None:
    assert find_my_numbers(f"{START} {END}")  # what joining by a space would store
    public = {
        "affair": {"name": "灯油購入費助成事務"},
        "forms": [{"answers": {"start": START, "end": END}}],
    }

    text = index_fields(public)["text"]

    assert START in text and END in text
    assert find_my_numbers(text) == []
