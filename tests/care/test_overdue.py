"""What is due and overdue (care.selectors.dues / overdue_rows), and the home page panel of the CCI and
DCPU."""

from datetime import date

from django.urls import reverse

from tests.care.helpers import admitted_child, days_ago, step
from tests.web.helpers import client_for
from trackchild.care.models import CareCase, CareEvent
from trackchild.care.selectors import add_months, dues, overdue_rows


def test_months_are_added_as_a_calendar_does():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_a_monthly_report_is_overdue_a_month_after_the_last(cast):
    child = admitted_child(cast, admitted_days_ago=70)
    step(
        cast.cci_staff,
        child,
        "care_plan",
        responsible="Asha",
        review_on=days_ago(-60),
        happened_on=days_ago(65),
    )
    step(cast.cci_staff, child, "progress_report", health="Well", happened_on=days_ago(40))
    case = CareCase.objects.get(found_child=child)
    items = {d.kind: d for d in dues(case, list(case.events.all()))}
    assert items["progress_report"].on == add_months(days_ago(40), 1) and items["progress_report"].overdue
    assert not items["care_plan_review"].overdue
    step(cast.cci_staff, child, "progress_report", health="Well")
    items = {d.kind: d for d in dues(case, list(case.events.all()))}
    assert not items["progress_report"].overdue


def test_a_child_without_a_care_plan_a_month_after_admission_is_overdue(cast):
    child = admitted_child(cast, admitted_days_ago=40)
    case = CareCase.objects.get(found_child=child)
    items = {d.kind: d for d in dues(case, list(case.events.all()))}
    assert items["care_plan"].overdue and items["progress_report"].overdue


def test_follow_ups_fall_due_one_three_and_six_months_after_the_hand_over(cast):
    child = admitted_child(cast, admitted_days_ago=200)
    step(
        cast.cci_staff,
        child,
        "home_verification",
        visited_by="DCPU",
        findings="Safe",
        happened_on=days_ago(150),
    )
    step(
        cast.cci_staff,
        child,
        "social_investigation",
        prepared_by="DCPU",
        findings="Safe",
        happened_on=days_ago(150),
    )
    step(
        cast.cwc_member,
        child,
        "restoration_order",
        order_number="RO",
        restored_to="Mother",
        relation="mother",
        happened_on=days_ago(130),
    )
    step(
        cast.cci_staff, child, "handover", received_by="Mother", relation="mother", happened_on=days_ago(120)
    )
    case = CareCase.objects.get(found_child=child)
    handed = days_ago(120)
    assert [(d.on, d.overdue) for d in dues(case, list(case.events.all()))] == [
        (add_months(handed, 1), True),
        (add_months(handed, 3), True),
        (add_months(handed, 6), False),
    ]
    step(
        cast.district_officer,
        child,
        "follow_up_1",
        visited_by="DCPU",
        findings="In school",
        happened_on=days_ago(85),
    )
    assert [d.kind for d in dues(case, list(case.events.all()))] == [
        "follow_up_3",
        "follow_up_6",
    ]


def test_the_cci_and_the_dcpu_see_overdue_children_on_their_home_page(cast):
    child = admitted_child(cast, admitted_days_ago=70)
    assert [row.child for row in overdue_rows(cast.cci_staff)] == [child]
    assert [row.child for row in overdue_rows(cast.district_officer)] == [child]
    for user in (cast.cci_staff, cast.district_officer):
        text = client_for(user).get(reverse("home")).text
        assert "Children in care: overdue" in text and reverse("care-timeline", args=[child.pk]) in text
        assert "Progress report was due" in text


def test_others_have_no_overdue_panel(cast):
    admitted_child(cast, admitted_days_ago=70)
    for user in (cast.outsider, cast.police_officer, cast.national_officer):
        assert overdue_rows(user) == []
        assert "Children in care: overdue" not in client_for(user).get(reverse("home")).text


def test_nothing_overdue_says_so(cast):
    admitted_child(cast, admitted_days_ago=3)
    assert "Nothing is overdue." in client_for(cast.cci_staff).get(reverse("home")).text
    assert CareEvent.objects.count() == 2


def test_an_overdue_report_is_the_duty_of_the_childs_current_cci(cast, other_state):
    from tests.care.helpers import answer
    from tests.conftest import found_child_data
    from trackchild.cases.services import register_found_child

    child = register_found_child(actor=cast.cci_staff, data=found_child_data(cast, found_on=days_ago(90)))
    step(
        cast.cwc_member, child, "admission_order", cci=cast.cci_a, order_number="O", happened_on=days_ago(80)
    )
    step(cast.cci_staff, child, "admission", admission_number="A-1", happened_on=days_ago(80))
    request = step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="T",
        happened_on=days_ago(75),
    )
    answer(other_state.cci_staff, request, admission_number="R-1", happened_on=days_ago(70))
    assert overdue_rows(cast.cci_staff) == [] and overdue_rows(cast.district_officer) == []
    assert [row.child.pk for row in overdue_rows(other_state.cci_staff)] == [child.pk]
