"""和暦 dates where officers and readers expect them (issue 14, item 3): 令和8年11月3日 in a
``<time datetime="2026-11-03">``, the ISO date on English pages."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from compliance.accounts.templatetags.wareki_tags import wareki


def test_a_date_a_datetime_and_an_iso_string() -> None:
    assert wareki(dt.date(2026, 11, 3)) == '<time datetime="2026-11-03">令和8年11月3日</time>'
    assert wareki("2019-05-01") == '<time datetime="2019-05-01">令和元年5月1日</time>'
    assert wareki(dt.datetime(2026, 4, 1, 9, 30)) == '<time datetime="2026-04-01">令和8年4月1日</time>'
    assert wareki(None) == "—"
    assert wareki("未定") == "未定"


def test_english_pages_read_the_iso_date() -> None:
    with translation.override("en"):
        assert wareki(dt.date(2026, 11, 3)) == '<time datetime="2026-11-03">2026-11-03</time>'


def test_templates_of_any_app_load_it() -> None:
    html = Template("{% load wareki_tags %}{{ day|wareki }}").render(Context({"day": dt.date(2026, 7, 6)}))
    assert html == '<time datetime="2026-07-06">令和8年7月6日</time>'
