"""Agency pictures given by address: fetched only from allowed hosts, within limits."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from articles.models import Job, PhotoCaption
from articles.wire import wire_story as wire
from articles.wire.photo_fetch import PhotoNotFetched, fetch_photo
from articles.wire.store import store_story
from tests.test_wire_store import make_story

pytestmark = pytest.mark.django_db


def jpeg(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


ROUTES = {
    "/photo.jpg": ("image/jpeg", jpeg()),
    "/named.jpg": ("image/png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    "/big.jpg": ("image/jpeg", jpeg(400, 400)),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow.jpg":
            time.sleep(2)
        if self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://pictures.invalid/photo.jpg")
            self.end_headers()
            return
        kind, body = ROUTES.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in ROUTES else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def picture_host(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_WIRE_PHOTO_HOSTS = ["127.0.0.1"]
    settings.NEWSROOM_WIRE_PHOTO_TIMEOUT = 1
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def story_with_picture(href):
    photo = wire.WirePhoto("Boats at the quay.", credit="GULLWING/Tomas Berg", href=href)
    return make_story(photos=[photo])


def test_a_picture_from_an_allowed_host_is_fetched_by_the_worker_and_stored(picture_host, run_jobs):
    result = store_story(story_with_picture(f"{picture_host}/photo.jpg"))
    assert not [w for w in result.warnings if "Photo 1" in w]
    job = Job.objects.get(task="wire.fetch_photos")  # recorded with the story, for later
    assert job.queue == "media" and not PhotoCaption.objects.get().image
    assert run_jobs() == {"done": 2}  # the fetch, then the new file's renditions
    photo = PhotoCaption.objects.get()
    assert photo.image and (photo.width, photo.height) == (40, 30)
    assert photo.image.name.endswith(".jpg")
    assert photo.is_ready and not photo.fetch_problem


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/named.jpg", "not a picture"),
        ("/missing.jpg", "could not be fetched"),
        ("/slow.jpg", "could not be fetched"),
        ("/elsewhere", "not one of the hosts"),
    ],
)
def test_a_picture_that_cannot_be_used_leaves_the_caption_and_says_why(
    picture_host, path, why, run_jobs
):
    store_story(story_with_picture(f"{picture_host}{path}"))
    run_jobs()
    photo = PhotoCaption.objects.get()
    assert not photo.image and photo.caption == "Boats at the quay."
    assert why in photo.fetch_problem


def test_a_host_that_does_not_answer_is_tried_again_later(picture_host, run_jobs):
    store_story(story_with_picture(f"{picture_host}/slow.jpg"))
    assert run_jobs() == {"retry": 1}
    job = Job.objects.get(task="wire.fetch_photos")
    assert (
        job.state == Job.State.PENDING
        and job.run_after
        and "could not be fetched" in (job.last_error)
    )


def test_a_host_that_refuses_is_not_asked_again(picture_host, run_jobs):
    store_story(story_with_picture(f"{picture_host}/missing.jpg"))
    assert run_jobs() == {"done": 1}


def test_a_picture_over_the_size_limit_is_not_fetched(picture_host, settings):
    settings.NEWSROOM_MAX_PHOTO_BYTES = 1000
    with pytest.raises(PhotoNotFetched, match="at most"):
        fetch_photo(f"{picture_host}/big.jpg")


def test_no_host_is_asked_unless_the_operator_allows_it(settings):
    settings.NEWSROOM_WIRE_PHOTO_HOSTS = []
    result = store_story(story_with_picture("http://127.0.0.1:9/photo.jpg"))
    assert any("not fetched, so readers do not see it" in w for w in result.warnings)
    assert PhotoCaption.objects.get().source_url == "http://127.0.0.1:9/photo.jpg"
    with pytest.raises(PhotoNotFetched, match="not one of the hosts"):
        fetch_photo("http://127.0.0.1:9/photo.jpg")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.jpg", "photo.jpg"])
def test_only_web_addresses_are_fetched(picture_host, url):
    with pytest.raises(PhotoNotFetched):
        fetch_photo(url)


def test_editors_see_which_stories_have_photos_without_a_file(editor_client, settings):
    settings.NEWSROOM_WIRE_PHOTO_HOSTS = []
    article = store_story(story_with_picture("https://pictures.example/photo.jpg")).article
    listing = editor_client.get("/admin/articles/article/").content.decode()
    assert "1 without a file" in listing
    form = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "readers do not see this photo" in form
    assert "https://pictures.example/photo.jpg" in form
