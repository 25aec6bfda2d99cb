"""The MIS dashboard's figures (reports.mis) against the hand-counted world, scoping, the page and its PDF."""

from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.reports.mis import dashboard
from trackchild.reports.quality import candidate_model


def pairs(rows):
    return {row.label: (row.missing, row.traced) for row in rows}


def test_it_counts_missing_and_traced_by_state_gender_age_and_month(traced_world):
    figures = dashboard(traced_world.cast.national_officer)
    assert pairs(figures.by_state) == {"Bihar": (3, 1), "Maharashtra": (1, 0)}
    assert (figures.total.missing, figures.total.traced, figures.total.rate) == (4, 1, 25.0)
    assert pairs(figures.by_gender)["Male"] == (4, 1) and pairs(figures.by_gender)["Female"] == (0, 0)
    assert pairs(figures.by_age)["6–11 years"] == (4, 1)
    assert sum(row.missing for row in figures.by_month) == 4 and len(figures.by_month) == 12
    fir_month = traced_world.m1.fir_date.strftime("%Y-%m")
    assert pairs(figures.by_month)[fir_month] == (4, 1)


def test_an_age_from_the_date_of_birth_counts_when_no_age_is_recorded(world):
    from datetime import date

    from trackchild.cases.models import MissingReport

    MissingReport.objects.filter(pk=world.m1.pk).update(
        age_years=None, date_of_birth=date(timezone.localdate().year - 16, 1, 1)
    )
    assert pairs(dashboard(world.cast.national_officer).by_age)["15–17 years"] == (1, 0)


def test_it_measures_the_time_from_fir_to_trace(traced_world):
    figures = dict(dashboard(traced_world.cast.national_officer).time_to_trace)
    assert figures == {
        "Within a week": 0,
        "8–30 days": 1,
        "31–90 days": 0,
        "91 days to a year": 0,
        "Over a year": 0,
    }


def test_the_funnel_shows_what_exists_and_children_in_care_by_status(traced_world):
    figures = dashboard(traced_world.cast.national_officer)
    funnel = dict(figures.funnel)
    if candidate_model() is None:
        assert funnel["Candidates proposed"] is None and funnel["Matches confirmed"] is None
    else:
        assert funnel["Candidates proposed"] == candidate_model().objects.count()
    assert funnel["Missing children traced"] == 1 and funnel["Found children restored or repatriated"] == 1
    statuses = dict(figures.in_care_by_status)
    assert statuses["In care"] == 1 and statuses["Restored to family"] == 1


def test_a_restored_child_from_another_state_is_an_inter_state_flow(traced_world):
    figures = dashboard(traced_world.cast.national_officer)
    assert figures.flows == [("Jharkhand", "Bihar", 1)]
    assert figures.flow_states == ["Bihar", "Jharkhand"]
    assert figures.flow_matrix == [("Bihar", [0, 0]), ("Jharkhand", [1, 0])]


def test_a_district_officer_sees_only_their_district(traced_world):
    figures = dashboard(traced_world.cast.district_officer)
    assert pairs(figures.by_state) == {"Bihar": (3, 1)}
    assert figures.total.missing == 3


def test_the_page_draws_each_chart_from_a_table_of_its_numbers(traced_world):
    response = client_for(traced_world.cast.state_officer).get(reverse("reports-dashboard"))
    assert response.status_code == 200
    assert response.text.count('<figure class="chart"') == 7
    assert "vendor/chartjs/chart.umd.min.js" in response.text and "cdn" not in response.text.lower()
    assert '<th scope="row">Bihar</th><td class="num">3</td><td class="num">1</td>' in response.text
    assert "Jharkhand → Bihar" in response.text
    assert "Maharashtra" not in response.text


def test_the_pdf_report_downloads_and_is_audited(traced_world):
    response = client_for(traced_world.cast.state_officer).get(reverse("reports-dashboard-pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", summary__report="mis_dashboard").count() == 1


@pytest.mark.parametrize("url", ["reports-dashboard", "reports-dashboard-pdf"])
def test_institution_accounts_and_the_outsider_may_not_open_it(world, url):
    assert client_for(world.cast.outsider).get(reverse(url)).status_code == 403
    assert client_for(world.cast.cci_staff).get(reverse(url)).status_code == 403


def test_the_dashboard_shows_the_counts_of_the_last_refresh_until_the_next(traced_world):
    from django.core.management import call_command

    from tests.conftest import missing_report_data
    from trackchild.cases.services import register_missing_report

    assert dashboard(traced_world.cast.national_officer).total.missing == 4
    register_missing_report(
        actor=traced_world.cast.police_officer,
        data=missing_report_data(traced_world.cast, fir_number="FIR-77/2026"),
    )
    assert dashboard(traced_world.cast.national_officer).total.missing == 4
    out = StringIO()
    call_command("refresh_mis", stdout=out)
    assert "MIS counts rebuilt" in out.getvalue()
    figures = dashboard(traced_world.cast.national_officer)
    assert figures.total.missing == 5 and figures.as_of is not None


@pytest.mark.skipif(candidate_model() is None, reason="matching does not store candidates yet")
def test_a_confirmed_match_is_a_flow_from_the_reporting_state_to_the_finding_state(traced_world):
    from django.utils import timezone

    from trackchild.reports.mis import refresh_mis_counts

    model = candidate_model()
    model.objects.all().delete()
    # Pune's report MB matched to F1, found in Patna; F1's own home State/UT (Jharkhand) no longer counts.
    model.objects.create(
        missing_report=traced_world.mb,
        found_child=traced_world.f1,
        score=0.95,
        band="high",
        engine_version="test",
        computed_at=timezone.now(),
        status="confirmed",
    )
    model.objects.create(
        missing_report=traced_world.m1,
        found_child=traced_world.f2,
        score=0.5,
        band="low",
        engine_version="test",
        computed_at=timezone.now(),
    )
    refresh_mis_counts()
    figures = dashboard(traced_world.cast.national_officer)
    assert figures.flows == [("Maharashtra", "Bihar", 1)]
    funnel = dict(figures.funnel)
    assert (funnel["Candidates proposed"], funnel["Candidates reviewed"], funnel["Matches confirmed"]) == (
        2,
        1,
        1,
    )
