"""The editorial workflow in the admin: roles, statuses, scheduling, corrections, revisions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.utils import timezone
from reversion.models import Version

from articles import roles
from articles.models import Article
from tests.articles.admin_forms import article_form_data, existing_article_form_data
from tests.articles.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_roles_exist_with_the_right_powers(reporter, desk_editor):
    assert Group.objects.filter(name__in=[roles.REPORTER, roles.EDITOR]).count() == 2
    assert reporter.has_perm("articles.add_article")
    assert not reporter.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.add_brief")
    assert not reporter.has_perm("articles.add_editorspick")
    assert desk_editor.has_perm("articles.publish_article")
    assert desk_editor.has_perm("articles.add_brief")
    assert desk_editor.has_perm("articles.change_editorspick")


def test_a_reporter_writes_a_draft_and_submits_it_for_review(client, reporter):
    client.force_login(reporter)
    section = SectionFactory()
    response = client.post(
        ADD_URL, article_form_data(section=section, authors=[reporter.author], status="draft")
    )
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get(slug="a-headline")
    assert article.created_by == reporter
    assert article.ordered_authors == [reporter.author]

    response = client.post(
        change_url(article), existing_article_form_data(article, status="review")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_a_reporter_cannot_publish(client, reporter):
    client.force_login(reporter)
    article = ArticleFactory(
        status=Article.Status.REVIEW, publish_at=None, authors=[reporter.author]
    )

    page = client.get(change_url(article)).content.decode()
    assert 'value="published"' not in page
    assert 'value="scheduled"' not in page

    for status in ("published", "scheduled", "unpublished"):
        response = client.post(
            change_url(article),
            existing_article_form_data(article, status=status, publish_at_0="", publish_at_1=""),
        )
        assert response.status_code == 200  # the form again, with the error
        assert "is not one of the available choices" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_a_reporter_cannot_edit_someone_elses_or_a_published_article(client, reporter):
    client.force_login(reporter)
    colleagues = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    own_published = ArticleFactory(authors=[reporter.author])

    for article in (colleagues, own_published):
        response = client.post(
            change_url(article), existing_article_form_data(article, headline="Changed")
        )
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "Changed"


def test_an_editor_schedules_an_article(client, desk_editor):
    client.force_login(desk_editor)
    section = SectionFactory()
    when = timezone.now() + timedelta(days=1)
    response = client.post(
        ADD_URL,
        article_form_data(
            section=section, authors=[AuthorFactory()], status="scheduled", publish_at=when
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="a-headline")
    assert article.status == Article.Status.SCHEDULED
    assert abs(article.publish_at - when) < timedelta(seconds=1)
    assert client.get("/articles/a-headline/").status_code == 404


def test_scheduling_needs_a_future_time(client, desk_editor):
    client.force_login(desk_editor)
    data = article_form_data(
        section=SectionFactory(), authors=[AuthorFactory()], status="scheduled"
    )
    response = client.post(ADD_URL, data)
    assert "Give the time it should go live." in response.content.decode()

    data = article_form_data(
        section=SectionFactory(),
        authors=[AuthorFactory()],
        status="scheduled",
        publish_at=timezone.now() - timedelta(hours=1),
    )
    response = client.post(ADD_URL, data)
    assert "That time has passed" in response.content.decode()
    assert not Article.objects.exists()


def test_publishing_without_a_time_publishes_now(client, desk_editor):
    client.force_login(desk_editor)
    before = timezone.now()
    response = client.post(
        ADD_URL,
        article_form_data(section=SectionFactory(), authors=[AuthorFactory()], status="published"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert before <= article.publish_at <= timezone.now()
    assert client.get("/articles/a-headline/").status_code == 200


def test_an_editor_unpublishes_an_article(client, desk_editor):
    client.force_login(desk_editor)
    article = ArticleFactory()
    response = client.post(
        change_url(article), existing_article_form_data(article, status="unpublished")
    )
    assert response.status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_correction_shows_updated_with_the_time(client, desk_editor):
    client.force_login(desk_editor)
    article = ArticleFactory()
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()

    response = client.post(
        change_url(article),
        existing_article_form_data(
            article, correction="An earlier version misspelled the mayor's name."
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.updated_at is not None
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated" in page
    assert timezone.localtime(article.updated_at).strftime("%H:%M") in page
    assert "misspelled the mayor" in page


def test_show_as_updated_stamps_the_time_on_a_published_article_only(client, desk_editor):
    client.force_login(desk_editor)
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    client.post(change_url(draft), existing_article_form_data(draft, mark_updated="on"))
    draft.refresh_from_db()
    assert draft.updated_at is None

    live = ArticleFactory()
    client.post(change_url(live), existing_article_form_data(live, mark_updated="on"))
    live.refresh_from_db()
    assert live.updated_at is not None


def test_reading_time_is_computed_from_the_text(client, desk_editor):
    client.force_login(desk_editor)
    body = "<p>" + " ".join(["word"] * 1000) + "</p>"
    client.post(
        ADD_URL,
        article_form_data(
            section=SectionFactory(), authors=[AuthorFactory()], status="published", body=body
        ),
    )
    article = Article.objects.get()
    assert article.reading_time == 5  # 1,000 words at 220 a minute, rounded up
    assert "5 min read" in client.get(article.get_absolute_url()).content.decode()


def test_revisions_can_be_viewed_and_restored(client, desk_editor):
    client.force_login(desk_editor)
    section = SectionFactory()
    client.post(
        ADD_URL,
        article_form_data(section=section, authors=[AuthorFactory()], headline="First version"),
    )
    article = Article.objects.get()
    client.post(change_url(article), existing_article_form_data(article, headline="Second version"))
    article.refresh_from_db()
    assert article.headline == "Second version"

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    first = versions.last()
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    assert revision_url in history.content.decode()

    shown = client.get(revision_url)
    assert shown.status_code == 200
    assert "First version" in shown.content.decode()

    restored = client.post(
        revision_url, existing_article_form_data(article, headline="First version")
    )
    assert restored.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First version"
    assert Version.objects.get_for_object(article).count() == 3


def test_admin_list_searches_and_filters(client, desk_editor):
    client.force_login(desk_editor)
    ArticleFactory(headline="Trains in winter", authors=[AuthorFactory(name="Nadiia Rail")])
    ArticleFactory(headline="Theatre underground", status=Article.Status.DRAFT, publish_at=None)

    page = client.get("/admin/articles/article/?q=Nadiia").content.decode()
    assert "Trains in winter" in page and "Theatre underground" not in page
    page = client.get("/admin/articles/article/?status__exact=draft").content.decode()
    assert "Theatre underground" in page and "Trains in winter" not in page
    page = client.get("/admin/articles/article/").content.decode()
    assert "Nadiia Rail" in page  # the authors column


def test_admin_pages_allow_the_editors_scripts_by_nonce_only(client, desk_editor):
    client.force_login(desk_editor)
    response = client.get(ADD_URL)
    policy = response.headers["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert 'type="importmap" nonce="' in response.content.decode()
    assert "ProseMirror" in response.content.decode() or "prose-editor" in response.content.decode()
    public = client.get("/").headers["Content-Security-Policy"]
    assert "nonce-" not in public


def test_a_lead_image_uploaded_in_the_admin_gets_renditions(
    client, desk_editor, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.factories import jpeg_bytes

    client.force_login(desk_editor)
    data = article_form_data(
        section=SectionFactory(),
        authors=[AuthorFactory()],
        status="published",
        lead_image_alt="Sunflowers",
        lead_image_caption="A field in July.",
        lead_image_credit="Photo: Petro",
    )
    data["lead_image"] = SimpleUploadedFile("field.jpg", jpeg_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert (article.lead_image_width, article.lead_image_height) == (1600, 900)
    # Made in the background task, before any reader asks for them.
    for name in ("lead_480_avif", "lead_1440_webp", "lead_960_jpeg", "lead_social"):
        assert default_storage.exists(getattr(article, name).name), name
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/avif"' in page and '<source type="image/webp"' in page
    assert 'alt="Sunflowers"' in page


def test_an_upload_that_is_not_an_image_is_refused(client, desk_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(desk_editor)
    data = article_form_data(section=SectionFactory(), authors=[AuthorFactory()])
    data["lead_image"] = SimpleUploadedFile("evil.jpg", b"<svg onload=alert(1)>")
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Article.objects.exists()
