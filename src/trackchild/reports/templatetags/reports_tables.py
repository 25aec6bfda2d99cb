"""Helpers of the reports' tables: sorting links, drill-down links and cell formatting."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from trackchild.reports.tables import cell_text

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_query(context, key: str, params: dict) -> str:
    """The query string that sorts by `key`: ascending first (names) or descending first (figures)."""
    query = context["request"].GET.copy()
    if params["sort"] == key:
        order = "asc" if params["descending"] else "desc"
    else:
        order = "asc" if key == "name" else "desc"
    query["sort"], query["order"] = key, order
    return query.urlencode()


@register.simple_tag
def sort_state(key: str, params: dict) -> str:
    if params["sort"] != key:
        return "none"
    return "descending" if params["descending"] else "ascending"


@register.simple_tag(takes_context=True)
def drill_link(context, level: str, line, name) -> str:
    """A State/UT opens its districts, a district its institutions, an institution its records' quality."""
    if line.pk is None:
        return name
    if level == "institution":
        return format_html(
            '<a href="{}">{}</a>', reverse("reports-quality-institution", args=[line.pk]), name
        )
    query = context["request"].GET.copy()
    for key in ("state", "district", "sort", "order"):
        query.pop(key, None)
    query["state" if level == "state" else "district"] = line.pk
    return format_html('<a href="?{}">{}</a>', query.urlencode(), name)


@register.filter
def cell(value) -> str:
    return cell_text(value)


@register.filter
def column_numeric(columns, index: int) -> bool:
    return columns[index].numeric


@register.simple_tag
def score_band(score: int) -> str:
    """A colour band for a completeness score (the number itself is always shown)."""
    return "low" if score < 50 else "mid" if score < 80 else "high"
