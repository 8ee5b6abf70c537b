"""Atom feeds of publications (公表の通知): site-wide, per prefecture, per organisation.

Items are the latest published assessments from the search index (one query), each
linking to its public page; nothing else of the version is put in the feed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.accounts.vocabulary import PREFECTURES
from compliance.assessments.states import Level
from compliance.public.models import SearchDocument
from compliance.public.search import LIST_COLUMNS, indexed

ITEMS = 50


class PublicationsFeed(Feed):
    """Every new publication, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return None

    def title(self, obj: Any) -> str:
        return _("Hyōka 公表された特定個人情報保護評価書")

    def subtitle(self, obj: Any) -> str:
        return _("新たに公表された評価書の一覧")

    def link(self, obj: Any) -> str:
        return reverse("public:search")

    def rows(self, obj: Any) -> Any:
        return indexed()

    def items(self, obj: Any) -> list[SearchDocument]:
        return list(self.rows(obj).only(*LIST_COLUMNS).order_by("-published_on", "-assessment_id")[:ITEMS])

    def item_title(self, item: SearchDocument) -> str:
        return f"{item.organization_name} {item.title}（{Level(item.level).label if item.level in Level.values else item.level}）"

    def item_description(self, item: SearchDocument) -> str:
        return _("%(org)s が %(date)s に公表した評価書です。") % {
            "org": item.organization_name,
            "date": item.published_on.isoformat() if item.published_on else "—",
        }

    def item_link(self, item: SearchDocument) -> str:
        return reverse("public:assessment", args=[item.assessment_id])

    def item_guid(self, item: SearchDocument) -> str:
        return f"tag:hyoka,2026:assessment/{item.assessment_id}/version/{item.version_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: SearchDocument) -> Any:
        if item.published_on is None:
            return None
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time.min))

    item_updateddate = item_pubdate


class PrefectureFeed(PublicationsFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        code = kwargs["code"]
        names = dict(PREFECTURES)
        if code not in names:
            raise Http404("no such prefecture")
        return (code, names[code])

    def title(self, obj: Any) -> str:
        return _("%(name)s で公表された評価書") % {"name": obj[1]}

    def link(self, obj: Any) -> str:
        return reverse("public:search") + f"?prefecture={obj[0]}"

    def rows(self, obj: Any) -> Any:
        return indexed().filter(prefecture=obj[0])


class OrganizationFeed(PublicationsFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        organization = Organization.objects.filter(pk=kwargs["pk"]).first()
        if organization is None:
            raise Http404("no such organisation")
        return organization

    def title(self, obj: Any) -> str:
        return _("%(name)s が公表した評価書") % {"name": obj.name}

    def link(self, obj: Any) -> str:
        return reverse("public:organization", args=[obj.pk])

    def rows(self, obj: Any) -> Any:
        return indexed().filter(organization_id=obj.pk)
