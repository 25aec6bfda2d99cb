"""Likely duplicates the portal stores: a child entered twice is one, a sibling or a namesake is not; and
`refit_matching` fits the dedupe model the portal then uses."""

import io

from django.core.management import call_command

from tests.conftest import missing_report_data
from trackchild.cases.services import register_missing_report
from trackchild.matching.engine import PORTAL_INDEX, current_models
from trackchild.matching.models import Duplicate, FittedModel


def family(cast, fir, **overrides):
    return missing_report_data(cast, fir_number=fir, mother_name="Sunita Devi", **overrides)


def pairs(side="missing"):
    return {(d.first_id, d.second_id) for d in Duplicate.objects.filter(side=side, status="pending")}


def test_it_suggests_a_child_reported_twice(cast, committed):
    first = committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-1/2026"))
    again = committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-2/2026"))
    assert pairs() == {(first.pk, again.pk)}
    row = Duplicate.objects.get()
    assert {c["field"] for c in row.explanation if c["weight"] > 0} >= {"name", "father", "mother"}


def test_it_does_not_suggest_a_sibling_who_shares_only_the_parents(cast, committed):
    committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-1/2026"))
    committed(
        register_missing_report,
        actor=cast.police_officer,
        data=family(cast, "FIR-2/2026", name="Anjali Kumari", gender="female", age_years=8),
    )
    assert pairs() == set()


def test_it_does_not_suggest_another_child_sharing_only_the_mothers_name(cast, committed):
    committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-1/2026"))
    committed(
        register_missing_report,
        actor=cast.police_officer,
        data=family(cast, "FIR-2/2026", name="Raju Paswan", age_years=5, father_name="Suresh Paswan"),
    )
    assert pairs() == set()


def test_it_does_not_suggest_a_namesake(cast, committed):
    committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-1/2026"))
    committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(
            cast, fir_number="FIR-2/2026", age_years=6, father_name="Manoj Das", place_last_seen="Danapur"
        ),
    )
    assert pairs() == set()


def test_refit_stores_a_dedupe_model_the_portal_uses(cast, pair, committed):
    committed(register_missing_report, actor=cast.police_officer, data=family(cast, "FIR-9/2026"))
    out = io.StringIO()
    call_command("refit_matching", "--u-samples", "500", stdout=out)
    fitted = FittedModel.objects.get(mode="dedupe")
    assert fitted.parameters["mode"] == "dedupe" and 0 < fitted.parameters["prior"] < 1
    assert "fitted dedupe model" in out.getvalue()
    _link, dedupe, _version = current_models()
    assert (
        dedupe.prior == fitted.parameters["prior"] and dedupe.u == type(dedupe).from_json(fitted.parameters).u
    )


def test_refit_only_dedupe_leaves_the_link_model_as_it_was(cast, pair, committed):
    shipped = PORTAL_INDEX.current().dedupe_model.prior  # this process holds an index built before the refit
    out = io.StringIO()
    call_command("refit_matching", "--only", "dedupe", "--u-samples", "500", stdout=out)
    assert list(FittedModel.objects.values_list("mode", flat=True)) == ["dedupe"]
    assert "fitted link model" not in out.getvalue()
    # The next match in the same process uses the fitted model, not the index built before it.
    fitted = FittedModel.objects.get(mode="dedupe").parameters["prior"]
    assert fitted != shipped and PORTAL_INDEX.current().dedupe_model.prior == fitted
