"""The thank-you page only answers the browser or account that paid."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("session_id", ["", "nonsense", "cs_<script>", "pi_123456789"])
def test_a_malformed_session_id_is_not_found(client, session_id):
    response = client.get(reverse("members:membership-thanks"), {"session_id": session_id})

    assert response.status_code == 404


def test_a_session_started_elsewhere_is_not_found_for_an_anonymous_reader(client):
    response = client.get(
        reverse("members:membership-thanks"), {"session_id": "cs_test_someone_elses_session"}
    )

    assert response.status_code == 404


def test_billing_portal_needs_a_billing_account(client, reader):
    client.force_login(reader)

    response = client.post(reverse("members:membership-billing-portal"))

    assert response.status_code == 404


def test_billing_portal_only_answers_post(client, reader):
    client.force_login(reader)

    response = client.get(reverse("members:membership-billing-portal"))

    assert response.status_code == 405
