"""Journey (b): a child who speaks only Santali; the CCI asks for an interpreter, the CWC sends the case to
the
home State's CWC, which sees the request (and the interpreter request) and accepts, placing the child in a CCI
of its own State; that CCI admits the child."""

from tests.browser.conftest import screenshot
from tests.care.helpers import admitted_child, days_ago, fill_form, make_other_state, take_step_in_browser
from trackchild.care.models import CareCase, Stage
from trackchild.cases.models import FoundChild


def test_repatriation_with_an_interpreter_request(cast, open_page, live_server):
    home = make_other_state()
    child = admitted_child(
        cast, admitted_days_ago=40, name="Sukru", languages="Santali", home_state=home.district.state
    )
    pk = child.pk

    cci = open_page(cast.cci_staff)
    take_step_in_browser(
        cci,
        pk,
        "interpreter_request",
        {"language": "Santali", "notes": "Nobody at the home speaks Santali; needed for the home inquiry"},
    )

    cwc = open_page(cast.cwc_member)
    cwc.goto(f"{live_server.url}/care/{pk}/repatriation_request/")
    # The child's home State is offered first.
    assert cwc.input_value("[name=state]") == str(home.district.state.pk)
    fill_form(
        cwc,
        {
            "happened_on": days_ago(2),
            "order_number": "CWC/PAT/2026/90",
            "to_cwc": "CWC-R cwc, Ranchi",
            "reason": "Names a village near Ranchi",
        },
    )
    cwc.click("button:has-text('Record')")
    cwc.wait_for_url(f"**/care/{pk}/")
    assert CareCase.objects.get(found_child_id=pk).stage == Stage.REPATRIATION_REQUESTED

    home_cwc = open_page(home.cwc_member)
    home_cwc.goto(f"{live_server.url}/care/")
    home_cwc.click("text=Repatriation")
    text = home_cwc.content()
    assert "Interpreter requested" in text and "Santali" in text and "Sukru" not in text
    screenshot(home_cwc, "care-repatriation-request")
    fill_form(
        home_cwc, {"happened_on": days_ago(1), "order_number": "CWC/RAN/2026/5", "cci": "CCI-R cci, Ranchi"}
    )
    home_cwc.click("button:has-text('Accept the child')")
    home_cwc.wait_for_url(f"**/care/{pk}/")
    assert "Sukru" in home_cwc.content()

    home_cci = open_page(home.cci_staff)
    take_step_in_browser(
        home_cci, pk, "admission", {"happened_on": days_ago(0), "admission_number": "CCI-R/31"}
    )
    child.refresh_from_db()
    assert (child.cwc, child.cci, child.admission_number) == (home.cwc, home.cci, "CCI-R/31")
    assert child.status == FoundChild.Status.IN_CARE
    assert CareCase.objects.get(found_child_id=pk).stage == Stage.IN_CARE
    screenshot(home_cci, "care-timeline-repatriated")
