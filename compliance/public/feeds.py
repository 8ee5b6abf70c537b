"""Atom feeds of publications (公表の通知): site-wide, per prefecture, per organisation.

Items are the latest published assessments from the search index (one query), each
linking to its public page; nothing else of the version is put in the feed. Only current
publications are items: a re-assessment's entry says it replaces the version published
earlier (【更新】), and the superseded version is no longer listed.

Valid Atom (RFC 4287): every feed names its author (the body for its own feed, the
commission for the national and prefectural ones) and each entry its body; ids are
``tag:`` URIs (RFC 4151) under ``HYOKA_TAG_AUTHORITY``, so they stay the same whatever host
a reader used; ``updated`` is the newest entry's date, and a feed with no entry is dated
:data:`EMPTY_FEED_UPDATED`, not "now" (an unchanged feed must not look changed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.assessments.selectors import open_comment_periods
from compliance.assessments.states import Level
from compliance.lib.vocabulary import PREFECTURES
from compliance.public.models import SearchDocument
from compliance.public.search import LIST_COLUMNS, current

ITEMS = 50
#: The date in every ``tag:`` URI of the feeds (when the authority began minting them).
TAG_DATE = "2026"
#: ``updated`` of a feed that has no entry yet: fixed, so it reads as unchanged until one comes.
EMPTY_FEED_UPDATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def tag_uri(specific: str) -> str:
    """``tag:<authority>,<date>:<specific>`` (RFC 4151), the authority a domain of the operator's."""
    return f"tag:{settings.HYOKA_TAG_AUTHORITY},{TAG_DATE}:{specific}"


class AtomFeed(Atom1Feed):
    def latest_post_date(self) -> dt.datetime:
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()


class PublicationsFeed(Feed):
    """Every new publication, newest first."""

    feed_type = AtomFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return None

    def title(self, obj: Any) -> str:
        return _("Hyōka 公表された特定個人情報保護評価書")

    def subtitle(self, obj: Any) -> str:
        return _("新たに公表された評価書の一覧")

    def link(self, obj: Any) -> str:
        return reverse("public:search")

    def feed_guid(self, obj: Any) -> str:
        return tag_uri("feeds/publications")

    def author_name(self, obj: Any) -> str:
        return _("個人情報保護委員会")

    def item_author_name(self, item: SearchDocument) -> str:
        return item.organization_name

    def rows(self, obj: Any) -> Any:
        return current()

    def items(self, obj: Any) -> list[SearchDocument]:
        return list(self.rows(obj).only(*LIST_COLUMNS).order_by("-published_on", "-assessment_id")[:ITEMS])

    def item_title(self, item: SearchDocument) -> str:
        level = Level(item.level).label if item.level in Level.values else item.level
        title = f"{item.organization_name} {item.title}（{level}）"
        if item.replaces_published_on is not None:
            return _("%(title)s【更新】") % {"title": title}
        return title

    def item_description(self, item: SearchDocument) -> str:
        text = _("%(org)s が %(date)s に公表した評価書です。") % {
            "org": item.organization_name,
            "date": item.published_on.isoformat() if item.published_on else "—",
        }
        if item.replaces_published_on is not None:
            text += _("%(date)s に公表した版に代わる新しい版です。") % {
                "date": item.replaces_published_on.isoformat()
            }
        return text

    def item_link(self, item: SearchDocument) -> str:
        return reverse("public:assessment", args=[item.assessment_id])

    def item_guid(self, item: SearchDocument) -> str:
        return tag_uri(f"assessment/{item.assessment_id}/version/{item.version_id}")

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

    def feed_guid(self, obj: Any) -> str:
        return tag_uri(f"feeds/prefectures/{obj[0]}")

    def rows(self, obj: Any) -> Any:
        return current().filter(prefecture=obj[0])


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

    def feed_guid(self, obj: Any) -> str:
        return tag_uri(f"feeds/organizations/{obj.pk}")

    def author_name(self, obj: Any) -> str:
        return obj.name

    def rows(self, obj: Any) -> Any:
        return current().filter(organization_id=obj.pk)


class OpenCommentPeriodsFeed(Feed):
    """The public-comment periods open today (意見募集中), the soonest to end first, each with the days left.

    An entry is a period: its id stays the same while it runs, its title carries 「残り N 日」 (the page
    cache is keyed by the date as well, so the count is never yesterday's), and it leaves the feed
    once the period ends or is closed."""

    feed_type = AtomFeed

    def title(self, obj: Any) -> str:
        return _("Hyōka 意見募集中の評価書")

    def subtitle(self, obj: Any) -> str:
        return _("全項目評価書の案について、意見を募集している期間の一覧")

    def link(self, obj: Any) -> str:
        return reverse("assessments:public_comments")

    def feed_guid(self, obj: Any) -> str:
        return tag_uri("feeds/public-comment")

    def author_name(self, obj: Any) -> str:
        return _("個人情報保護委員会")

    def items(self, obj: Any) -> list[Any]:
        return list(open_comment_periods()[:ITEMS])

    def item_author_name(self, item: Any) -> str:
        return str(item.assessment.organization.name)

    def item_title(self, item: Any) -> str:
        return _("%(org)s %(affair)s（意見募集中・残り %(days)s 日）") % {
            "org": item.assessment.organization.name,
            "affair": item.assessment.affair.name,
            "days": item.days_left,
        }

    def item_description(self, item: Any) -> str:
        return _("%(start)s から %(end)s まで意見を募集しています（残り %(days)s 日）。") % {
            "start": item.starts_on.isoformat(),
            "end": item.ends_on.isoformat(),
            "days": item.days_left,
        }

    def item_link(self, item: Any) -> str:
        return reverse("assessments:public_comment", args=[item.assessment_id])

    def item_guid(self, item: Any) -> str:
        return tag_uri(f"comment-period/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: Any) -> Any:
        return timezone.make_aware(dt.datetime.combine(item.starts_on, dt.time.min))

    item_updateddate = item_pubdate
