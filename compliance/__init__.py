"""Hyōka: the compliance workbench for Japan's My Number Act."""

from compliance.celery import app as celery_app

__all__ = ["celery_app"]
