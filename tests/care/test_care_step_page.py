"""The page of one step: it records through the service, shows the service's refusals, and is closed to
those who may not take the step."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.care.helpers import admitted_child, new_child, step
from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareAttachment, CareEvent
from trackchild.cases.models import FoundChild


def url(child, name) -> str:
    return reverse("care-step", args=[child.pk, name])


def today() -> str:
    return timezone.localdate().isoformat()


def test_a_progress_report_is_recorded_with_its_attachments(cast):
    child = admitted_child(cast)
    step(cast.cci_staff, child, "care_plan", responsible="Asha")
    version = FoundChild.objects.get(pk=child.pk).version
    response = client_for(cast.cci_staff).post(
        url(child, "progress_report"),
        {
            "happened_on": today(),
            "version": version,
            "health": "Dental check-up done",
            "schooling": "Class 5",
            "file_1": SimpleUploadedFile("report card of golu.pdf", b"%PDF-1.4 report", "application/pdf"),
            "file_1_title": "Report card",
        },
    )
    assert response.status_code == 302 and response.url == reverse("care-timeline", args=[child.pk])
    event = CareEvent.objects.get(step="progress_report")
    assert event.details == {"health": "Dental check-up done", "schooling": "Class 5"}
    attachment = CareAttachment.objects.get(event=event)
    assert (attachment.title, attachment.extension, attachment.content_type) == (
        "Report card",
        "pdf",
        "application/pdf",
    )
    assert "golu" not in attachment.file.name
    assert AuditEvent.objects.filter(
        object_type="care.careevent", object_id=str(event.pk), actor=cast.cci_staff
    ).exists()


def test_a_file_that_is_not_a_pdf_or_image_is_refused(cast):
    child = admitted_child(cast)
    step(cast.cci_staff, child, "care_plan", responsible="Asha")
    version = FoundChild.objects.get(pk=child.pk).version
    response = client_for(cast.cci_staff).post(
        url(child, "progress_report"),
        {
            "happened_on": today(),
            "version": version,
            "file_1": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 400 and "Attach a PDF, JPEG or PNG file." in response.text
    assert not CareEvent.objects.filter(step="progress_report").exists()


def test_a_step_not_yet_possible_says_why(cast):
    child = admitted_child(cast)
    response = client_for(cast.cwc_member).get(url(child, "restoration_order"))
    assert "needs a home verification and a social investigation report first." in response.text
    version = FoundChild.objects.get(pk=child.pk).version
    response = client_for(cast.cwc_member).post(
        url(child, "restoration_order"),
        {
            "happened_on": today(),
            "version": version,
            "order_number": "RO",
            "restored_to": "Ramesh",
            "relation": "father",
        },
    )
    assert response.status_code == 400
    assert FoundChild.objects.get(pk=child.pk).status == "in_care"


def test_a_stale_form_gets_409(cast):
    child = admitted_child(cast)
    version = FoundChild.objects.get(pk=child.pk).version
    step(cast.cwc_member, child, "cwc_hearing", notes="First")
    response = client_for(cast.cwc_member).post(
        url(child, "cwc_hearing"), {"happened_on": today(), "version": version, "notes": "Second"}
    )
    assert response.status_code == 409 and CareEvent.objects.filter(step="cwc_hearing").count() == 1


def test_the_transfer_page_offers_another_states_ccis_without_javascript(cast, other_state):
    child = admitted_child(cast)
    client = client_for(cast.cwc_member)
    text = client.get(url(child, "transfer_request")).text
    assert "CCI-R" not in text
    text = client.post(
        url(child, "transfer_request"),
        {"state": other_state.district.state.pk, "show_choices": "1", "version": "1"},
    ).text
    assert "CCI-R cci, Ranchi" in text and "CWC-R cwc, Ranchi" in text and "errorlist" not in text


def test_absconding_page_files_the_missing_report(cast):
    child = admitted_child(cast)
    version = FoundChild.objects.get(pk=child.pk).version
    client = client_for(cast.cci_staff)
    assert (
        f'<option value="{cast.police_station_a.pk}" selected>' in client.get(url(child, "absconding")).text
    )
    response = client.post(
        url(child, "absconding"),
        {
            "happened_on": today(),
            "version": version,
            "notes": "Ran away at night",
            "absconded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "police_station": cast.police_station_a.pk,
            "contact_phone": "9876543210",
        },
    )
    assert response.status_code == 302
    assert CareEvent.objects.get(step="absconding").missing_report.police_station == cast.police_station_a


def test_a_role_that_does_not_take_the_step_gets_403(cast):
    child = admitted_child(cast)
    assert client_for(cast.cci_staff).get(url(child, "restoration_order")).status_code == 403
    assert client_for(cast.national_officer).get(url(child, "care_plan")).status_code == 403


def test_an_unknown_step_is_404(cast):
    child = new_child(cast)
    assert client_for(cast.cwc_member).get(url(child, "adoption_by_email")).status_code == 404


def test_the_outsider_gets_404(cast):
    child = admitted_child(cast)
    assert client_for(cast.outsider).get(url(child, "care_plan")).status_code == 404
    assert client_for(cast.outsider).post(url(child, "care_plan"), {"version": 1}).status_code == 404


def test_an_image_attachment_is_accepted(cast):
    child = admitted_child(cast)
    version = FoundChild.objects.get(pk=child.pk).version
    response = client_for(cast.district_officer).post(
        url(child, "home_verification"),
        {
            "happened_on": today(),
            "version": version,
            "visited_by": "DCPU",
            "findings": "Safe",
            "file_1": SimpleUploadedFile("photo.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    assert CareAttachment.objects.get().extension == "png"
