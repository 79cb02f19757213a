"""The Ukrainian edition speaks Ukrainian: a complete catalogue, compiled, with plurals,
and no English from our templates or code on any page of the edition."""

import re

import polib
import pytest
from django.utils import timezone, translation
from taggit.models import Tag

from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BriefFactory,
    EditorsPickFactory,
    SectionFactory,
)
from tests.i18n.catalogue import (
    PLACEHOLDER,
    catalogue_path,
    english_sources,
    translated_languages,
    visible_text,
)
from tests.members.campaigns.factories import CampaignFactory
from tests.members.factories import PlanFactory, PlanPriceFactory
from tests.members.newsletters.factories import NewsletterFactory

# Words that are the same in every edition: the outlet's name, brands, formats, time
# zone abbreviations, and the language switcher's "English".
NOT_ENGLISH_TO_TRANSLATE = {
    "The", "Kyiv", "Ledger", "Stripe", "Visa", "Mastercard", "American", "Express",
    "RSS", "Atom", "Bluesky", "Facebook", "Telegram", "WhatsApp", "MP3", "PDF", "English",
    "EUR", "EET", "EEST",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+")


@pytest.mark.parametrize("code", translated_languages())
def test_every_string_of_the_catalogue_is_translated(code):
    catalogue = polib.pofile(str(catalogue_path(code)))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    for entry in catalogue.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translated in translations:
            assert set(PLACEHOLDER.findall(translated)) == expected, entry.msgid


@pytest.mark.parametrize("code", translated_languages())
def test_the_compiled_catalogue_matches_the_translations(code):
    # The .mo files are committed so that nobody needs gettext to run the site;
    # `make messages` recompiles them. A stale one would show old translations.
    source = polib.pofile(str(catalogue_path(code)))
    compiled = polib.mofile(str(catalogue_path(code, "mo")))

    def entries(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural)
            for entry in catalogue
            if entry.msgid
        }

    assert entries(compiled) == entries(source)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(1, "1 хвилина"), (2, "2 хвилини"), (5, "5 хвилин"), (21, "21 хвилина"), (22, "22 хвилини")],
)
def test_ukrainian_plural_forms(minutes, expected):
    with translation.override("uk"):
        text = translation.ngettext("%(minutes)s min read", "%(minutes)s min read", minutes) % {
            "minutes": minutes
        }
    assert text == f"{expected} читання"


@pytest.fixture
def ukrainian_edition(db):
    """A Ukrainian edition with something on every page, written in Ukrainian."""
    section = SectionFactory(name="Суспільство", slug="suspilstvo")
    author = AuthorFactory(name="Оксана Гнатюк", slug="oksana", bio="Пише про місто.")
    related = ArticleFactory(
        language="uk",
        slug="biblioteka",
        headline="Бібліотека повернулася",
        standfirst="Книжки прийшли посилками.",
        body="<p>Читальна зала знову відкрита.</p>",
        section=section,
        authors=[author],
        tags=["Київ"],
    )
    article = ArticleFactory(
        language="uk",
        slug="potiahy",
        headline="Потяги знову курсують",
        standfirst="Укрзалізниця відновила рух.",
        body="<p>Перший.</p><p>Другий.</p><p>Третій.</p><p>Четвертий.</p>",
        section=section,
        authors=[author, AuthorFactory(name="Тарас Левченко", slug="taras")],
        tags=["Київ"],
        correction="Виправлено назву станції.",
        updated_at=timezone.now(),
    )
    article.related_articles.add(related)
    EditorsPickFactory(article=related)
    BriefFactory(language="uk", headline="Тривога на сході", text="Зупиніться в укритті.")
    PlanPriceFactory(
        plan=PlanFactory(name="Прихильник", description="Підтримайте нас.", benefits="Подяка")
    )
    NewsletterFactory(name="Ранок", language="uk", description="Новини щоранку.")
    CampaignFactory(
        name="Тисяча нових учасників",
        featured=True,
        banner_text_uk="Нам три роки. Станьте учасником.",
        appeal_uk="Просимо підтримати нас.",
        thanks_text_uk="Дякуємо!",
        member_button_label_uk="Стати учасником",
        gift_button_label_uk="Подарувати членство",
    )
    return article


UKRAINIAN_PAGES = [
    "/uk/",
    "/uk/articles/potiahy/",
    "/uk/latest/",
    "/uk/news-feed/",
    "/uk/sections/suspilstvo/",
    "/uk/authors/oksana/",
    "/uk/tags/{tag}/",
    "/uk/search/?q=потяги",
    "/uk/search/?q=немаєтакого",
    "/uk/archive/{year}/",
    "/uk/no-such-page/",
    "/uk/membership/",
    "/uk/gift/",
    "/uk/newsletters/",
    "/uk/campaign/",
]


def english_left_on(page: str, code: str) -> list[str]:
    text = EMAIL_OR_URL.sub(" ", visible_text(page))
    sources = [source for source in english_sources(code) if source in text]
    words = sorted(set(LATIN_WORD.findall(text)) - NOT_ENGLISH_TO_TRANSLATE)
    return sources + words


@pytest.mark.parametrize("path", UKRAINIAN_PAGES)
def test_reader_pages_in_ukrainian_have_no_english(client, ukrainian_edition, path):
    tag = Tag.objects.get(name="Київ").slug
    response = client.get(path.format(year=timezone.localdate().year, tag=tag))

    assert response.status_code in (200, 404)
    assert english_left_on(response.content.decode(), "uk") == []
