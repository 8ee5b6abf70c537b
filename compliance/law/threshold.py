"""The threshold decision (しきい値判断): which assessment forms an affair needs.

The thresholds are stable rules of the PPC regulation (特定個人情報保護評価に関する規則,
平成26年特定個人情報保護委員会規則第1号, and the 特定個人情報保護評価指針), summarised in
docs/domain.md §2.1; unlike schedule rows they do not change with the My Number Act's amendments,
so they live here as constants. The function is pure: the ``threshold`` command, the checks
(PIA-MISSING, PIA-LEVEL) and the assessment workflow all call it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: 対象人数 below this: no assessment is mandatory (特定個人情報保護評価に関する規則; docs/domain.md §2.1).
PERSONS_BASIC = 1_000
#: From here the handler count and serious incidents can raise the level to key (重点項目).
PERSONS_KEY = 10_000
#: From here the default level is key and can be raised to full (全項目).
PERSONS_FULL = 100_000
#: From here a full assessment is always required.
PERSONS_ALWAYS_FULL = 300_000
#: 取扱者数 at or above this (or a 重大事故) raises the level by one form (指針「しきい値判断」).
HANDLERS_RAISE = 500

#: The assessment levels from the lightest form to the fullest (basic < key < full).
LEVELS = ("basic", "key", "full")
#: Each level's rank in that order, for comparing levels.
LEVEL_ORDER: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class ThresholdDecision:
    """``mandatory``: an assessment is required; ``required``: forms in the order basic, key, full."""

    mandatory: bool
    required: tuple[str, ...]

    @property
    def highest(self) -> str | None:
        return self.required[-1] if self.required else None

    def as_dict(self) -> dict[str, object]:
        return {"mandatory": self.mandatory, "required": list(self.required)}


#: The persons bands of the threshold table, by their lower bounds (docs/domain.md §2.1).
PERSONS_BANDS = (0, PERSONS_BASIC, PERSONS_KEY, PERSONS_FULL, PERSONS_ALWAYS_FULL)


def persons_band(persons: int) -> int:
    """The band of the threshold table ``persons`` falls in: 0 (< 1,000) … 4 (≥ 300,000)."""
    return sum(1 for bound in PERSONS_BANDS[1:] if persons >= bound)


def threshold_decide(*, persons: int, handlers: int, serious_incident: bool) -> ThresholdDecision:
    """Decide the forms for one affair (特定個人情報ファイルを取り扱う事務), docs/domain.md §2.1.

    ``persons``: everyone recorded in the affair's files (対象人数); ``handlers``: staff and
    contractors' staff handling them (取扱者数); ``serious_incident``: a serious incident
    (重大事故) at the body in the past year. The basic form is always filed when any
    assessment is mandatory; key or full comes on top.
    """
    if (
        isinstance(persons, bool)
        or isinstance(handlers, bool)
        or not isinstance(persons, int)
        or not isinstance(handlers, int)
    ):
        raise TypeError("persons and handlers must be integers")
    if persons < 0:
        raise ValueError("persons must be ≥ 0")
    if handlers < 0:
        raise ValueError("handlers must be ≥ 0")
    raised = handlers >= HANDLERS_RAISE or bool(serious_incident)
    if persons < PERSONS_BASIC:
        return ThresholdDecision(mandatory=False, required=())
    if persons < PERSONS_KEY:
        return ThresholdDecision(mandatory=True, required=("basic",))
    if persons < PERSONS_FULL:
        return ThresholdDecision(mandatory=True, required=("basic", "key") if raised else ("basic",))
    if persons < PERSONS_ALWAYS_FULL:
        return ThresholdDecision(mandatory=True, required=("basic", "full") if raised else ("basic", "key"))
    return ThresholdDecision(mandatory=True, required=("basic", "full"))
