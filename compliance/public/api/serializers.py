"""What the API returns: public versions only (the search index), never drafts or live registry rows."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.accounts.models import Organization
from compliance.law.models import InformationCategory, ScheduleRow
from compliance.public.exports import (
    DESCRIPTION_COLUMNS,
    FINDING_DETAIL_COLUMNS,
    TALLY_COLUMNS,
    organization_code,
    split_list,
)
from compliance.public.models import PublicFinding, SearchDocument

#: Names of API release 1 kept for one release beside the open-data names (docs/open-data.md).
DEPRECATED = "deprecated: the same value as `%s` (the open-data name); removed in the next release"


class AssessmentSerializer(serializers.ModelSerializer[SearchDocument]):
    """One published assessment, its fields named as in the open-data files."""

    assessment_id = serializers.IntegerField(read_only=True)
    version_id = serializers.IntegerField(read_only=True)
    organization_id = serializers.IntegerField(read_only=True)
    organization_code = serializers.SerializerMethodField()
    id = serializers.IntegerField(
        source="assessment_id", read_only=True, help_text=DEPRECATED % "assessment_id"
    )
    version = serializers.IntegerField(
        source="version_id", read_only=True, help_text=DEPRECATED % "version_id"
    )
    organization = serializers.IntegerField(
        source="organization_id", read_only=True, help_text=DEPRECATED % "organization_id"
    )
    affair = serializers.CharField(source="title", read_only=True)
    url = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    affair_fields = serializers.SerializerMethodField(help_text=DEPRECATED % "fields")
    categories = serializers.SerializerMethodField()
    card_items = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()

    #: Index columns the method fields read (beyond the search's list columns).
    INDEX_COLUMNS = ("fields", "categories", "card_items", "rules")

    class Meta:
        model = SearchDocument
        fields = (
            "assessment_id",
            "version_id",
            "organization_id",
            "organization_code",
            *DESCRIPTION_COLUMNS,
            "affair_fields",
            *TALLY_COLUMNS,
            "id",
            "version",
            "organization",
        )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # ``fields`` is the open-data name; a class attribute of that name would hide Serializer.fields.
        fields["fields"] = serializers.SerializerMethodField(method_name="get_affair_fields")
        return fields

    def get_organization_code(self, obj: SearchDocument) -> str:
        """The 6-digit 全国地方公共団体コード; empty for bodies that have none."""
        return organization_code(obj.organization.code)

    def get_url(self, obj: SearchDocument) -> str:
        """The absolute URL of the assessment's public page."""
        path = reverse("public:assessment", args=[obj.assessment_id])
        request = self.context.get("request")
        return (
            settings.HYOKA_PUBLIC_ORIGIN + path
            if settings.HYOKA_PUBLIC_ORIGIN or request is None
            else (request.build_absolute_uri(path))
        )

    def get_state(self, obj: SearchDocument) -> str:
        return str(getattr(obj, "state", ""))

    def get_affair_fields(self, obj: SearchDocument) -> list[str]:
        return split_list(obj.fields)

    def get_categories(self, obj: SearchDocument) -> list[str]:
        return split_list(obj.categories)

    def get_card_items(self, obj: SearchDocument) -> list[str]:
        return split_list(obj.card_items)

    def get_rules(self, obj: SearchDocument) -> list[str]:
        return split_list(obj.rules)


class AssessmentDetailSerializer(AssessmentSerializer):
    document = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = (*AssessmentSerializer.Meta.fields, "document")  # type: ignore[assignment]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_document(self, obj: SearchDocument) -> dict[str, Any]:
        """The public version (hyoka-assessment-version/1, withheld items left out)."""
        return json.loads(obj.document)


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ("id", "name", "name_en", "code", "kind", "body", "prefecture")


class FindingSerializer(serializers.ModelSerializer[PublicFinding]):
    assessment_id = serializers.IntegerField(read_only=True)
    organization_id = serializers.IntegerField(read_only=True)
    assessment = serializers.IntegerField(
        source="assessment_id", read_only=True, help_text=DEPRECATED % "assessment_id"
    )
    organization = serializers.IntegerField(
        source="organization_id", read_only=True, help_text=DEPRECATED % "organization_id"
    )

    class Meta:
        model = PublicFinding
        fields = (
            "assessment_id",
            "organization_id",
            "prefecture",
            "published_on",
            *FINDING_DETAIL_COLUMNS,
            "assessment",
            "organization",
        )


class ScheduleRowSerializer(serializers.ModelSerializer[ScheduleRow]):
    class Meta:
        model = ScheduleRow
        fields = (
            "key",
            "kind",
            "row_number",
            "statute",
            "affair",
            "field",
            "in_force_from",
            "in_force_until",
        )


class CategorySerializer(serializers.ModelSerializer[InformationCategory]):
    class Meta:
        model = InformationCategory
        fields = ("key", "name", "description", "in_force_from", "in_force_until")


class ProblemSerializer(serializers.Serializer[Any]):
    path = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer[Any]):
    """The same summary ``manage.py import_declaration`` prints (docs/domain.md §6.3)."""

    organization = serializers.DictField()
    created = serializers.DictField(child=serializers.IntegerField())
    updated = serializers.DictField(child=serializers.IntegerField())
    removed = serializers.DictField(child=serializers.IntegerField())
    unchanged = serializers.DictField(child=serializers.IntegerField())
    url = serializers.CharField(allow_null=True)
    dry_run = serializers.BooleanField()
