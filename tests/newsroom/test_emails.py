from django.core import mail

from newsroom.emails import email_send_rendered


def test_email_is_sent_by_a_task_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_send_rendered(
            subject="Hello",
            to="reader@example.com",
            text_body="Plain",
            html_body="<p>Rich</p>",
            headers={"X-Newsroom": "1"},
        )
        assert mail.outbox == []
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert message.alternatives[0] == ("<p>Rich</p>", "text/html")
    assert message.extra_headers["X-Newsroom"] == "1"
