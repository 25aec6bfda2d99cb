"""Journey (a): a CWC admits a found child to a CCI, the CCI writes a care plan and two progress reports, the
child moves to a CCI in another State/UT, and is restored to the family with three follow-up visits."""

from tests.browser.conftest import screenshot
from tests.care.helpers import days_ago, fill_form, make_other_state, new_child, take_step_in_browser
from trackchild.care.models import CareCase, CareEvent, Stage
from trackchild.cases.models import FoundChild


def test_admission_to_restoration_across_states(cast, open_page, live_server, tmp_path):
    ranchi = make_other_state()
    child = new_child(cast, found_days_ago=320, name="Golu", languages="Hindi, Nagpuri")
    pk = child.pk

    cwc = open_page(cast.cwc_member)
    take_step_in_browser(
        cwc,
        pk,
        "admission_order",
        {"happened_on": days_ago(300), "order_number": "CWC/PAT/2026/41", "cci": "CCI-A cci, Patna"},
    )

    cci = open_page(cast.cci_staff)
    take_step_in_browser(
        cci, pk, "admission", {"happened_on": days_ago(300), "admission_number": "CCI-A/112"}
    )
    cci.goto(f"{live_server.url}/care/{pk}/care_plan/")
    cci.set_viewport_size({"width": 390, "height": 844})
    screenshot(cci, "care-plan-form-phone")
    cci.set_viewport_size({"width": 1200, "height": 900})
    take_step_in_browser(
        cci,
        pk,
        "care_plan",
        {
            "happened_on": days_ago(290),
            "health": "Eye test; deworming",
            "education": "Admit to class 4",
            "emotional": "Weekly counselling",
            "vocational": "—",
            "leisure": "Football",
            "family_contact": "Trace the family",
            "restoration_plan": "Home verification once the village is known",
            "responsible": "Asha Devi (case worker)",
            "review_on": days_ago(200),
            "progress_every_months": "1",
        },
    )
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 progress report")
    take_step_in_browser(
        cci,
        pk,
        "progress_report",
        {
            "happened_on": days_ago(260),
            "health": "Eye test done: glasses",
            "schooling": "Class 4, attends daily",
            "counselling": "Settling in",
            "behaviour": "Calm",
            "file_1": str(report),
            "file_1_title": "Counsellor's note",
        },
    )
    take_step_in_browser(
        cci,
        pk,
        "progress_report",
        {
            "happened_on": days_ago(230),
            "health": "Well",
            "schooling": "Reads Hindi",
            "skills": "Drawing",
            "family_contact": "Says his village is near Ranchi",
        },
    )

    # The transfer to a CCI in Jharkhand, on the CWC's order: the form lists another State/UT's CCIs on
    # request.
    cwc.goto(f"{live_server.url}/care/{pk}/transfer_request/")
    cwc.select_option("[name=state]", label="Jharkhand")
    cwc.click("button[name=show_choices]")
    fill_form(
        cwc,
        {
            "happened_on": days_ago(225),
            "order_number": "CWC/PAT/2026/77",
            "to_cci": "CCI-R cci, Ranchi",
            "to_cwc": "CWC-R cwc, Ranchi",
            "reason": "Nearer home; family traced near Ranchi",
        },
    )
    cwc.click("button:has-text('Record')")
    cwc.wait_for_url(f"**/care/{pk}/")

    receiver = open_page(ranchi.cci_staff)
    receiver.goto(f"{live_server.url}/care/{pk}/")
    assert "404" in receiver.title() or "Not found" in receiver.content()  # not before acceptance
    receiver.goto(f"{live_server.url}/care/")
    receiver.click("text=Transfer")
    assert "Golu" not in receiver.content()
    screenshot(receiver, "care-transfer-request")
    fill_form(receiver, {"happened_on": days_ago(220), "admission_number": "CCI-R/7"})
    receiver.click("button:has-text('Accept the child')")
    receiver.wait_for_url(f"**/care/{pk}/")
    assert FoundChild.objects.get(pk=pk).cci == ranchi.cci

    take_step_in_browser(
        receiver,
        pk,
        "home_verification",
        {
            "happened_on": days_ago(215),
            "visited_by": "DCPU Ranchi",
            "findings": "Parents found; safe home",
            "recommends_restoration": True,
        },
    )
    take_step_in_browser(
        receiver,
        pk,
        "social_investigation",
        {"happened_on": days_ago(212), "prepared_by": "DCPU Ranchi", "findings": "Restore to the parents"},
    )
    ranchi_cwc = open_page(ranchi.cwc_member)
    take_step_in_browser(
        ranchi_cwc,
        pk,
        "restoration_order",
        {
            "happened_on": days_ago(210),
            "order_number": "CWC/RAN/2026/19",
            "restored_to": "Ramesh Oraon",
            "relation": "father",
        },
    )
    take_step_in_browser(
        receiver,
        pk,
        "handover",
        {"happened_on": days_ago(205), "received_by": "Ramesh Oraon", "relation": "father"},
    )
    for name, ago in (("follow_up_1", 175), ("follow_up_3", 115), ("follow_up_6", 20)):
        take_step_in_browser(
            receiver,
            pk,
            name,
            {
                "happened_on": days_ago(ago),
                "visited_by": "DCPU Ranchi",
                "findings": "In school, at home",
                "child_safe": True,
            },
        )

    assert CareCase.objects.get(found_child_id=pk).stage == Stage.RESTORED
    assert FoundChild.objects.get(pk=pk).status == FoundChild.Status.RESTORED
    assert CareEvent.objects.filter(case__found_child_id=pk).count() == 14
    receiver.goto(f"{live_server.url}/care/{pk}/")
    text = receiver.content()
    assert "Case closed: settled at home" in text  # the closure is now offered
    screenshot(receiver, "care-timeline-restored")
    receiver.set_viewport_size({"width": 390, "height": 844})
    screenshot(receiver, "care-timeline-restored-phone")

    # The sending CCI keeps its read of the time the child was there, and nothing after.
    cci.goto(f"{live_server.url}/care/{pk}/")
    assert f"The child left your jurisdiction on {days_ago(220):%d-%m-%Y}." in cci.content()
    assert "Moved away" in cci.content() and "Restored, follow-up visits" not in cci.content()
    assert "Hand-over to the family" not in cci.content()
    screenshot(cci, "care-timeline-sending-cci")
