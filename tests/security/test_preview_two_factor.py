"""The article preview asks staff for the same two-factor step as the admin."""

import pytest

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_staff_without_two_factor_are_sent_to_set_it_up_before_a_preview(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = True
    draft = ArticleFactory(status="draft", publish_at=None, headline="Not out yet")
    client.force_login(editor)

    response = client.get(f"/preview/{draft.pk}/")

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    assert b"Not out yet" not in response.content


def test_without_the_requirement_staff_preview_as_before(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = False
    draft = ArticleFactory(status="draft", publish_at=None, headline="Not out yet")
    client.force_login(editor)

    assert b"Not out yet" in client.get(f"/preview/{draft.pk}/").content
