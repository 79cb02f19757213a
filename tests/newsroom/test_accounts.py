import re

import pytest
from django.core import mail

from tests.browser import assert_accessible
from tests.factories import PASSWORD


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_signup_asks_to_verify_the_email_address(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    (message,) = mail.outbox
    assert message.to == ["new@example.com"]
    assert "/accounts/confirm-email/" in message.body


def test_signup_with_a_bad_address_rerenders_with_the_error(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-address", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    assert b'value="not-an-address"' in response.content


def test_unverified_account_cannot_sign_in(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_account_pages_use_the_site_frame(client, reader):
    client.force_login(reader)
    html = client.get("/accounts/email/").content.decode()
    assert "Skip to content" in html
    assert "css/newsroom.css" in html


@pytest.mark.django_db(transaction=True)
def test_reader_signs_up_verifies_signs_out_and_back_in(page, live_url):
    page.goto(f"{live_url}/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="sign up").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("olha@example.com")
    page.get_by_role("textbox", name="Password*", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Password (again)*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    (message,) = mail.outbox
    page.goto(confirmation_link(message))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Sign out").wait_for()

    page.get_by_role("link", name="Account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("olha@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Sign out").wait_for()
