"""Journey (c): a child absconds; the CCI records it and files a missing report at the police station of its
district, which finds the report in its own register."""

from tests.browser.conftest import screenshot
from tests.care.helpers import admitted_child, fill_form
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareEvent
from trackchild.cases.models import FoundChild


def test_absconding_creates_a_missing_report(cast, open_page, live_server):
    child = admitted_child(
        cast, admitted_days_ago=30, name="Pintu", identification_marks="Mole on the left cheek"
    )
    pk = child.pk
    cci = open_page(cast.cci_staff)
    cci.goto(f"{live_server.url}/care/{pk}/")
    cci.click(f"a[href$='/care/{pk}/absconding/']")
    screenshot(cci, "care-absconding-form")
    fill_form(
        cci,
        {
            "notes": "Did not come back from school",
            "place_last_seen": "Gandhi Maidan gate",
            "clothing": "Blue school uniform",
            "contact_phone": "9431000000",
            "police_station": "PS-A police_station, Patna",
        },
    )
    cci.click("button:has-text('Record')")
    cci.wait_for_url(f"**/care/{pk}/")
    event = CareEvent.objects.get(step="absconding")
    report = event.missing_report
    assert report is not None and report.police_station == cast.police_station_a
    assert FoundChild.objects.get(pk=pk).status == FoundChild.Status.ABSCONDED
    assert (
        AuditEvent.objects.get(
            action="create", object_type="cases.missingreport", object_id=str(report.pk)
        ).actor
        == cast.cci_staff
    )
    assert "Missing report CCI/CCI-A/" in cci.content()
    screenshot(cci, "care-timeline-absconded")

    police = open_page(cast.police_officer)
    police.goto(f"{live_server.url}/missing/")
    police.click("text=Pintu")
    text = police.content()
    assert "Gandhi Maidan gate" in text and "Mole on the left cheek" in text and "Blue school uniform" in text
    screenshot(police, "care-absconding-missing-report")

    outsider = open_page(cast.outsider)
    outsider.goto(f"{live_server.url}/missing/")
    assert "Pintu" not in outsider.content()
