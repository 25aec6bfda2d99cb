"""Monitoring pages: the compliance statement (and its exports), the MIS dashboard, data quality.

Officers (district, state, national) see the statement and the dashboard for their jurisdiction; every account
sees the data-quality page for its own jurisdiction, so an institution knows what to fix.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trackchild.accounts.models import Level

from . import exports, quality
from .compliance import compliance_statement
from .forms import QualityFilterForm, StatementFilterForm
from .mis import dashboard
from .tables import dashboard_charts, statement_table

OFFICER_LEVELS = {Level.DISTRICT, Level.STATE, Level.NATION}


def _require_officer(user) -> None:
    if user.level not in OFFICER_LEVELS:
        raise PermissionDenied(_("Only district, state and national officers see the monitoring reports."))


def _download(export: exports.ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@never_cache
@login_required
@require_GET
def statement(request):
    _require_officer(request.user)
    form = StatementFilterForm(request.GET)
    params = form.statement_params()
    result = compliance_statement(request.user, **params)
    return render(
        request,
        "reports/statement.html",
        {
            "form": form,
            "statement": result,
            "table": statement_table(result),
            "params": params,
        },
    )


@never_cache
@login_required
@require_GET
def statement_export(request, fmt: str):
    _require_officer(request.user)
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    params = StatementFilterForm(request.GET).statement_params()
    return _download(exports.export_statement(request.user, fmt, **params))


@never_cache
@login_required
@require_GET
def dashboard_page(request):
    _require_officer(request.user)
    figures = dashboard(request.user)
    return render(
        request, "reports/dashboard.html", {"figures": figures, "charts": dashboard_charts(figures)}
    )


@never_cache
@login_required
@require_GET
def dashboard_pdf(request):
    _require_officer(request.user)
    return _download(exports.export_dashboard_pdf(request.user))


@never_cache
@login_required
@require_GET
def quality_page(request):
    if not request.user.level:
        raise PermissionDenied
    form = QualityFilterForm(request.GET)
    report = quality.quality_report(request.user, kind=form.kind_value())
    return render(request, "reports/quality.html", {"form": form, "report": report})


@never_cache
@login_required
@require_GET
def quality_institution(request, pk: int):
    records = quality.institution_records(request.user, pk)
    return render(request, "reports/quality_institution.html", records)
