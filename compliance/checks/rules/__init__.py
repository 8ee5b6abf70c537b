"""The rule catalog (docs/rules.md), one module per theme. Importing this package registers them all."""

from compliance.checks.rules import assessments, basis, cards, entrustment, provisions

__all__ = ["assessments", "basis", "cards", "entrustment", "provisions"]
