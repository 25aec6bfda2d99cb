"""Template helpers of the portal's layout."""

from django import template
from django.urls import NoReverseMatch, reverse

from trackchild.accounts.services import roles_creatable_by

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL of a page another app may not have yet: an empty string until its view exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination and sorting links keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def status_label(record) -> str:
    """A record's status in words (the status field's choices live on each register's `Status`)."""
    return dict(type(record).Status.choices).get(record.status, record.status)


@register.filter
def manages_accounts(user) -> bool:
    """Whether the People pages are for this user (everyone else would only meet a 403 there)."""
    return bool(roles_creatable_by(user))


@register.simple_tag
def unread_messages(user) -> int:
    """How many of the person's own notifications are unread (one indexed count per page)."""
    from trackchild.notifications.services import unread_count

    return unread_count(user)
