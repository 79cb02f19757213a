"""Attribution fields: what the forms carry, what reaches Checkout metadata, one Conversion."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from members.analytics.attribution import (
    attribution_initial,
    attribution_metadata,
    conversion_record,
)
from members.analytics.models import Conversion
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_form_page_takes_the_last_page_from_the_referer_and_the_banner_from_the_link():
    request = RequestFactory().get(
        "/membership/?via=banner&campaign=3&utm_source=newsletter",
        headers={"Referer": "http://testserver/articles/a-story/?x=1"},
    )
    initial = attribution_initial(request)
    assert initial["last"] == "/articles/a-story/"
    assert (initial["via"], initial["campaign"], initial["utm_source"]) == (
        "banner",
        "3",
        "newsletter",
    )
    assert initial["ref"] == ""


def test_a_referer_from_another_site_is_kept_as_its_domain_only():
    request = RequestFactory().get(
        "/membership/", headers={"Referer": "https://www.example.org/some/secret?token=1"}
    )
    initial = attribution_initial(request)
    assert (initial["last"], initial["ref"]) == ("", "example.org")


def test_posted_fields_are_cleaned_before_they_reach_stripe():
    request = RequestFactory().post(
        "/membership/",
        {
            "attribution_last": "/articles/a-story/",
            "attribution_landing": "https://evil.example/",
            "attribution_campaign": "3; drop",
            "attribution_via": "banner",
            "attribution_utm_source": "x" * 400,
        },
    )
    metadata = attribution_metadata(request)
    assert metadata == {
        "attr_last": "/articles/a-story/",
        "attr_via": "banner",
        "attr_utm_source": "x" * 100,
    }


def test_a_conversion_is_recorded_once_and_credits_the_last_article():
    article = ArticleFactory()
    metadata = {
        "attr_last": article.get_absolute_url(),
        "attr_landing": "/",
        "attr_campaign": "3",
        "attr_via": "banner",
    }
    first = conversion_record(
        kind="membership", reference="sub_1", metadata=metadata, paid_at=timezone.now()
    )
    again = conversion_record(
        kind="membership", reference="sub_1", metadata=metadata, paid_at=timezone.now()
    )
    assert first == again
    assert Conversion.objects.count() == 1
    assert (first.article, first.campaign_id, first.via, first.landing_path) == (
        article,
        3,
        "banner",
        "/",
    )


def test_without_an_article_before_the_form_the_landing_article_is_credited():
    article = ArticleFactory()
    conversion = conversion_record(
        kind="gift",
        reference="cs_1",
        metadata={"attr_last": "/latest/", "attr_landing": article.get_absolute_url()},
        paid_at=timezone.now(),
    )
    assert conversion.article == article
