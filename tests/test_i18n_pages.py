"""Pages render in Hindi when the user picks Hindi, and in English otherwise."""

from django.conf import settings
from django.urls import reverse


def test_a_page_renders_in_hindi_when_hindi_is_chosen(client, cast):
    client.force_login(cast.state_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get(reverse("institutions-list")).content.decode()
    assert '<html lang="hi">' in page
    assert "संस्थाएँ" in page  # Institutions
    assert "पुलिस थाना" in page  # Police Station, the type of PS-A
    assert "Institutions in your jurisdiction" not in page


def test_the_language_switch_remembers_hindi(client, cast):
    client.force_login(cast.district_officer)
    client.post(reverse("set_language"), {"language": "hi", "next": reverse("accounts-list")})
    page = client.get(reverse("accounts-list")).content.decode()
    assert "नया खाता बनाएँ" in page  # Create an account
    assert "CWC सदस्य" in page  # the role of cwc_a


def test_pages_are_in_english_by_default(client, cast):
    client.force_login(cast.state_officer)
    page = client.get(reverse("institutions-list")).content.decode()
    assert '<html lang="en">' in page
    assert "Institutions in your jurisdiction" in page


def test_djangos_own_form_messages_are_in_hindi_too(client, cast):
    client.force_login(cast.district_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.post(
        reverse("accounts-create"),
        {
            "full_name": "Sunita Devi",
            "username": "sunita",
            "role": "cci_staff",
            "institution": cast.cci_a.pk,
            "password1": "12345",
            "password2": "12345",
        },
    )
    page = response.content.decode()
    assert "यह पासवर्ड बहुत छोटा है। इसमें कम से कम 10 अक्षर होने चाहिए।" in page
    assert "यह पासवर्ड पूरी तरह अंकों में है।" in page
    assert "This password" not in page
