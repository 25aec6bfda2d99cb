from django.conf import settings
from django.urls import reverse

from tests.web.helpers import client_for


def test_the_header_offers_english_and_hindi(cast):
    response = client_for(cast.police_officer).get(reverse("home"))
    assert 'action="/i18n/setlang/"' in response.text
    assert 'value="hi"' in response.text and "हिंदी" in response.text


def test_switching_to_hindi_sets_the_cookie_and_pages_say_lang_hi(cast):
    client = client_for(cast.police_officer)
    response = client.post("/i18n/setlang/", {"language": "hi", "next": reverse("missing-reports-list")})
    assert response.status_code == 302 and response.url == reverse("missing-reports-list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    for name in ("home", "missing-reports-list", "found-children-list"):
        assert '<html lang="hi">' in client.get(reverse(name)).text


def test_the_login_page_follows_the_chosen_language_too(client, db):
    client.post("/i18n/setlang/", {"language": "hi"})
    assert '<html lang="hi">' in client.get(reverse("login")).text
