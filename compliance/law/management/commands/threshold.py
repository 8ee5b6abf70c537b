"""``manage.py threshold --persons N --handlers H [--serious-incident]`` (docs/domain.md §6.1)."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from compliance.law.management.commands._common import OneLineErrorCommand
from compliance.law.threshold import threshold_decide

_DIGITS = re.compile(r"[0-9]+")


def non_negative_integer(value: str) -> int:
    """argparse type: a whole number ≥ 0 written in ASCII digits (no sign, no decimals, no exponent)."""
    text = value.strip()
    if not _DIGITS.fullmatch(text):
        raise argparse.ArgumentTypeError(f"must be an integer ≥ 0, got {value!r}")
    return int(text)


class Command(OneLineErrorCommand):
    help = "Decide which assessment forms an affair needs (しきい値判断). Prints one JSON object."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--persons", type=non_negative_integer, required=True, help="対象人数")
        parser.add_argument("--handlers", type=non_negative_integer, required=True, help="取扱者数")
        parser.add_argument("--serious-incident", action="store_true", help="過去1年以内の重大事故")

    def handle(self, *args: Any, **options: Any) -> None:
        decision = threshold_decide(
            persons=options["persons"],
            handlers=options["handlers"],
            serious_incident=options["serious_incident"],
        )
        self.stdout.write(json.dumps(decision.as_dict()))
