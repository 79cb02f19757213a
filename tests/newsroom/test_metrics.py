import pytest

from tests.members.signing import make_event, post_event

TOKEN = "scrape-secret-1234"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return TOKEN


def test_metrics_are_not_public(client, db, token):
    refused = client.get("/metrics")
    assert refused.status_code == 404
    # Not kept by a front cache, which would then answer the real scraper with it.
    assert "no-store" in refused["Cache-Control"]
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 404


def test_metrics_do_not_exist_without_a_configured_token(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_scraper_with_the_token_sees_latency_queue_and_webhook_figures(client, db, token):
    from newsroom.tasks import deliver_email

    client.get("/healthz")
    post_event(client, make_event("customer.created", {"id": "cus_1", "object": "customer"}))
    deliver_email.enqueue(
        subject="s", to="a@example.com", text_body="b", html_body=None, headers={}
    )

    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert (
        'newsroom_request_duration_seconds_count{method="GET",status="2xx",view="healthz"}' in text
    )
    assert "newsroom_tasks_waiting 1.0" in text
    assert "newsroom_tasks_oldest_waiting_seconds" in text
    assert 'newsroom_stripe_events{status="ignored"} 1.0' in text
