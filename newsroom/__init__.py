"""Newsroom's project package: settings, URLs, WSGI, and the Celery app every process loads."""

from .celery import app as celery_app

__all__ = ["celery_app"]
