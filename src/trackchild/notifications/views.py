"""A person's own messages: the reminders, decisions and requests the portal sent them, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services


@never_cache
@login_required
@require_GET
def inbox(request):
    page = Paginator(selectors.notifications_for(request.user).order_by("-created_at", "-id"), 25)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page.get_page(request.GET.get("page")), "unread": services.unread_count(request.user)},
    )


@never_cache
@login_required
@require_POST
def mark_read(request):
    services.mark_all_read(request.user)
    return redirect("notifications-inbox")
