"""The record page's "Possible matches" section: `{% record_matching record %}` in cases/record_detail.html."""

from django import template

from trackchild.cases.services import may_change_records
from trackchild.matching import adapter, selectors

register = template.Library()


@register.inclusion_tag("matching/_record_matching.html", takes_context=True)
def record_matching(context, record):
    user = context["request"].user
    side = adapter.side_of(record)
    return {
        "request": context["request"],
        "record": record,
        "side": side,
        "candidates": selectors.candidates_for_record(user, record),
        "duplicates": selectors.duplicates_for_record(user, record),
        "other_url": "missing-reports-detail" if side == "missing" else "found-children-detail",
        "may_merge": may_change_records(user),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def meaningful_parts(explanation):
    """The explanation's fields that were compared (not "null": missing on one side), strongest first."""
    return sorted(
        (p for p in explanation if p.get("level") != "null"), key=lambda p: -abs(p.get("weight", 0))
    )
