"""The Celery application: background work for every process that imports the project.

Configured from the Django settings (``CELERY_*``); the tasks are listed there too
(``CELERY_IMPORTS``). ``make worker`` runs a worker with its scheduler.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
