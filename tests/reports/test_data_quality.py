"""Stale records and completeness (reports.quality) against the hand-counted world, and the pages showing them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.helpers import admitted_child, days_ago, step
from tests.reports.conftest import backdate
from tests.web.helpers import client_for
from trackchild.reports.quality import (
    CHECKS,
    candidate_model,
    quality_report,
    stale_children_in_care,
    stale_missing_reports,
)


def by_name(report, name):
    return next(row for row in report.institutions if row.name == name)


def test_a_report_still_open_with_no_change_in_90_days_is_stale(world):
    assert list(stale_missing_reports(world.cast.national_officer)) == [world.m3]
    assert list(stale_missing_reports(world.cast.outsider)) == []


def test_a_closed_report_is_never_stale(world):
    from trackchild.cases.services import set_status

    set_status(
        actor=world.cast.police_officer,
        record=world.m3,
        to_status="closed",
        expected_version=1,
        reason="Complaint withdrawn",
    )
    backdate(world.m3, created_days=200, changed_days=100)
    assert list(stale_missing_reports(world.cast.national_officer)) == []


def test_a_child_in_care_without_a_progress_report_for_90_days_is_stale(world):
    # F2 was made 200 days ago and has no progress report; F1 is 40 days old.
    assert list(stale_children_in_care(world.cast.national_officer)) == [world.f2]
    assert list(stale_children_in_care(world.cast.district_officer)) == []


def test_a_recent_progress_report_keeps_a_child_current_and_an_old_one_does_not(cast):
    recent, old = admitted_child(cast, admitted_days_ago=150), admitted_child(cast, admitted_days_ago=150)
    for child, when in ((recent, 10), (old, 100)):
        step(
            cast.cci_staff,
            child,
            "care_plan",
            responsible="Asha",
            review_on=days_ago(-60),
            happened_on=days_ago(140),
        )
        step(cast.cci_staff, child, "progress_report", health="Well", happened_on=days_ago(when))
        backdate(child, created_days=155)
    assert list(stale_children_in_care(cast.national_officer)) == [old]


def test_each_institution_counts_its_stale_records(world):
    report = quality_report(world.cast.national_officer)
    assert (report.stale_missing_count, report.stale_in_care_count) == (1, 1)
    assert by_name(report, "PS-A police_station").stale_missing == 1
    assert by_name(report, "CCI-G cci").stale_in_care == 1
    assert by_name(report, "CCI-A cci").stale_in_care == 0


@pytest.mark.skipif(candidate_model() is not None, reason="matching stores candidates")
def test_candidates_pending_review_are_not_yet_available_without_a_candidate_model(world):
    assert quality_report(world.cast.national_officer).pending_candidates is None


@pytest.mark.skipif(candidate_model() is None, reason="matching does not store candidates yet")
def test_candidates_waiting_over_a_week_for_review_are_counted(world):
    model = candidate_model()
    model.objects.all().delete()
    _fresh, old = (
        model.objects.create(
            missing_report=report,
            found_child=world.f1,
            score=0.9,
            band="high",
            engine_version="test",
            computed_at=timezone.now(),
        )
        for report in (world.m1, world.m2)
    )
    model.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert quality_report(world.cast.state_officer).pending_candidates == 1
    assert quality_report(world.cast.outsider).pending_candidates == 0


def test_an_institution_s_completeness_counts_what_its_open_records_lack(world):
    from trackchild.cases.services import update_missing_report

    report = quality_report(world.cast.state_officer)
    ps_a = by_name(report, "PS-A police_station")
    checks = len(CHECKS["missing"])
    # Three open reports, each with an age and a father's name only (M2 also a height): 2+3+2 of 8 checks.
    assert ps_a.missing_records == 3
    assert ps_a.score == round(100 * 7 / (3 * checks))
    assert ps_a.missing_items["photograph"] == 3 and ps_a.missing_items["height"] == 2
    assert "parents' or guardian's name" not in ps_a.missing_items
    update_missing_report(
        actor=world.cast.police_officer,
        report_id=world.m1.pk,
        expected_version=1,
        data={"identification_marks": "Mole on the left cheek", "languages": "Bhojpuri"},
    )
    ps_a = by_name(quality_report(world.cast.state_officer), "PS-A police_station")
    assert ps_a.missing_items["identification marks"] == 2 and ps_a.missing_items["languages spoken"] == 2


def test_an_institution_account_sees_only_itself(world):
    report = quality_report(world.cast.outsider)
    assert [row.name for row in report.institutions] == ["PS-B police_station"]
    assert report.stale_missing == [] and report.stale_in_care == []


def test_the_page_lists_stale_records_to_act_on(world):
    response = client_for(world.cast.state_officer).get(reverse("reports-quality"))
    assert response.status_code == 200
    assert reverse("missing-reports-detail", args=[world.m3.pk]) in response.text
    assert reverse("found-children-detail", args=[world.f2.pk]) in response.text
    if candidate_model() is None:
        assert "not yet available" in response.text


def test_the_page_hides_district_a_from_the_outsider(world):
    response = client_for(world.cast.outsider).get(reverse("reports-quality"))
    assert response.status_code == 200
    assert "Child 3" not in response.text and "PS-A" not in response.text and "Found 2" not in response.text


def test_an_institution_page_lists_each_open_record_with_what_it_lacks(world):
    url = reverse("reports-quality-institution", args=[world.cast.police_station_a.pk])
    response = client_for(world.cast.police_officer).get(url)
    assert response.status_code == 200
    items = response.context["missing"]
    assert [item.record.pk for item in items] == [
        world.m1.pk,
        world.m3.pk,
        world.m2.pk,
    ]  # least complete first
    assert items[0].score == 25 and "photograph" in items[0].missing
    assert "Child 1" in response.text


@pytest.mark.parametrize("person", ["outsider", "cci_staff"])
def test_an_institution_page_outside_the_jurisdiction_is_not_found(world, person):
    url = reverse("reports-quality-institution", args=[world.cast.police_station_a.pk])
    assert client_for(getattr(world.cast, person)).get(url).status_code == 404


def test_stale_means_no_change_in_90_days(world):
    backdate(world.m1, created_days=91)
    backdate(world.m2, created_days=100, changed_days=89)
    stale = set(stale_missing_reports(world.cast.national_officer))
    assert world.m1 in stale and world.m2 not in stale
    assert timezone.now() - world.m1.updated_at > timedelta(days=90)
