"""What a body declares about its use of the number: the registry.

One model per collection of the declaration format ``pia-declaration/1``
(docs/domain.md §5), owned by an :class:`~compliance.accounts.models.Organization`
and keyed by the declaration's own ID (``ref``), so an imported file, the web forms
and the export all speak the same vocabulary. Writes go through
:mod:`compliance.registry.services` only; ``version`` carries optimistic concurrency
(two officers editing one entry: the second save is refused, never silently applied).

Cross references that the law decides (an affair's basis naming a schedule row or an
ordinance affair) are kept as the declared strings, not foreign keys: a basis that
resolves to nothing is a finding (BASIS-NONE), not a database error.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.checks.selectors import catalog_for_checks
from compliance.declaration.validation import declaration_schema
from compliance.law.catalog import ARTICLE19_GROUNDS
from compliance.lib.mynumber import validate_no_my_number
from compliance.lib.vocabulary import (
    Application,
    AssessmentLevel,
    BasisKind,
    Body,
    Card,
    CardItem,
    Channel,
    Connection,
    CounterpartyKind,
    Direction,
    Medium,
    Operation,
    OrdinanceField,
)

TEXT = [validate_no_my_number]

#: A schedule row number (項番) as printed (八十二の二) or in digits (82-2): the declaration schema's
#: ``row_number`` pattern.
ROW_NUMBER = RegexValidator(
    declaration_schema()["$defs"]["row_number"]["pattern"],
    message=_("項番は「八十二の二」または「82-2」の形で入力してください。"),
)


def validate_article19_ground(value: str) -> None:
    """An Article 19 ground key of the catalog (compliance.law.catalog.ARTICLE19_GROUNDS)."""
    if value and value not in ARTICLE19_GROUNDS:
        raise ValidationError(_("第19条の提供の根拠にない値です: %(value)s"), params={"value": value})


COUNT = [MinValueValidator(0)]


def _string_list(value: Any, *, allowed: set[str] | None = None) -> str | None:
    """Why a JSON list field is wrong, or None: lists of names (categories, card items) only."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return str(_("名称の一覧でなければなりません。"))
    if allowed is not None and (unknown := sorted(set(value) - allowed)):
        return str(_("選択肢にない値です: %(values)s")) % {"values": ", ".join(unknown)}
    return None


def _ref_unique(*fields: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=list(fields), name="%(app_label)s_%(class)s_ref_unique")]


def article19_ground_label(ground: str, day: Any = None) -> str:
    """An Article 19 ground as the officer reads it, numbered as on ``day`` (today by default):
    「第19条第10号（国税・地方税に関する…の間の提供）」, from the catalog's Article 19 items."""
    from django.utils import timezone

    item = catalog_for_checks().article19_item(ground, day or timezone.localdate(), nearest=True)
    if item is None:
        return ground
    return str(_("第19条第%(item)s号（%(title)s）")) % {"item": item.item, "title": item.title}


class RegistryEntry(models.Model):
    """Common columns: the owner, the declaration ID and the concurrency version."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("評価実施機関")
    )
    ref = models.CharField(_("ID"), max_length=200, validators=TEXT)
    version = models.PositiveIntegerField(_("版"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager[Any] = models.Manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        label = getattr(self, "name", "") or getattr(self, "title", "") or getattr(self, "summary", "")
        return f"{self.ref} {label}".strip()[:200]


class Ordinance(RegistryEntry):
    """An ordinance of the body (条例) naming ordinance affairs (第9条第2項) or intra-government provision
    (第19条第11号)."""

    title = models.CharField(_("題名"), max_length=500, validators=TEXT)
    number = models.CharField(_("条例番号"), max_length=2000, null=True, blank=True, validators=TEXT)  # noqa: DJ001
    in_force_from = models.DateField(_("施行日"))
    repealed_on = models.DateField(_("廃止日"), null=True, blank=True)

    class Meta:
        verbose_name = _("条例")
        verbose_name_plural = _("条例")
        constraints = _ref_unique("organization", "ref")

    def clean(self) -> None:
        if self.repealed_on and self.in_force_from and self.repealed_on <= self.in_force_from:
            raise ValidationError({"repealed_on": _("廃止日は施行日より後の日付にしてください。")})


class OrdinanceAffair(RegistryEntry):
    """An affair the ordinance lists (条例事務), citable as an affair's basis."""

    ordinance = models.ForeignKey(Ordinance, on_delete=models.CASCADE, related_name="affairs")
    name = models.CharField(_("事務の名称"), max_length=500, validators=TEXT)
    field = models.CharField(_("分野"), max_length=20, choices=OrdinanceField.choices)

    class Meta:
        verbose_name = _("条例事務")
        verbose_name_plural = _("条例事務")
        constraints = _ref_unique("ordinance", "ref")


class IntraProvision(RegistryEntry):
    """Provision between organs of the same local government that the ordinance allows (第19条第11号)."""

    ordinance = models.ForeignKey(Ordinance, on_delete=models.CASCADE, related_name="intra_provisions")
    from_body = models.CharField(_("提供元の機関"), max_length=30, choices=Body.choices)
    to_body = models.CharField(_("提供先の機関"), max_length=30, choices=Body.choices)
    purpose = models.TextField(_("目的"), blank=True, validators=TEXT)
    categories = models.JSONField(_("情報の種類"), default=list, blank=True)

    class Meta:
        verbose_name = _("庁内連携")
        verbose_name_plural = _("庁内連携")
        constraints = _ref_unique("ordinance", "ref")

    def clean(self) -> None:
        if problem := _string_list(self.categories):
            raise ValidationError({"categories": problem})


class Affair(RegistryEntry):
    """An affair that handles specific personal information (特定個人情報ファイルを取り扱う事務):
    the unit of assessment, carrying the legal basis of number use (第9条)."""

    name = models.CharField(_("事務の名称"), max_length=500, validators=TEXT)
    uses_number = models.BooleanField(_("個人番号を利用する"), default=True)
    uses_gender = models.BooleanField(_("性別を利用する"), default=False)
    needs_residence_status = models.BooleanField(_("在留資格等を必要とする"), default=False)
    basis_kind = models.CharField(
        _("利用の根拠"), max_length=20, choices=BasisKind.choices, default=BasisKind.NONE
    )
    basis_statute = models.CharField(_("根拠法令名"), max_length=500, blank=True, validators=TEXT)
    basis_affair = models.CharField(
        _("事務（別表の文言・条例事務ID）"), max_length=500, blank=True, validators=TEXT
    )
    basis_ordinance = models.CharField(_("条例ID"), max_length=200, blank=True, validators=TEXT)
    basis_row = models.CharField(_("項番"), max_length=20, blank=True, validators=[ROW_NUMBER])
    persons = models.PositiveIntegerField(_("対象人数"), null=True, blank=True, validators=COUNT)
    handlers = models.PositiveIntegerField(_("取扱者数"), null=True, blank=True, validators=COUNT)
    serious_incident_past_year = models.BooleanField(_("過去1年以内の重大事故"), null=True, blank=True)

    class Meta:
        verbose_name = _("事務")
        verbose_name_plural = _("事務")
        constraints = _ref_unique("organization", "ref")


class SpecificFile(RegistryEntry):
    """A specific personal information file (特定個人情報ファイル) and the threshold inputs it carries."""

    name = models.CharField(_("ファイルの名称"), max_length=500, validators=TEXT)
    affairs = models.ManyToManyField(Affair, through="FileAffair", related_name="files", blank=True)
    persons = models.PositiveIntegerField(_("対象人数"), default=0, validators=COUNT)
    handlers = models.PositiveIntegerField(_("取扱者数"), default=0, validators=COUNT)
    serious_incident_past_year = models.BooleanField(_("過去1年以内の重大事故"), default=False)
    staff_only = models.BooleanField(_("職員の人事・給与等のみ"), default=False)
    held_from = models.DateField(_("保有開始日"), null=True, blank=True)

    class Meta:
        verbose_name = _("特定個人情報ファイル")
        verbose_name_plural = _("特定個人情報ファイル")
        constraints = _ref_unique("organization", "ref")


class FileAffair(models.Model):
    """Which affairs a file serves (a file may serve several affairs)."""

    file = models.ForeignKey(SpecificFile, on_delete=models.CASCADE, related_name="+")
    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["file", "affair"], name="registry_fileaffair_unique")]

    def __str__(self) -> str:
        return f"{self.file_id} → {self.affair_id}"


class Terminal(RegistryEntry):
    """A terminal a card reader is attached to (ICカード取扱端末), distinct from the linkage terminal."""

    name = models.CharField(_("端末の名称"), max_length=500, blank=True, validators=TEXT)
    connection = models.CharField(_("接続"), max_length=20, choices=Connection.choices)
    write_authorized = models.BooleanField(_("書込み権限あり"), default=False)
    two_factor = models.BooleanField(_("二要素認証"), default=False)
    resident_register_client = models.BooleanField(_("住基システムの端末"), default=False)

    class Meta:
        verbose_name = _("端末")
        verbose_name_plural = _("端末")
        constraints = _ref_unique("organization", "ref")


class Provision(RegistryEntry):
    """Information received or provided by an affair (提供・移転, 番号法第19条)."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="provisions")
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    channel = models.CharField(_("経路"), max_length=20, choices=Channel.choices)
    counterparty_name = models.CharField(_("相手方"), max_length=2000, blank=True, validators=TEXT)
    counterparty_kind = models.CharField(_("相手方の種別"), max_length=30, choices=CounterpartyKind.choices)
    counterparty_body = models.CharField(_("相手方の機関"), max_length=30, choices=Body.choices, blank=True)
    counterparty_same_government = models.BooleanField(_("同一地方公共団体の機関"), default=False)
    categories = models.JSONField(_("情報の種類"), default=list, blank=True)
    ground = models.CharField(
        _("提供の根拠（第19条）"),
        max_length=30,
        blank=True,
        validators=[validate_article19_ground],
        help_text=_("空欄なら経路から判断します。"),
    )

    class Meta:
        verbose_name = _("提供・移転")
        verbose_name_plural = _("提供・移転")
        constraints = _ref_unique("organization", "ref")

    def clean(self) -> None:
        if problem := _string_list(self.categories):
            raise ValidationError({"categories": problem})

    @property
    def ground_label(self) -> str:
        """The declared Article 19 ground with its item number as of today (empty: none declared)."""
        return article19_ground_label(self.ground) if self.ground else ""


class CardFlow(RegistryEntry):
    """A card-reader data flow: card → application → items → terminal → transfer → affair."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="card_flows")
    card = models.CharField(_("カード"), max_length=50, choices=Card.choices)
    application = models.CharField(_("AP・領域"), max_length=30, choices=Application.choices)
    operation = models.CharField(_("操作"), max_length=10, choices=Operation.choices)
    items = models.JSONField(_("項目"), default=list, blank=True)
    terminal = models.ForeignKey(
        Terminal, on_delete=models.RESTRICT, related_name="card_flows", null=True, blank=True
    )
    transfer_medium = models.CharField(
        _("移送媒体"), max_length=20, choices=Medium.choices, default=Medium.NONE
    )
    transfer_encrypted = models.BooleanField(_("暗号化"), default=False)
    transfer_logged = models.BooleanField(_("記録（ログ）"), default=False)
    consent_recorded = models.BooleanField(_("本人の同意を記録"), default=False)
    persistent_key = models.BooleanField(_("永続的な識別子として保存"), default=False)
    statutory_procedure = models.BooleanField(
        _("法令が定める手続の一部として読み取る（在留カードの住居地届出など）"), default=False
    )

    class Meta:
        verbose_name = _("カード読取りフロー")
        verbose_name_plural = _("カード読取りフロー")
        constraints = _ref_unique("organization", "ref")

    def clean(self) -> None:
        if problem := _string_list(self.items, allowed=set(CardItem.values)):
            raise ValidationError({"items": problem})

    @property
    def item_labels(self) -> list[str]:
        """The items as the officer reads them (個人番号, 氏名…), in declared order."""
        labels = dict(CardItem.choices)
        return [str(labels.get(item, item)) for item in self.items or []]


class Entrustment(RegistryEntry):
    """Entrusting the handling of a file to a contractor (委託, 番号法第10条・第11条)."""

    file = models.ForeignKey(SpecificFile, on_delete=models.CASCADE, related_name="entrustments")
    contractor = models.CharField(_("委託先"), max_length=500, validators=TEXT)
    supervision = models.BooleanField(_("委託先の監督"), default=True)
    subcontract = models.BooleanField(_("再委託あり"), default=False)
    subcontract_permitted = models.BooleanField(_("再委託の許諾"), default=False)

    class Meta:
        verbose_name = _("委託")
        verbose_name_plural = _("委託")
        constraints = _ref_unique("organization", "ref")


class DeclaredAssessment(RegistryEntry):
    """A past assessment as declared (評価書の公表記録), not the product's own assessment workflow."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="declared_assessments")
    level = models.CharField(_("評価の種類"), max_length=10, choices=AssessmentLevel.choices)
    published_on = models.DateField(_("公表日"), null=True, blank=True)
    public_comment_from = models.DateField(_("意見聴取の開始日"), null=True, blank=True)
    public_comment_to = models.DateField(_("意見聴取の終了日"), null=True, blank=True)
    public_comment_shortened_reason = models.TextField(  # noqa: DJ001 (null: no reason given, as declared)
        _("意見聴取期間を短縮した理由"), null=True, blank=True, validators=TEXT
    )
    third_party_review_on = models.DateField(_("第三者点検の日"), null=True, blank=True)
    ppc_approval_on = models.DateField(_("委員会の承認日"), null=True, blank=True)
    last_review_on = models.DateField(_("直近の見直し日"), null=True, blank=True)

    class Meta:
        verbose_name = _("実施済みの評価")
        verbose_name_plural = _("実施済みの評価")
        constraints = _ref_unique("organization", "ref")

    @property
    def has_public_comment(self) -> bool:
        return self.public_comment_from is not None or self.public_comment_to is not None

    def clean(self) -> None:
        start, end = self.public_comment_from, self.public_comment_to
        if (start is None) != (end is None):
            field = "public_comment_to" if end is None else "public_comment_from"
            raise ValidationError({field: _("意見聴取期間は開始日と終了日の両方を入力してください。")})
        if start and end and end < start:
            raise ValidationError({"public_comment_to": _("終了日は開始日より前にできません。")})
        if start is None and self.public_comment_shortened_reason:
            raise ValidationError(
                {
                    "public_comment_shortened_reason": _(
                        "意見聴取を行っていない評価には短縮理由を入力できません。"
                    )
                }
            )


class Change(RegistryEntry):
    """A change to an affair (変更); an important one (重要な変更) needs a fresh assessment first."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField(_("変更日"))
    important = models.BooleanField(_("重要な変更"), default=False)
    summary = models.TextField(_("概要"), blank=True, validators=TEXT)

    class Meta:
        verbose_name = _("変更")
        verbose_name_plural = _("変更")
        constraints = _ref_unique("organization", "ref")


class Incident(RegistryEntry):
    """An incident involving specific personal information (事故); a serious one (重大事故) raises the
    threshold."""

    occurred_on = models.DateField(_("発生日"))
    known_on = models.DateField(_("発生を知った日"), null=True, blank=True)
    serious = models.BooleanField(_("重大事故"), default=False)
    summary = models.TextField(_("概要"), blank=True, validators=TEXT)

    class Meta:
        verbose_name = _("事故")
        verbose_name_plural = _("事故")
        constraints = _ref_unique("organization", "ref")


class PendingDeclaration(models.Model):
    """A declaration file an officer has previewed and not yet applied (取込み前の確認).

    The upload is read, limited and validated once; what the preview showed is kept here
    with its SHA-256, and applying takes exactly this document (the browser sends back
    only the token), so the file is never sent twice and no other document can be
    applied in its place. One per officer and organisation; a day old is stale.
    """

    token = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.TextField(help_text="the parsed document as compact JSON")
    sha256 = models.CharField(max_length=64, help_text="of the uploaded file's bytes")
    size = models.PositiveIntegerField(help_text="of the uploaded file, in bytes")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.sha256[:12]}"
