"""Pages of the data exchange: upload, preview and save a spreadsheet; templates; exports of the lists.

Views parse the request, check permission and call one service (exchange.imports) or selector; the rules
are the registers' own, applied by cases.services."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trackchild.cases.forms import RecordFilterForm
from trackchild.cases.models import FoundChild, MissingReport

from . import exports, imports
from .columns import COLUMNS
from .forms import UploadForm
from .models import ImportJob, Register
from .tabular import FileRefused, open_table, sniff_format

STATUS_CHOICES = {Register.MISSING_REPORTS: MissingReport.Status, Register.FOUND_CHILDREN: FoundChild.Status}
DATE_LABELS = {Register.MISSING_REPORTS: _("Date missing"), Register.FOUND_CHILDREN: _("Date found")}
PROBLEMS_ON_PAGE = 200


def _registers_for(user) -> list[str]:
    return [register for register in Register.values if imports.may_import(user, register)]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def exchange_home(request):
    registers = _registers_for(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, registers=registers)
    status = 200
    if request.method == "POST":
        if not registers:
            raise PermissionDenied(_("Your role cannot add records to a register."))
        if form.is_valid():
            try:
                job = imports.start_import(
                    actor=request.user,
                    register=form.cleaned_data["register"],
                    upload=form.cleaned_data["file"],
                    mode=form.cleaned_data["mode"],
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                return redirect("exchange-job", job.pk)
        status = 400
    jobs = imports.jobs_of(request.user)[:10]
    return render(
        request,
        "exchange/home.html",
        {
            "form": form,
            "registers": registers,
            "jobs": jobs,
            "columns": [(Register(r).label, COLUMNS[r]) for r in Register.values],
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def job_detail(request, pk: int):
    job = _job(request, pk)
    problems = Paginator(job.problems.all(), PROBLEMS_ON_PAGE).get_page(request.GET.get("page"))
    return render(request, "exchange/job.html", {"job": job, "problems": problems, "S": ImportJob.Status})


@never_cache
@login_required
@require_POST
def job_save(request, pk: int):
    job = _job(request, pk)
    try:
        imports.request_save(actor=request.user, job=job)
    except ValidationError as error:
        job.refresh_from_db()
        problems = Paginator(job.problems.all(), PROBLEMS_ON_PAGE).get_page(1)
        return render(
            request,
            "exchange/job.html",
            {"job": job, "problems": problems, "S": ImportJob.Status, "save_errors": error.messages},
            status=400,
        )
    return redirect("exchange-job", job.pk)


@never_cache
@login_required
@require_GET
def job_rows_to_fix(request, pk: int):
    """The rows with problems, as uploaded, with a last column saying what to fix: correct and upload again."""
    job = _job(request, pk)
    if not job.file:
        raise Http404("The uploaded file has been deleted")
    problems: dict[int, list[str]] = {}
    for problem in job.problems.all():
        label = f"{problem.column}: {problem.message}" if problem.column else problem.message
        problems.setdefault(problem.row, []).append(label)

    def rows():
        path = Path(job.file.path)
        try:
            with open_table(path, sniff_format(path)) as (_encoding, table):
                for number, cells in enumerate(table, start=1):
                    if number == 1:
                        yield [*cells, "problems"]
                    elif number in problems:
                        yield [exports.neutralise(str(c)) for c in cells] + ["; ".join(problems[number])]
        except FileRefused:
            return

    response = StreamingHttpResponse(exports.csv_lines(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rows-to-fix-{job.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def template_download(request, register: str, file_format: str):
    if register not in Register.values or file_format not in ("csv", "xlsx"):
        raise Http404
    name = f"trackchild-{register.replace('_', '-')}-template"
    if file_format == "csv":
        response = HttpResponse(
            "".join(exports.csv_lines(exports.template_rows(register))),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(exports.template_xlsx(register), as_attachment=True, filename=f"{name}.xlsx")


@never_cache
@login_required
@require_GET
def export_list(request, register: str, file_format: str):
    """The list page's records under the same filters, as CSV or Excel; every export is audited."""
    register = register.replace("-", "_")  # the list pages' URL prefix: missing-reports, found-children
    if register not in Register.values or file_format not in ("csv", "xlsx"):
        raise Http404
    query = request.GET.copy()
    query.pop("page", None)
    form = RecordFilterForm(
        query or None, user=request.user, statuses=STATUS_CHOICES[register], date_label=DATE_LABELS[register]
    )
    filters = form.filters()
    counted = _Counting(exports.export_rows(request.user, register, filters))
    stamp = timezone.localdate().isoformat()
    name = f"trackchild-{register.replace('_', '-')}-{stamp}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            _audited_after(exports.csv_lines(counted), request.user, register, "csv", filters, counted),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        out = exports.xlsx_file(counted, str(Register(register).label))
        exports.audit_export(request.user, register, "xlsx", filters, counted.rows)
        response = FileResponse(out, as_attachment=True, filename=f"{name}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


class _Counting:
    def __init__(self, rows):
        self.rows_iter, self.rows = rows, -1  # the header is not a record

    def __iter__(self):
        for row in self.rows_iter:
            self.rows += 1
            yield row


def _audited_after(lines, user, register, file_format, filters, counted):
    """The audit row is written when the streamed CSV has been produced, with its true row count."""
    yield from lines
    exports.audit_export(user, register, file_format, filters, max(counted.rows, 0))


def _job(request, pk: int) -> ImportJob:
    job = imports.jobs_of(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such import")
    return job
