"""/notifications/: a person's own messages, newest first; marking them read touches only theirs."""

from django.test import Client

from tests.web.helpers import client_for
from trackchild.notifications.models import Notification
from trackchild.notifications.services import notify


def test_it_lists_only_the_callers_own_messages_newest_first(cast):
    notify([cast.police_officer], "Older reminder", "Body one", link="/matching/tasks/")
    notify([cast.police_officer], "Newer reminder", "Body two")
    notify([cast.outsider], "Pune reminder", "Not for Patna")
    page = client_for(cast.police_officer).get("/notifications/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert html.index("Newer reminder") < html.index("Older reminder")
    assert "Pune reminder" not in html and 'href="/matching/tasks/"' in html
    assert "2 unread messages." in html


def test_marking_read_touches_only_the_callers_messages(cast):
    notify([cast.police_officer], "Reminder", "Body")
    notify([cast.outsider], "Pune reminder", "Body")
    answer = client_for(cast.police_officer).post("/notifications/read/")
    assert answer.status_code == 302 and answer["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=cast.police_officer, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=cast.outsider).read_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(db):
    answer = Client().get("/notifications/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert Client().get("/notifications/read/").status_code in (302, 405)


def test_every_page_header_links_to_the_inbox_with_the_unread_count(cast):
    notify([cast.police_officer], "Reminder", "Body")
    notify([cast.police_officer], "Another", "Body")
    client = client_for(cast.police_officer)
    html = client.get("/").content.decode()
    assert 'id="inbox-link"' in html and "(2)" in html
    client.post("/notifications/read/")
    html = client.get("/").content.decode()
    assert 'id="inbox-link"' in html and "(2)" not in html
