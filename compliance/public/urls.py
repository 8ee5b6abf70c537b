"""The public portal's URLs (no account needed for any of them, see ``ACCESS``), and the API."""

from __future__ import annotations

from django.urls import include, path

from compliance.accounts.access import PUBLIC
from compliance.public import feeds, views
from compliance.public.api.urls import ACCESS as API_ACCESS
from compliance.public.api.urls import urlpatterns as api_patterns
from compliance.public.cache import cached_page

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("published/<int:pk>/", views.assessment, name="assessment"),
    path("published/diff/", views.diff, name="diff"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("statistics/", views.statistics, name="statistics"),
    path("audit-checkpoint/", views.audit_checkpoint, name="audit_checkpoint"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:dataset>.<slug:fmt>", views.download, name="download"),
    path("feeds/publications.atom", cached_page(feeds.PublicationsFeed()), name="feed"),
    path("feeds/prefectures/<str:code>.atom", cached_page(feeds.PrefectureFeed()), name="feed_prefecture"),
    path(
        "feeds/organizations/<int:pk>.atom", cached_page(feeds.OrganizationFeed()), name="feed_organization"
    ),
    path("feeds/public-comment.atom", cached_page(feeds.OpenCommentPeriodsFeed()), name="feed_comments"),
    path("api/", include(api_patterns)),
]

#: Access rule per URL name (merged by compliance.accounts.access). ``public:home`` is declared there.
ACCESS = {
    "public:search": PUBLIC,
    "public:assessment": PUBLIC,
    "public:diff": PUBLIC,
    "public:organization": PUBLIC,
    "public:statistics": PUBLIC,
    "public:audit_checkpoint": PUBLIC,
    "public:open_data": PUBLIC,
    "public:download": PUBLIC,
    "public:feed": PUBLIC,
    "public:feed_prefecture": PUBLIC,
    "public:feed_organization": PUBLIC,
    "public:feed_comments": PUBLIC,
    **API_ACCESS,
}
