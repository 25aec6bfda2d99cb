"""The monitoring pages' links in the portal's navigation, for the users who may open them."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from trackchild.reports.views import OFFICER_LEVELS

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_links(context) -> list[tuple[str, str]]:
    user = context["request"].user
    links = []
    if user.level in OFFICER_LEVELS:
        links += [
            (reverse("reports-statement"), _("Who uploads")),
            (reverse("reports-dashboard"), _("Dashboard")),
        ]
    if user.level:
        links.append((reverse("reports-quality"), _("Data quality")))
    return links


@register.inclusion_tag("notifications/_latest.html", takes_context=True)
def messages_for_you(context):
    """The person's latest notifications (reminders, digests, match requests), newest first."""
    from trackchild.notifications.selectors import latest_for

    return {"messages_for_you": latest_for(context["request"].user)}
