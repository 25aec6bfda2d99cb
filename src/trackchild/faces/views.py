"""The faces page: photos whose face could not be read, for system administrators to see and retry."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trackchild.accounts.models import Role

from . import selectors
from .services import MAX_ATTEMPTS


@never_cache
@login_required
@require_GET
def failed_faces(request):
    if request.user.role != Role.SYSTEM_ADMIN:
        raise PermissionDenied(_("Only system administrators see the face reading jobs."))
    return render(
        request,
        "faces/failed.html",
        {
            "rows": selectors.failed_faces()[:200],
            "counts": selectors.face_counts(),
            "max_attempts": MAX_ATTEMPTS,
        },
    )
