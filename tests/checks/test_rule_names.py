"""Every rule has a short name for the filters (issue 14, item 3: the rule filter listed IDs only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

import compliance.checks.rules  # noqa: F401  (registers every rule)
from compliance.checks.rule_names import RULE_NAMES, rule_choices
from compliance.checks.rulebook import RULES
from compliance.checks.templatetags.finding_tags import subject_label


def test_every_registered_rule_has_a_name_and_no_other_does() -> None:
    assert set(RULE_NAMES) == set(RULES)


def test_every_rule_name_has_english() -> None:
    japanese = {rule: str(name) for rule, name in RULE_NAMES.items()}
    with translation.override("en"):
        untranslated = [rule for rule, name in RULE_NAMES.items() if str(name) == japanese[rule]]
    assert untranslated == []


def test_the_choices_read_id_then_name() -> None:
    assert ("PIA-MISSING", "PIA-MISSING 評価書がない") in rule_choices()
    with translation.override("en"):
        assert ("PIA-MISSING", "PIA-MISSING No assessment") in rule_choices()


def test_the_public_search_offers_rules_by_name(client, db) -> None:
    body = client.get(reverse("public:search")).content.decode()
    assert '<option value="SEC-TWO-FACTOR">SEC-TWO-FACTOR 端末に二要素認証がない</option>' in body


def test_a_finding_subject_reads_as_the_registry_names_it() -> None:
    assert subject_label("assessments/s1") == "実施済みの評価 s1"
    assert subject_label("affairs/a1") == "事務 a1"
    assert subject_label("organization") == "機関全体"
    assert subject_label("unknown/x") == "unknown/x"
    with translation.override("en"):
        assert subject_label("organization") == "The organisation"
