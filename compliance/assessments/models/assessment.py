"""The assessment (特定個人情報保護評価書) of one affair, and its forms with their answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.assessments.states import (
    ACTIVE_STATES,
    EDITABLE_STATES,
    Level,
    ReassessmentReason,
    State,
    Track,
    track_for,
)
from compliance.law.threshold import LEVEL_ORDER
from compliance.lib.mynumber import validate_no_my_number

TEXT = [validate_no_my_number]


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def active(self) -> AssessmentQuerySet:
        return self.filter(state__in=ACTIVE_STATES)

    def public(self) -> AssessmentQuerySet:
        """Published, or ended and still shown 【終了】."""
        return self.filter(state__in=(State.PUBLISHED, State.ENDED))

    def for_organization(self, organization: Organization) -> AssessmentQuerySet:
        return self.filter(organization=organization)


class Assessment(models.Model):
    """One filing for one affair (特定個人情報ファイルを取り扱う事務, the unit of assessment):
    the basic form, and the key or full form on top when the level asks for it.

    ``version`` is bumped by every write; every service takes the version the user saw
    and writes with a conditional UPDATE on (state, version), so two people acting at
    once never both succeed (the second is told to reload).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("評価実施機関")
    )
    affair = models.ForeignKey(
        "registry.Affair", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("事務")
    )
    level = models.CharField(_("評価の種類"), max_length=10, choices=Level.choices)
    number = models.CharField(
        _("評価書番号"),
        max_length=100,
        blank=True,
        validators=TEXT,
        help_text=_("評価計画管理書の番号と一致させる。"),
    )
    state = models.CharField(_("状態"), max_length=30, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("更新番号"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("前回の評価"),
    )
    reassessment_reason = models.CharField(
        _("再評価の理由"), max_length=30, choices=ReassessmentReason.choices, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    # The procedure's facts (they fill the form's 評価実施手続 section and the cover).
    third_party_review_on = models.DateField(_("第三者点検の実施日"), null=True, blank=True)
    third_party_review_method = models.TextField(_("第三者点検の方法"), blank=True, validators=TEXT)
    third_party_review_result = models.TextField(_("第三者点検の結果"), blank=True, validators=TEXT)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("審査担当"),
    )
    decided_at = models.DateTimeField(_("受理・承認日時"), null=True, blank=True)
    ppc_approval_on = models.DateField(_("個人情報保護委員会の承認日"), null=True, blank=True)
    published_on = models.DateField(_("公表日"), null=True, blank=True)
    last_review_on = models.DateField(_("直近の見直し日"), null=True, blank=True)
    ended_on = models.DateField(_("事務の終了日"), null=True, blank=True)
    public_until = models.DateField(
        _("公表を続ける期限"),
        null=True,
        blank=True,
        help_text=_("終了した事務の評価書は終了後3年以上公表する。"),
    )
    withdrawn_reason = models.TextField(_("取下げの理由"), blank=True, validators=TEXT)
    # Set on an older publication of the same affair when a newer one is published: it stays
    # readable, with a notice and a link to the current one, but no longer counts as current.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("新しい版"),
    )
    superseded_at = models.DateTimeField(_("新しい版の公表日時"), null=True, blank=True)

    # Frozen at the last submission, for the review queue's filters (no query per row).
    open_violations = models.PositiveIntegerField(_("未対応の違反"), default=0)
    justified_findings = models.PositiveIntegerField(_("理由説明済みの指摘"), default=0)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("評価書")
        verbose_name_plural = _("評価書")
        ordering = ["-updated_at", "-id"]
        constraints = [
            # One assessment in progress per affair: a re-assessment starts only once the last one is out.
            models.UniqueConstraint(
                fields=["affair"],
                condition=Q(state__in=sorted(ACTIVE_STATES)),
                name="assessments_one_active_per_affair",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="assessments_queue"),
            models.Index(fields=["organization", "state"], name="assessments_org_state"),
        ]

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"{label} {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", kwargs={"pk": self.pk})

    @property
    def track(self) -> Track:
        return track_for(level=self.level, organization_kind=self.organization.kind)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def is_ended(self) -> bool:
        return self.state == State.ENDED

    @property
    def display_title(self) -> str:
        """The title as the portal shows it: 【終了】 in front once the affair has ended (指針)."""
        name = self.affair.name if self.affair_id else ""
        return f"【終了】{name}" if self.is_ended else name

    def outranks(self, level: str | None) -> bool:
        """Whether this assessment's level is at least ``level`` (basic < key < full)."""
        return level is None or LEVEL_ORDER[self.level] >= LEVEL_ORDER[level]


class AssessmentForm(models.Model):
    """One form of the filing (様式2, 様式3 or 様式4), answered against one form definition version.

    ``answers`` maps item keys to values (text, integer, ``YYYY-MM-DD``, boolean, a choice
    or a rating). Items the registry or the procedure already knows are never stored here:
    they are filled from their source each time (and frozen into the version on submission).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="forms")
    form = models.CharField(_("様式"), max_length=10, choices=Level.choices)
    definition = models.ForeignKey(
        "law.FormDefinition", on_delete=models.PROTECT, related_name="+", verbose_name=_("様式の版")
    )
    answers: Any = models.JSONField(_("回答"), default=dict, blank=True)

    class Meta:
        verbose_name = _("評価書の様式")
        verbose_name_plural = _("評価書の様式")
        constraints = [models.UniqueConstraint(fields=["assessment", "form"], name="assessments_form_unique")]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.form}"

    @property
    def position(self) -> int:
        return LEVEL_ORDER[self.form]
