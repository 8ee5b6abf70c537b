"""Settings of the page benchmark's server (bench/bench_pages.py): the product's, plus a floor URL.

Only ``ROOT_URLCONF`` changes, to :mod:`bench.urls` (the product's URL table plus
``/bench/floor/``), so the product's own URL table and its access-policy test stay untouched.
The database comes from ``DATABASE_URL`` as usual (the benchmark's throw-away database).
"""

from __future__ import annotations

from compliance.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
