"""An editor whose browser speaks Ukrainian gets our admin in Ukrainian too: field
labels, help texts, choices, fieldsets, columns, actions and messages of the
articles and members apps come from the catalogue (Django's own are translated
already)."""

import pytest

from tests.articles.factories import ArticleFactory
from tests.i18n.catalogue import english_sources, visible_text
from tests.members.factories import MembershipFactory
from tests.members.gifts.factories import GiftFactory
from tests.members.newsletters.factories import NewsletterFactory

pytestmark = pytest.mark.django_db

UKRAINIAN = {"HTTP_ACCEPT_LANGUAGE": "uk"}


def english_from_our_catalogue(page: str) -> list[str]:
    text = visible_text(page)
    return sorted(source for source in english_sources("uk") if source in text)


def test_the_article_change_form_is_in_ukrainian(admin_client):
    article = ArticleFactory(headline="Потяги знову курсують", language="uk")

    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/", **UKRAINIAN)

    assert page.status_code == 200
    html = page.content.decode()
    assert english_from_our_catalogue(html) == []
    for label in [
        "Головне зображення",  # a fieldset
        "Альтернативний текст",  # a field's label
        "Остання частина адреси. Нехай буде короткою.",  # a help text
        "На перевірці",  # a status choice
        "Редакція",  # the app
    ]:
        assert label in html, label


@pytest.mark.parametrize(
    "path",
    [
        "/admin/members/membership/",
        "/admin/members/newsletter/",
        "/admin/members/newslettersubscription/",
        "/admin/members/gift/",
        "/admin/members/campaign/",
        "/admin/members/stripeevent/",
        "/admin/articles/article/",
    ],
)
def test_changelists_are_in_ukrainian(admin_client, path):
    MembershipFactory()
    NewsletterFactory()

    page = admin_client.get(path, **UKRAINIAN)

    assert page.status_code == 200
    assert english_from_our_catalogue(page.content.decode()) == []


def test_the_members_changelists_offer_ukrainian_actions_and_columns(admin_client):
    NewsletterFactory().subscriptions.create(email="olena@example.com")
    GiftFactory()
    newsletters = admin_client.get("/admin/members/newsletter/", **UKRAINIAN).content.decode()
    subscriptions = admin_client.get(
        "/admin/members/newslettersubscription/", **UKRAINIAN
    ).content.decode()
    gifts = admin_client.get("/admin/members/gift/", **UKRAINIAN).content.decode()

    assert "підтверджені підписники" in newsletters.casefold()
    assert "Відписати вибрані адреси" in subscriptions
    assert "Повернути кошти через Stripe (код скасовується)" in gifts
    assert "Учасники" in gifts  # the app


def test_admin_messages_are_in_ukrainian(admin_client):
    newsletter = NewsletterFactory()
    subscription = newsletter.subscriptions.create(email="olena@example.com")

    response = admin_client.post(
        "/admin/members/newslettersubscription/",
        {"action": "unsubscribe_selected", "_selected_action": [subscription.pk]},
        follow=True,
        **UKRAINIAN,
    )

    assert "Відписано 1 адресу." in response.content.decode()
