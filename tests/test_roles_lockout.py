"""The admin login locks a username out after 5 wrong passwords from one address, for an hour."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"


def sign_in(client, password, username="ayse", address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, times, **kwargs):
    for _attempt in range(times):
        response = sign_in(client, "wrong password", **kwargs)
    return response


def test_right_password_signs_in(client, coordinator):
    assert sign_in(client, PASSWORD).status_code == 302


def test_four_wrong_passwords_still_allow_the_right_one(client, coordinator):
    assert fail(client, 4).status_code == 200  # the form again, with its error
    assert sign_in(client, PASSWORD).status_code == 302


def test_fifth_wrong_password_locks_out_with_a_friendly_page(client, coordinator):
    response = fail(client, 5)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page and "60 minutes" in page
    assert "administrator" in page


def test_locked_out_even_with_the_right_password(client, coordinator):
    fail(client, 5)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_an_hour(client, coordinator):
    fail(client, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert sign_in(client, PASSWORD).status_code == 302


def test_lockout_is_per_username_and_address(client, coordinator):
    fail(client, 5)
    # The same person from another address (say, home) is not locked out by the office.
    assert sign_in(client, PASSWORD, address="203.0.113.9").status_code == 302


def test_a_successful_sign_in_resets_the_count(client, coordinator):
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, 4).status_code == 200


def test_axes_reset_username_unlocks(client, coordinator):
    fail(client, 5)
    call_command("axes_reset_username", "ayse")
    assert sign_in(client, PASSWORD).status_code == 302


def test_test_client_login_still_works_without_a_request(client, coordinator):
    assert client.login(username="ayse", password=PASSWORD)
    assert not client.login(username="ayse", password="wrong")
