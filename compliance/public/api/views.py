"""The REST API: read-only open data for anyone, and the declaration write side for officers.

Read endpoints take no authentication at all (no cookies read, so no CSRF surface) and list
only public versions. ``POST /api/declarations/`` imports a ``pia-declaration/1`` document
through the registry's own import service (contracts.md §3, one path per job); a body the
caller is not an officer of answers 404, as on the web.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.accounts.models import MembershipRole, Organization
from compliance.law.models import InformationCategory, ScheduleRow
from compliance.public.api import serializers as s
from compliance.public.api.parsers import DeclarationParser
from compliance.public.api.permissions import WRITE_AUTHENTICATION, VerifiedUser
from compliance.public.cache import cached_page
from compliance.public.models import PublicFinding, SearchDocument
from compliance.public.search import (
    LIST_COLUMNS,
    CappedPaginator,
    SearchQuery,
    indexed_findings,
    published_documents,
    search,
)

SEARCH_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in (
        ("q", "free text (Japanese or English; NFKC and kana variants are folded)"),
        ("prefecture", "two-digit prefecture code"),
        ("organization", "organisation id"),
        ("kind", "organisation kind"),
        ("level", "basic, key or full"),
        ("field", "field of the affair"),
        ("basis", "schedule, quasi, ordinance, related or none"),
        ("statute", "statute name (part of)"),
        ("ordinance", "ordinance title (part of)"),
        ("category", "information category"),
        ("card_item", "card item read or written"),
        ("rule", "finding rule ID"),
        ("published_from", "YYYY-MM-DD"),
        ("published_to", "YYYY-MM-DD"),
        ("sort", "relevance or date"),
    )
]


class ReadOnly:
    """Anonymous, cookie-less reads."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []


class PublishedReadOnly(ReadOnly):
    """Reads of what publication changes (assessments, bodies, findings): served from the page cache.

    The legal catalog's reads are not: the catalog changes outside the publication revision.
    """

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return cached_page(super().as_view(**initkwargs), vary_on_accept=True)  # type: ignore[misc]


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """``count`` stops at :attr:`CappedPaginator.cap` + 1, as on the search page: counting every
    match of a common word costs a pass over the national register on every request."""

    def get_count(self, queryset: Any) -> int:
        cap = CappedPaginator.cap + 1
        return min(queryset.order_by()[:cap].count(), cap)


@extend_schema(parameters=SEARCH_PARAMETERS)
class AssessmentList(PublishedReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """Published assessments, filtered like the search page."""

    serializer_class = s.AssessmentSerializer
    pagination_class = CappedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[SearchDocument]:
        # The list columns plus what the serializer reads, so no row costs a query of its own.
        return search(SearchQuery.from_params(self.request.query_params)).only(
            *LIST_COLUMNS, *s.AssessmentSerializer.INDEX_COLUMNS
        )


class AssessmentDetail(PublishedReadOnly, generics.RetrieveAPIView):  # type: ignore[type-arg]
    """One published assessment with its public version document."""

    serializer_class = s.AssessmentDetailSerializer
    lookup_field = "assessment_id"
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> QuerySet[SearchDocument]:
        return published_documents().annotate(state=F("assessment__state"))


class OrganizationList(PublishedReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """Organisations (names and codes are public)."""

    serializer_class = s.OrganizationSerializer
    queryset = Organization.objects.order_by("code", "body", "id")


class OrganizationDetail(PublishedReadOnly, generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = s.OrganizationSerializer
    queryset = Organization.objects.all()


@extend_schema(
    parameters=[
        OpenApiParameter("rule", OpenApiTypes.STR, description="rule ID"),
        OpenApiParameter("organization", OpenApiTypes.INT, description="organisation id"),
        OpenApiParameter("severity", OpenApiTypes.STR, description="violation, warning or notice"),
    ]
)
class FindingList(PublishedReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """Findings as published in the public versions, with the officers' justifications."""

    serializer_class = s.FindingSerializer

    def get_queryset(self) -> QuerySet[PublicFinding]:
        qs = indexed_findings().order_by("assessment_id", "position")
        params = self.request.query_params
        if params.get("rule"):
            qs = qs.filter(rule=params["rule"])
        if params.get("severity"):
            qs = qs.filter(severity=params["severity"])
        if (params.get("organization") or "").isdigit():
            qs = qs.filter(organization_id=int(params["organization"]))
        return qs


class ScheduleRowList(ReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """The legal catalog: schedule rows (別表) and quasi-statutory affairs, every effective period."""

    serializer_class = s.ScheduleRowSerializer
    queryset = ScheduleRow.objects.order_by("key", "in_force_from", "id")


class CategoryList(ReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """The legal catalog: information categories (特定個人情報の種類)."""

    serializer_class = s.CategorySerializer
    queryset = InformationCategory.objects.order_by("key", "in_force_from", "id")


def declaring_organization(*, user: Any, data: Any) -> Organization:
    """The body the document declares, if ``user`` is one of its officers; else 404 (not even its existence)."""
    declared = data.get("organization") if isinstance(data, dict) else None
    if not isinstance(declared, dict):
        raise Http404("no such organisation")
    organization = (
        Organization.objects.filter(
            code=str(declared.get("code", "")),
            body=str(declared.get("body", "")),
            memberships__user_id=user.pk,
            memberships__role__in=(MembershipRole.OFFICER, MembershipRole.APPROVER),
        )
        .distinct()
        .first()
    )
    if organization is None:
        raise Http404("no such organisation")
    return organization


class DeclarationSubmit(APIView):
    """Submit a ``pia-declaration/1`` document (JSON body); the registry is made equal to it, in one transaction.

    The body is read within the declaration limits (413 over ``HYOKA_DECLARATION_MAX_BYTES``);
    every refusal is a list of ``{"path", "message"}`` problems.
    """

    authentication_classes = WRITE_AUTHENTICATION
    permission_classes = [VerifiedUser]
    parser_classes = [DeclarationParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="plan only, write nothing")],
        responses={
            200: s.ImportResultSerializer,
            400: s.ProblemSerializer(many=True),
            413: s.ProblemSerializer(many=True),
        },
    )
    def post(self, request: Request) -> Response:
        from compliance.registry.importing import DeclarationInvalid, declaration_import_with_drafts

        organization = declaring_organization(user=request.user, data=request.data)
        dry_run = request.query_params.get("dry_run") in ("1", "true", "yes")
        try:
            result = declaration_import_with_drafts(
                data=request.data, acting_user=request.user, organization=organization, dry_run=dry_run
            )
        except DeclarationInvalid as error:
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            return Response(problems, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.summary())
