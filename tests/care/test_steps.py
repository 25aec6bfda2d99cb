"""The step table: each step only from its stages, with its prerequisites, and the pages' words for what is
missing. Table-driven; no database."""

import pytest

from trackchild.care.models import Stage
from trackchild.care.steps import NO_CASE, STEPS, blockers

ALLOWED = [
    ("admission_order", NO_CASE),
    ("admission", Stage.ORDERED),
    ("care_plan", Stage.IN_CARE),
    ("transfer_request", Stage.IN_CARE),
    ("transfer_accept", Stage.TRANSFER_REQUESTED),
    ("repatriation_accept", Stage.REPATRIATION_REQUESTED),
    ("handover", Stage.RESTORATION_ORDERED),
    ("follow_up_1", Stage.RESTORED),
    ("return_to_care", Stage.ABSCONDED),
    ("absconding", Stage.TRANSFER_REQUESTED),
]
REFUSED = [
    ("admission", NO_CASE),
    ("care_plan", Stage.ORDERED),
    ("handover", Stage.IN_CARE),
    ("transfer_request", Stage.TRANSFER_REQUESTED),
    ("restoration_order", Stage.RESTORED),
    ("follow_up_6", Stage.IN_CARE),
    ("absconding", Stage.CLOSED),
    ("cwc_order", Stage.CLOSED),
    ("aftercare_referral", Stage.ABSCONDED),
]
EVERYTHING = set(STEPS)


@pytest.mark.parametrize(("step", "stage"), ALLOWED)
def test_a_step_is_allowed_from_its_stages(step, stage):
    assert blockers(STEPS[step], stage=stage, recorded=EVERYTHING, age=12) == []


@pytest.mark.parametrize(("step", "stage"), REFUSED)
def test_a_step_is_refused_from_other_stages(step, stage):
    assert (
        "cannot be recorded while the case is"
        in blockers(STEPS[step], stage=stage, recorded=EVERYTHING, age=12)[0]
    )


def test_a_restoration_order_names_both_missing_reports():
    reasons = blockers(STEPS["restoration_order"], stage=Stage.IN_CARE, recorded=set(), age=12)
    assert reasons == ["Restoration order needs a home verification and a social investigation report first."]


def test_a_restoration_order_names_only_what_is_still_missing():
    reasons = blockers(
        STEPS["restoration_order"], stage=Stage.IN_CARE, recorded={"home_verification"}, age=12
    )
    assert reasons == ["Restoration order needs a social investigation report first."]


def test_a_progress_report_needs_a_care_plan():
    assert blockers(STEPS["progress_report"], stage=Stage.IN_CARE, recorded=set(), age=9) == [
        "Progress report needs an individual care plan first."
    ]


def test_closing_a_restoration_needs_the_six_month_follow_up():
    assert blockers(
        STEPS["case_closed"], stage=Stage.RESTORED, recorded={"follow_up_1", "follow_up_3"}, age=9
    )
    assert not blockers(STEPS["case_closed"], stage=Stage.RESTORED, recorded={"follow_up_6"}, age=9)


@pytest.mark.parametrize(
    ("step", "age", "allowed"),
    [
        ("aftercare_referral", 16, False),
        ("aftercare_referral", 17, True),
        ("aftercare_referral", None, False),
    ],
)
def test_aftercare_referral_waits_for_age_seventeen(step, age, allowed):
    assert (blockers(STEPS[step], stage=Stage.IN_CARE, recorded=set(), age=age) == []) is allowed


def test_the_closure_at_eighteen_needs_the_referral_and_the_age():
    reasons = blockers(STEPS["aged_out"], stage=Stage.AFTERCARE_REFERRED, recorded=set(), age=17)
    assert reasons == [
        "Closure at 18, into aftercare needs an aftercare referral first.",
        "Closure at 18, into aftercare is possible from age 18; the child's recorded age is 17.",
    ]


def test_every_step_leads_to_a_stage_the_table_knows():
    stages = set(Stage.values)
    for step in STEPS.values():
        assert step.to_stage is None or step.to_stage in stages
        assert step.from_stages <= stages | {NO_CASE}
        assert set(step.needs_first) <= set(STEPS)
