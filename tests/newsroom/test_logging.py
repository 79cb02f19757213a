import io
import json
import logging
import logging.config

from django.conf import settings


def test_production_logs_are_json_lines_carrying_the_request_id(client, db, monkeypatch):
    stream = io.StringIO()
    config = {
        **settings.LOGGING,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": stream,
                "filters": ["request_id"],
                "formatter": "json",
            }
        },
    }
    logging.config.dictConfig(config)
    try:
        response = client.get("/no-such-page/", headers={"X-Request-ID": "abc123"})
    finally:
        logging.config.dictConfig(settings.LOGGING)

    assert response.status_code == 404
    assert response["X-Request-ID"] == "abc123"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["level"] == "WARNING"
    assert not_found["request_id"] == "abc123"
    assert "Not Found" in not_found["message"]
    assert not_found["time"].endswith("+00:00")  # ISO 8601, UTC


def test_a_request_without_an_id_gets_a_new_one_echoed_back(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert logging.getLogger("django_guid").getEffectiveLevel() == logging.WARNING
