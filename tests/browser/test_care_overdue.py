"""The DCPU's and the CCI's home pages list children whose progress report or follow-up visit is overdue."""

from tests.browser.conftest import screenshot
from tests.care.helpers import admitted_child, days_ago, step


def test_overdue_children_show_on_the_dcpu_and_cci_home_pages(cast, open_page, live_server):
    late = admitted_child(cast, admitted_days_ago=80, name="Chhotu")
    step(
        cast.cci_staff,
        late,
        "care_plan",
        responsible="Asha Devi",
        review_on=days_ago(-30),
        happened_on=days_ago(75),
    )
    admitted_child(cast, admitted_days_ago=5, name="Munna")
    for user, name in (
        (cast.district_officer, "care-home-dcpu-overdue"),
        (cast.cci_staff, "care-home-cci-overdue"),
    ):
        page = open_page(user)
        panel = page.inner_text("section.overdue")
        assert "Chhotu" in panel and "Progress report was due" in panel and "Munna" not in panel
        screenshot(page, name)
        page.click("section.overdue >> text=Chhotu")
        page.wait_for_url(f"**/care/{late.pk}/")
        assert "overdue" in page.inner_text("section[aria-labelledby=due-heading]")
    page.goto(f"{live_server.url}/care/")
    assert "(overdue)" in page.inner_text("table.records:not(.occupancy)")
    screenshot(page, "care-list-cci")
