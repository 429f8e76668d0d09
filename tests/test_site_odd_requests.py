"""
Requests no browser sends from our pages: a form in another character set, files posted to a
form that takes none, a body far too large. Each gets the friendly 400 page, and nothing is
saved.
"""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

FORMS = ["/callback/", "/newsletter/subscribe/"]


def form_data(**extra):
    return {**callback_form_data(), "email": "ayse@example.com", **extra}


def csrf_client(url) -> tuple[Client, str]:
    """
    A client that checks CSRF as a current browser meets it: its posts say they come from our
    own page (Sec-Fetch-Site), and the public forms carry no token (clinic_site/csrf.py).
    """
    client = Client(enforce_csrf_checks=True, headers={"Sec-Fetch-Site": "same-origin"})
    client.get(url)
    return client, ""


def assert_friendly_400(response):
    assert response.status_code == 400
    assert "We could not read what was sent" in response.text
    assert "Bosphorus Hair Clinic" in response.text
    assert 'href="tel:+902123456789"' in response.text


def assert_nothing_saved():
    assert not Lead.objects.exists()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("url", FORMS)
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ascii"])
def test_a_form_in_another_character_set_gets_the_friendly_400_page(clinic, url, charset):
    client, token = csrf_client(url)
    body = urlencode(form_data(csrfmiddlewaretoken=token)).encode()
    response = post_bytes(
        client, url, body, f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert_friendly_400(response)
    assert_nothing_saved()


def test_a_charset_nobody_knows_is_ignored_and_the_form_read_as_utf8(clinic):
    # Django drops a charset Python cannot name; the form is then read as the standard says.
    client, token = csrf_client("/callback/")
    body = urlencode(form_data(csrfmiddlewaretoken=token)).encode()
    content_type = "application/x-www-form-urlencoded; charset=x-no-such-charset"
    response = post_bytes(client, "/callback/", body, content_type)
    assert response.status_code == 302
    assert Lead.objects.get().name == "Ayşe Yılmaz"


def post_bytes(client, url, body: bytes, content_type: str):
    # generic() sends the bytes as they are; post() would re-encode them in the named charset.
    return client.generic("POST", url, body, content_type=content_type)


# --- Files and sizes ----------------------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize("url", FORMS)
def test_files_posted_to_a_form_that_takes_none_are_refused(clinic, url):
    client, token = csrf_client(url)
    photo = SimpleUploadedFile("scalp.jpg", b"\xff\xd8\xff" + b"x" * 2000, "image/jpeg")
    response = client.post(url, form_data(csrfmiddlewaretoken=token, photo=photo))
    assert_friendly_400(response)
    assert_nothing_saved()


class MultipartStream:
    """
    A multipart body made on the fly as it is read (the form, then a file part of ``size``
    bytes), counting what the server reads of it.
    """

    BOUNDARY = "----clinic-test-boundary"

    def __init__(self, fields: dict, size: int):
        head = "".join(
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            f"--{self.BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="photo"; filename="scalp.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        )
        self.head = head.encode()
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0
        self.size = size

    @property
    def content_type(self):
        return f"multipart/form-data; boundary={self.BOUNDARY}"

    def read(self, count=-1):
        if count is None or count < 0:
            count = self.length - self.position
        chunk = bytearray()
        while count and self.position < self.length:
            start = self.position
            if start < len(self.head):
                piece = self.head[start : start + count]
            elif start < len(self.head) + self.size:
                piece = b"x" * min(count, len(self.head) + self.size - start)
            else:
                offset = start - len(self.head) - self.size
                piece = self.tail[offset : offset + count]
            chunk += piece
            self.position += len(piece)
            count -= len(piece)
        return bytes(chunk)

    def readline(self, count=-1):
        return self.read(count)


def test_a_20_mb_file_sent_to_the_callback_form_is_refused_before_it_is_read(client, clinic):
    body = MultipartStream(form_data(), size=20 * MB)
    response = client.generic(
        "POST",
        "/callback/",
        content_type=body.content_type,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.length)},
    )
    assert response.status_code == 413
    assert "We could not read what was sent" in response.text
    assert body.position == 0, "the body was read"
    assert_nothing_saved()


def test_a_form_body_over_the_size_limit_is_refused(clinic):
    client, token = csrf_client("/callback/")
    response = client.post(
        "/callback/", form_data(csrfmiddlewaretoken=token, message="x" * (3 * MB))
    )
    assert response.status_code == 413
    assert "We could not read what was sent" in response.text
    assert_nothing_saved()


@pytest.mark.urls("tests.urls_uploads")
def test_a_view_that_takes_files_says_so_and_receives_them(client, clinic):
    photo = SimpleUploadedFile("scalp.jpg", b"x" * 5000, "image/jpeg")
    response = client.post("/test-upload/", {"photo": photo})
    assert response.status_code == 200
    assert response.text == "scalp.jpg 5000"


@pytest.mark.urls("tests.urls_uploads")
def test_a_view_that_takes_files_has_its_own_size_limit(client, clinic):
    photo = SimpleUploadedFile("scalp.jpg", b"x" * (2 * MB), "image/jpeg")
    assert client.post("/test-small-upload/", {"photo": photo}).status_code == 413


def test_the_admin_sign_in_page_takes_no_files_from_someone_not_signed_in(client, clinic):
    photo = SimpleUploadedFile("scalp.jpg", b"x" * 5000, "image/jpeg")
    response = client.post("/admin/login/", {"username": "x", "password": "y", "photo": photo})
    assert_friendly_400(response)
    body = MultipartStream({"username": "x", "password": "y"}, size=3 * MB)
    response = client.generic(
        "POST",
        "/admin/login/",
        content_type=body.content_type,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.length)},
    )
    assert response.status_code == 413
    assert body.position == 0, "the body was read"
