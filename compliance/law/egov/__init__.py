"""The Act as e-Gov publishes it: reading 法令標準XML (:mod:`.xml`), placing the bodies the schedule
names (:mod:`.bodies`) and turning the schedule into a catalog change set (:mod:`.importer`).

The reader's names are re-exported here, so ``from compliance.law.egov import read_schedule`` works.
"""

from __future__ import annotations

from compliance.law.egov.xml import (
    LAW_NUMBER,
    CitedStatute,
    EgovXmlError,
    ParsedLaw,
    ParsedRow,
    cited_statute,
    column_sentences,
    defined_laws,
    element_text,
    kanji_to_int,
    read_schedule,
    row_number_of,
)

__all__ = [
    "LAW_NUMBER",
    "CitedStatute",
    "EgovXmlError",
    "ParsedLaw",
    "ParsedRow",
    "cited_statute",
    "column_sentences",
    "defined_laws",
    "element_text",
    "kanji_to_int",
    "read_schedule",
    "row_number_of",
]
