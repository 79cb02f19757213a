"""Browser journey: an editor moves a Ghost site in from the admin, then a reader
follows an old link to the imported article."""

import pytest
from django.contrib.auth.models import Group

from articles import roles
from articles.models import Article
from tests.articles.test_browser import csp_violations, sign_in
from tests.browser import assert_accessible
from tests.factories import UserFactory
from tests.importers.conftest import GHOST_EXPORT

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_uploads_previews_and_confirms_an_import(page, live_url, settings, tmp_path):
    settings.IMPORT_UPLOADS_ROOT = tmp_path / "uploads"
    user = UserFactory(email="marta@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    errors = csp_violations(page)
    sign_in(page, live_url, "marta@example.com")

    page.goto(f"{live_url}/admin/articles/importrun/add/")
    page.select_option("select[name=source]", "ghost")
    page.set_input_files("input[name=export]", str(GHOST_EXPORT))
    page.click("input[type=submit][value='Upload and preview']")

    # Background tasks run at once in tests; under `make run` the page refreshes itself.
    page.wait_for_selector("text=Preview: nothing has been saved yet")
    assert page.locator("#import-counts").inner_text().count("Articles") == 1
    assert page.get_by_role("cell", name="Sample 1 Title", exact=True).count() == 1
    assert Article.objects.count() == 0

    page.click("input[type=submit][value='Confirm: import now']")
    page.wait_for_selector("text=What was imported")
    assert page.locator("#import-status").inner_text() == "Imported"
    assert Article.objects.count() == 2

    # A reader's old bookmark still works.
    page.goto(f"{live_url}/sample-slug/")
    assert page.url == f"{live_url}{Article.objects.get(slug='sample-slug').get_absolute_url()}"
    assert page.locator("h1").inner_text() == "Sample 1 Title"
    assert_accessible(page)
    assert errors == []
