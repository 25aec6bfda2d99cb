"""Attachments are served only through this authorised, audited view, never from a public URL."""

from django.urls import reverse

from tests.care.helpers import admitted_child, answer, step
from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.care.attachments import AttachmentUpload
from trackchild.care.models import CareAttachment


def with_report(cast):
    child = admitted_child(cast)
    step(cast.cci_staff, child, "care_plan", responsible="Asha")
    step(
        cast.cci_staff,
        child,
        "progress_report",
        health="Well",
        attachments=[AttachmentUpload(content=b"%PDF-1.4 school report", title="School report")],
    )
    return child, CareAttachment.objects.get()


def test_it_serves_the_file_privately_and_audits_it(cast):
    _child, attachment = with_report(cast)
    response = client_for(cast.district_officer).get(reverse("care-attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 school report"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="attachment-{attachment.pk}.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="view", object_type="care.careattachment", actor=cast.district_officer
    ).exists()


def test_the_sending_cci_still_opens_what_it_attached(cast, other_state):
    child, attachment = with_report(cast)
    request = step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="T",
    )
    assert (
        client_for(other_state.cci_staff).get(reverse("care-attachment", args=[attachment.pk])).status_code
        == 404
    )
    answer(other_state.cci_staff, request, admission_number="R-1")
    for user in (cast.cci_staff, other_state.cci_staff):
        assert client_for(user).get(reverse("care-attachment", args=[attachment.pk])).status_code == 200


def test_the_outsider_gets_404(cast):
    _child, attachment = with_report(cast)
    assert client_for(cast.outsider).get(reverse("care-attachment", args=[attachment.pk])).status_code == 404
