"""The REST API: read-only open data for anyone, and the declaration write side for officers.

Read endpoints take no authentication at all (no cookies read, so no CSRF surface) and list
only public versions. ``POST /api/declarations/`` imports a ``pia-declaration/1`` document
through the registry's own import service (docs/domain.md §6.3, one path per job); a body the
caller is not an officer of answers 404, as on the web.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import F, QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.accounts.models import MembershipRole, Organization
from compliance.law.models import InformationCategory, ScheduleRow
from compliance.public.api import serializers as s
from compliance.public.api.filters import MAX_ID, AssessmentFilter, FindingFilter, parameters_of
from compliance.public.api.parsers import DeclarationParser
from compliance.public.api.permissions import WRITE_AUTHENTICATION, VerifiedUser
from compliance.public.cache import cached_page
from compliance.public.models import PublicFinding, SearchDocument
from compliance.public.search import (
    LIST_COLUMNS,
    CappedPaginator,
    indexed_findings,
    published_documents,
)
from compliance.registry.importing import DeclarationInvalid, declaration_import_with_drafts

#: The longest page a list answers, and the deepest offset: beyond them a client is walking
#: the whole register, which the open-data files serve in one streamed download.
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


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


class ValidatedLimitOffsetPagination(LimitOffsetPagination):
    """``limit`` (1–:data:`MAX_LIMIT`) and ``offset`` (0–:data:`MAX_OFFSET`) are whole numbers or a 400.

    DRF's own pagination reads ``?offset=null`` as 0 and passes ``?limit=9223372036854775808`` on
    to the database, which refuses it (a 500): a client should learn its mistake instead.
    """

    max_limit = MAX_LIMIT

    def _bounded(self, request: Any, name: str, *, default: int, minimum: int, maximum: int) -> int:
        values = request.query_params.getlist(name)
        if not values:
            return default
        if len(values) > 1:
            raise exceptions.ValidationError({name: [f"give {name} once"]})
        value = values[0].strip()
        if not value.isascii() or not value.isdigit() or not minimum <= int(value) <= maximum:
            raise exceptions.ValidationError({name: [f"a whole number from {minimum} to {maximum}"]})
        return int(value)

    def get_limit(self, request: Any) -> int:
        return self._bounded(
            request, self.limit_query_param, default=self.default_limit or 50, minimum=1, maximum=MAX_LIMIT
        )

    def get_offset(self, request: Any) -> int:
        return self._bounded(request, self.offset_query_param, default=0, minimum=0, maximum=MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": "Number of results to return per page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "The initial index from which to return the results.",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            },
        ]


class CappedLimitOffsetPagination(ValidatedLimitOffsetPagination):
    """``count`` stops at :attr:`CappedPaginator.cap` + 1, as on the search page: counting every
    match of a common word costs a pass over the national register on every request."""

    def get_count(self, queryset: Any) -> int:
        cap = CappedPaginator.cap + 1
        return min(queryset.order_by()[:cap].count(), cap)


class FilteredList:
    """A list whose query parameters are a django-filter FilterSet: a malformed one answers 400."""

    filter_backends = [DjangoFilterBackend]
    pagination_class = ValidatedLimitOffsetPagination


class IdLookup:
    """A detail view whose ``pk`` beyond any row ID answers 404 (the database would refuse the number)."""

    kwargs: dict[str, Any]

    def get_object(self) -> Any:
        if int(self.kwargs.get("pk", 0)) > MAX_ID:
            raise Http404("no such row")
        return super().get_object()  # type: ignore[misc]


@extend_schema(parameters=parameters_of(AssessmentFilter))
class AssessmentList(PublishedReadOnly, FilteredList, generics.ListAPIView):  # type: ignore[type-arg]
    """Published assessments, filtered like the search page."""

    serializer_class = s.AssessmentSerializer
    pagination_class = CappedLimitOffsetPagination
    filterset_class = AssessmentFilter

    def get_queryset(self) -> QuerySet[SearchDocument]:
        return SearchDocument.objects.none()  # the filter set runs the search itself

    def filter_queryset(self, queryset: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
        # The list columns plus what the serializer reads, so no row costs a query of its own.
        return (
            super()
            .filter_queryset(queryset)
            .select_related("organization")
            .only(*LIST_COLUMNS, *s.AssessmentSerializer.INDEX_COLUMNS, "organization__code")
        )


class AssessmentDetail(PublishedReadOnly, IdLookup, generics.RetrieveAPIView):  # type: ignore[type-arg]
    """One published assessment with its public version document."""

    serializer_class = s.AssessmentDetailSerializer
    lookup_field = "assessment_id"
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> QuerySet[SearchDocument]:
        return published_documents().select_related("organization").annotate(state=F("assessment__state"))


class OrganizationList(PublishedReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """Organisations (names and codes are public)."""

    pagination_class = ValidatedLimitOffsetPagination
    serializer_class = s.OrganizationSerializer
    queryset = Organization.objects.order_by("code", "body", "id")


class OrganizationDetail(PublishedReadOnly, IdLookup, generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = s.OrganizationSerializer
    queryset = Organization.objects.all()


@extend_schema(parameters=parameters_of(FindingFilter))
class FindingList(PublishedReadOnly, FilteredList, generics.ListAPIView):  # type: ignore[type-arg]
    """Findings as published in the public versions, with the officers' justifications."""

    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self) -> QuerySet[PublicFinding]:
        return indexed_findings().order_by("assessment_id", "position")


class ScheduleRowList(ReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """The legal catalog: schedule rows (別表) and quasi-statutory affairs, every effective period."""

    serializer_class = s.ScheduleRowSerializer
    pagination_class = ValidatedLimitOffsetPagination
    queryset = ScheduleRow.objects.order_by("key", "in_force_from", "id")


class CategoryList(ReadOnly, generics.ListAPIView):  # type: ignore[type-arg]
    """The legal catalog: information categories (特定個人情報の種類)."""

    serializer_class = s.CategorySerializer
    pagination_class = ValidatedLimitOffsetPagination
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
        request={"application/json": OpenApiTypes.OBJECT},  # replaced by the pia-declaration/1 schema
        parameters=[
            OpenApiParameter(
                "dry_run",
                {"type": "string", "enum": ["1", "true", "yes", "0", "false", "no"]},
                description="plan only, write nothing (1, true or yes)",
            )
        ],
        responses={
            200: s.ImportResultSerializer,
            400: s.ProblemSerializer(many=True),
            413: s.ProblemSerializer(many=True),
        },
    )
    def post(self, request: Request) -> Response:
        organization = declaring_organization(user=request.user, data=request.data)
        flag = request.query_params.get("dry_run", "")
        if flag not in ("", "1", "true", "yes", "0", "false", "no"):
            raise exceptions.ValidationError({"dry_run": ["1, true or yes to plan only; 0, false or no"]})
        dry_run = flag in ("1", "true", "yes")
        try:
            result = declaration_import_with_drafts(
                data=request.data, acting_user=request.user, organization=organization, dry_run=dry_run
            )
        except DeclarationInvalid as error:
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            return Response(problems, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.summary())


@extend_schema(exclude=True)
class SchemaView(ReadOnly, SpectacularAPIView):
    """The OpenAPI document, downloadable under an ASCII file name (RFC 6266).

    drf-spectacular names the file after the title (「Hyōka API.yaml」), which Django can only
    send as an RFC 2047 word that no browser or ``curl -OJ`` reads.
    """

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        suffix = "json" if "json" in (getattr(renderer, "format", "") or "") else "yaml"
        name = f"{settings.SPECTACULAR_SETTINGS['TITLE']}.{suffix}"
        response["Content-Disposition"] = (
            f"inline; filename=\"hyoka-api.{suffix}\"; filename*=UTF-8''{quote(name, safe='')}"
        )
        return response


class DocsView(ReadOnly, SpectacularSwaggerSplitView):
    """The API's readable documentation (Swagger UI, served from static files: no CDN)."""

    url_name = "public:api_schema"
    title = "Hyōka API"
