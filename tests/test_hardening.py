"""Hardening: a clean ``check --deploy``, HSTS and Permissions-Policy, throttled admin
logins, upload size limits."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.admin.inlines import PhotoForm
from newsroom.security import client_ip
from tests.factories import ArticleFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"  # UserFactory's

# The production profile documented in README ("Production profile"), minus the database:
# `check --deploy` needs none.
PRODUCTION_PROFILE = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3#vL9!qZp2@Xw7$Rm5^Tn8&Yb4*Hc6(Jd1)Fg0-Es3+Ua9=Wo2?Ni7",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_check_deploy_finds_nothing_in_the_production_profile():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION_PROFILE, DJANGO_SETTINGS_MODULE="newsroom.settings")
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


@pytest.mark.django_db
def test_https_responses_carry_hsts(client):
    ArticleFactory()
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/", "/feeds/rss/", "/no-such-page/"])
def test_every_response_carries_a_permissions_policy(client, url):
    policy = client.get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


# -- admin login throttling ----------------------------------------------------------


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def desk_editor(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return UserFactory(username="ines", groups=["Editors"])


def test_password_guessing_is_stopped_with_a_message_for_editors(client, desk_editor):
    for _ in range(2):
        assert sign_in(client, "ines", "guess").status_code == 200  # the form again
    locked = sign_in(client, "ines", "guess")
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Too many failed sign-ins" in content and "3 times in a row" in content
    # Even the right password is refused from there until the pause ends.
    assert sign_in(client, "ines", PASSWORD).status_code == 429


def test_the_lock_is_per_username_and_address(client, desk_editor):
    for _ in range(3):
        sign_in(client, "ines", "guess")
    # The editor, from their own address, still gets in.
    response = sign_in(client, "ines", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_successful_sign_in_resets_the_count(client, desk_editor):
    for _ in range(2):
        sign_in(client, "ines", "guess")
    assert sign_in(client, "ines", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, "ines", "guess").status_code == 200


def test_logins_without_a_request_still_work(client, desk_editor):
    """Shell, commands and ``Client.login`` in tests are not network attempts."""
    assert client.login(username="ines", password=PASSWORD)
    assert not client.login(username="ines", password="wrong")


def test_the_client_address_is_read_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"  # not the address the client made up
    settings.NEWSROOM_TRUSTED_PROXIES = 3
    assert client_ip(request) == "10.0.0.2"  # fewer hops than promised: do not guess


# -- upload limits -----------------------------------------------------------------


def png_bytes(size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_photo_over_the_limit_is_refused_with_its_size(settings):
    data = png_bytes()
    settings.NEWSROOM_MAX_PHOTO_BYTES = len(data) - 1
    form = PhotoForm(
        data={"caption": "Boats", "position": 0},
        files={"image": SimpleUploadedFile("boats.png", data, content_type="image/png")},
    )
    assert not form.is_valid()
    message = form.errors["image"][0]
    assert "a photo may be at most" in message and "Export a smaller JPEG" in message


@pytest.mark.django_db
def test_a_photo_within_the_limit_is_accepted(settings):
    data = png_bytes()
    settings.NEWSROOM_MAX_PHOTO_BYTES = len(data)
    form = PhotoForm(
        data={"caption": "Boats", "position": 0},
        files={"image": SimpleUploadedFile("boats.png", data, content_type="image/png")},
    )
    form.is_valid()
    assert "image" not in form.errors


@pytest.mark.django_db
def test_an_oversized_form_body_is_refused_not_a_500(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 400
