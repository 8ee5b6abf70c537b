"""Users, organisations and who may act for which organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from compliance.lib.lgcode import is_valid_lgcode
from compliance.lib.mynumber import validate_no_my_number
from compliance.lib.vocabulary import (
    LOCAL_GOVERNMENT_KINDS,
    PREFECTURES,
    Body,
    OrganizationKind,
)


def _refuse_my_numbers(instance: models.Model, *fields: str) -> None:
    """Names are free text too: none may hold a My Number (番号法第19条)."""
    errors = {}
    for field in fields:
        try:
            validate_no_my_number(getattr(instance, field))
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


class CommissionRole(models.TextChoices):
    NONE = "", _("なし")
    REVIEWER = "reviewer", _("委員会審査担当")
    ADMINISTRATOR = "administrator", _("委員会管理者")


class User(AbstractUser):
    """A person who logs in. Commission staff carry a commission role; officers a membership."""

    commission_role = models.CharField(
        _("委員会での役割"), max_length=20, choices=CommissionRole.choices, blank=True, default=""
    )

    @property
    def is_commission_staff(self) -> bool:
        return self.commission_role in (CommissionRole.REVIEWER, CommissionRole.ADMINISTRATOR)

    def clean(self) -> None:
        super().clean()
        _refuse_my_numbers(self, "username", "first_name", "last_name", "email")


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def local_governments(self) -> OrganizationQuerySet:
        return self.filter(kind__in=LOCAL_GOVERNMENT_KINDS)


class Organization(models.Model):
    """A body that holds specific personal information files (評価実施機関)."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    kind = models.CharField(_("種別"), max_length=30, choices=OrganizationKind.choices)
    body = models.CharField(_("機関"), max_length=30, choices=Body.choices)
    prefecture = models.CharField(_("都道府県"), max_length=2, choices=PREFECTURES, blank=True)
    code = models.CharField(
        _("団体コード"),
        max_length=40,
        help_text=_("地方公共団体は検査数字付き6桁の全国地方公共団体コード。その他の機関は安定した識別子。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("評価実施機関")
        verbose_name_plural = _("評価実施機関")
        ordering = ["prefecture", "code", "body"]
        constraints = [models.UniqueConstraint(fields=["code", "body"], name="organization_code_body_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization_detail", kwargs={"pk": self.pk})

    @property
    def is_local_government(self) -> bool:
        return self.kind in LOCAL_GOVERNMENT_KINDS

    def clean(self) -> None:
        _refuse_my_numbers(self, "name", "name_en", "code")
        if self.is_local_government and not is_valid_lgcode(self.code):
            raise ValidationError(
                {"code": _("全国地方公共団体コードは検査数字を含む6桁です（例: 012131）。")}
            )


class MembershipRole(models.TextChoices):
    OFFICER = "officer", _("担当者")
    APPROVER = "approver", _("承認者")


class Membership(models.Model):
    """A user acting for an organisation: officers edit, approvers also submit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("役割"), max_length=20, choices=MembershipRole.choices)

    class Meta:
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_user_org_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"
