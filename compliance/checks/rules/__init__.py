"""The rule catalog (docs/rules.md), one module per subject. Importing this package registers them all."""

from compliance.checks.rules import assessments, basis, cards, entrustment, provisions, security

__all__ = ["assessments", "basis", "cards", "entrustment", "provisions", "security"]
