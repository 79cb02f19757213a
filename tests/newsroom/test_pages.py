import re


def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
    assert b'href="#content"' in response.content


def test_skip_link_is_the_first_focusable_element(client, db):
    html = client.get("/").content.decode()
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", html)
    assert 'href="#content"' in first_focusable.group(0)
    assert html.count("<main") == 1


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_staff_without_two_factor_are_sent_to_set_it_up(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


def test_admin_sign_in_goes_through_the_account_pages(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_favicon_request_finds_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/img/favicon.svg"
