"""``manage.py reindex_search``: rebuild the public search index from the publication versions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from compliance.public.indexing import search_reindex


class Command(BaseCommand):
    help = (
        "Rebuild the public search index (公開検索の索引) from every published assessment's public version."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_reindex(acting_user=None)
        self.stdout.write(f"indexed {count} published assessments")
