"""The product's URLs plus ``/bench/floor/``: a minimal Django view, the framework's floor.

The floor goes through the same middleware stack as every page but does no work of its
own, so the page benchmark's ratios to it measure what the pages themselves cost.
Mounted only by :mod:`bench.settings`; the product never serves it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from compliance.urls import urlpatterns as product_patterns


def floor(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can answer: a few bytes, no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *product_patterns]
