"""The register of audit actions: every action the code writes is in it, each said in one grammar."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compliance.accounts.models import Membership, Organization, User
from compliance.audit.actions import ACTIONS, REGISTRY_NOUNS, RENAMED, canonical
from compliance.registry.writes import NOUNS, action

PACKAGE = Path(__file__).resolve().parents[2] / "compliance"
#: ``compliance.<entity>.<event>``: the entity a thing, the event a past participle with its object or manner.
GRAMMAR = re.compile(r"^compliance\.(?P<entity>[a-z][a-z_]*)\.(?P<event>[a-z][a-z_]*)$")
APPS = {"accounts", "admin", "assessments", "audit", "checks", "documents", "law", "public", "registry"}


def _first_arguments() -> list[tuple[str, ast.expr]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        recorders = {  # the names this module imports compliance.audit.services.record as
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "compliance.audit.services"
            for alias in node.names
            if alias.name == "record"
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in recorders:
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node.args[0]))
    return found


def _patterns(node: ast.expr) -> list[re.Pattern[str]]:
    """What the first argument can be: each literal, an f-string's pieces with a wildcard between."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.compile(re.escape(node.value))]
    if isinstance(node, ast.IfExp):
        return _patterns(node.body) + _patterns(node.orelse)
    if isinstance(node, ast.JoinedStr):
        pieces = [
            re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+" for part in node.values
        ]
        return [re.compile("".join(pieces))]
    return []


def test_the_code_records_with_literal_actions_that_are_registered() -> None:
    calls = _first_arguments()
    assert len(calls) > 40, "record() calls were found"
    unregistered = []
    for where, node in calls:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "action":
            continue  # the registry's entries: checked below
        patterns = _patterns(node)
        assert patterns, f"{where}: the action is neither a literal nor an f-string"
        unregistered += [
            f"{where}: {p.pattern}" for p in patterns if not any(p.fullmatch(name) for name in ACTIONS)
        ]
    assert unregistered == []


@pytest.mark.parametrize("verb", ["created", "updated", "deleted"])
def test_every_registry_entry_kind_has_its_actions_registered(verb: str) -> None:
    assert sorted(noun for noun, _prefix in NOUNS.values()) == sorted(REGISTRY_NOUNS)
    assert [action(model, verb) for model in NOUNS if action(model, verb) not in ACTIONS] == []


@pytest.mark.parametrize("verb", ["added", "changed", "deleted"])
def test_every_record_edited_in_the_admin_has_its_actions_registered(verb: str) -> None:
    for model in (User, Organization, Membership):
        assert f"compliance.{model._meta.model_name}.{verb}_in_admin" in ACTIONS


def test_every_action_names_an_entity_and_what_happened_to_it() -> None:
    odd = [name for name in ACTIONS if not ((match := GRAMMAR.match(name)) and match["entity"] not in APPS)]
    assert odd == []


def test_every_action_says_in_one_line_what_it_records() -> None:
    assert [name for name, text in ACTIONS.items() if "\n" in text or not text.endswith(".")] == []


def test_a_former_name_reads_as_its_present_one_and_cannot_be_written() -> None:
    assert [old for old, new in RENAMED.items() if old in ACTIONS or new not in ACTIONS] == []
    assert canonical("compliance.law.catalog_amended") == "compliance.catalog.amended"
    assert canonical("compliance.assessment.submitted") == "compliance.assessment.submitted"
