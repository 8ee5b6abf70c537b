"""Answer values: what each answer type accepts, when an item counts as answered, how a value reads.

Values are JSON: strings for ``text``, ``long_text``, ``choice`` and ``rating``; an
integer ≥ 0 for ``integer``; ``YYYY-MM-DD`` for ``date``; true/false for ``boolean`` and
``checkbox`` (「[○] 委託しない」); a list of rows (column → text) for ``table``.
Free text is refused when it holds a My Number (番号法第19条: the form is not a place
the law allows it to be provided to).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compliance.assessments.definitions import FormSpec, ItemSpec
from compliance.assessments.states import Rating
from compliance.lib.mynumber import validate_no_my_number

MAX_TEXT = 1_000
MAX_LONG_TEXT = 20_000


def is_answered(value: Any) -> bool:
    """An item is answered when it has a value; ``False`` and ``0`` are answers, blank text is not."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def clean_value(item: ItemSpec, raw: Any) -> Any:
    """The stored form of ``raw`` for ``item``, or :class:`ValidationError` naming what is wrong.

    ``None`` and blank text mean "not answered" and are returned as ``None``.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = item.answer_type
    if kind == "table":
        return _clean_table(item, raw)
    if kind in ("text", "long_text"):
        if not isinstance(raw, str):
            raise ValidationError(_("文字で入力してください。"))
        text = raw.strip().replace("\r\n", "\n")
        limit = MAX_TEXT if kind == "text" else MAX_LONG_TEXT
        if len(text) > limit:
            raise ValidationError(_("%(limit)s字以内で入力してください。") % {"limit": limit})
        validate_no_my_number(text)
        return text
    if kind == "integer":
        if isinstance(raw, bool):
            raise ValidationError(_("0以上の整数を入力してください。"))
        try:
            number = int(str(raw).strip().replace(",", ""))
        except (TypeError, ValueError):
            raise ValidationError(_("0以上の整数を入力してください。")) from None
        if number < 0:
            raise ValidationError(_("0以上の整数を入力してください。"))
        return number
    if kind == "date":
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise ValidationError(_("日付は YYYY-MM-DD の形で入力してください。")) from None
    if kind in ("boolean", "checkbox"):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "yes", "はい", "on"):
            return True
        if text in ("false", "0", "no", "いいえ", "off"):
            return False
        raise ValidationError(_("「はい」か「いいえ」を選んでください。"))
    if kind == "choice":
        if raw not in item.choices:
            raise ValidationError(_("選択肢から選んでください。"))
        return raw
    if kind == "rating":
        if raw not in Rating.values:
            raise ValidationError(
                _("「特に力を入れている」「十分である」「課題が残されている」のいずれかを選んでください。")
            )
        return raw
    raise ValidationError(_("この回答の種類には対応していません: %(kind)s") % {"kind": kind})


#: How a table is typed in one text box: a row per line, columns separated by 「|」.
COLUMN_SEPARATOR = "|"


def table_text(item: ItemSpec, rows: Any) -> str:
    """A stored table as the text box shows it (one row per line)."""
    if not isinstance(rows, list):
        return ""
    return "\n".join(
        f" {COLUMN_SEPARATOR} ".join(str(row.get(c, "")) for c in item.columns)
        for row in rows
        if isinstance(row, dict)
    )


def _clean_table(item: ItemSpec, raw: Any) -> list[dict[str, str]] | None:
    if isinstance(raw, str):
        rows: list[Any] = []
        for line in raw.replace("\r\n", "\n").split("\n"):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split(COLUMN_SEPARATOR)]
            if len(cells) > len(item.columns):
                raise ValidationError(
                    _("1行の列は%(count)s個までです（「|」で区切る）: %(line)s")
                    % {"count": len(item.columns), "line": line.strip()}
                )
            rows.append(dict(zip(item.columns, cells, strict=False)))
    elif isinstance(raw, list):
        rows = raw
    else:
        raise ValidationError(_("表の形で入力してください。"))
    out: list[dict[str, str]] = []
    for row in rows:
        if not isinstance(row, dict) or set(map(str, row)) - set(item.columns):
            raise ValidationError(_("表の列は %(columns)s です。") % {"columns": "・".join(item.columns)})
        cleaned = {c: str(row.get(c) or "").strip() for c in item.columns}
        for text in cleaned.values():
            if len(text) > MAX_LONG_TEXT:
                raise ValidationError(_("%(limit)s字以内で入力してください。") % {"limit": MAX_LONG_TEXT})
            validate_no_my_number(text)
        if any(cleaned.values()):
            out.append(cleaned)
    return out or None


def blanked_by_boxes(spec: FormSpec, merged: dict[str, Any]) -> frozenset[str]:
    """Items left blank by a ticked check box (「[○] 委託しない」 blanks the entrustment ratings)."""
    return frozenset(
        key for key, item in spec.items.items() if item.blank_when and merged.get(item.blank_when) is True
    )


def clean_answers(
    spec: FormSpec, values: dict[str, Any], *, locked: set[str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Clean every value; errors by item key. Items of another form and locked (filled-in) items are refused."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key, raw in values.items():
        item = spec.items.get(key)
        if item is None:
            errors[key] = [_("この様式にない項目です。")]
            continue
        if key in locked:
            errors[key] = [_("この項目は登録情報・手続の記録から自動で記入されます。")]
            continue
        if not item.answerable:
            errors[key] = [_("見出しには回答しません。")]
            continue
        try:
            cleaned[key] = clean_value(item, raw)
        except ValidationError as error:
            errors[key] = list(error.messages)
    return cleaned, errors


def missing_required(
    spec: FormSpec, merged: dict[str, Any], *, skip: frozenset[str] = frozenset()
) -> list[ItemSpec]:
    """Required items without an answer, in document order.

    ``skip``: items that do not apply; items a ticked check box leaves blank never apply.
    """
    skip = skip | blanked_by_boxes(spec, merged)
    out = []
    for section in spec.walk_sections():
        for item in section.items:
            if item.required and item.key not in skip and not is_answered(merged.get(item.key)):
                out.append(item)
    return out


def choice_text(item: ItemSpec | None, value: Any) -> Any:
    """A chosen answer in the page's language: the PPC's choice 「2) 発生なし」 reads "2) None
    occurred" on an English page. Free text, and any value that is not one of the item's
    choices or ratings, is returned as it is (an answer is never translated by accident)."""
    if item is None or not (item.choices or item.answer_type == "rating"):
        return value
    known = set(item.choices) | ({r.value for r in Rating} if item.answer_type == "rating" else set())
    if isinstance(value, list):
        return [_(v) if isinstance(v, str) and v in known else v for v in value]
    return _(value) if isinstance(value, str) and value in known else value


def display_value(item: ItemSpec | None, value: Any) -> str:
    """A value as a person reads it (booleans as はい／いいえ, lists joined, choices in the page's language)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if item is not None and item.answer_type == "table":
        return table_text(item, value)
    value = choice_text(item, value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)
