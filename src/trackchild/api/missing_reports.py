"""/api/missing-reports: the police stations' register, for the same operations as the pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from trackchild.cases import services
from trackchild.cases.models import MissingReport
from trackchild.cases.selectors import get_missing_report, get_record_photo, missing_reports_matching
from trackchild.exchange.models import Register

from .codes import resolve_codes
from .errors import Status
from .exchange_auth import READ, WRITE, KeyOrToken, scope_required
from .registers import as_photo_error, page_of, photo_upload, record_filters, refuse_unknown_parameters
from .schemas import (
    ErrorOut,
    ListFilters,
    MissingReportIn,
    MissingReportOut,
    MissingReportPage,
    MissingReportPatch,
    PhotoAdded,
    PhotoWithdrawIn,
    PhotoWithdrawn,
    StatusChangeIn,
)

router = Router(tags=["missing reports"], auth=KeyOrToken(limit_tokens=False))
REGISTER = Register.MISSING_REPORTS
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STATUSES = [status.value for status in MissingReport.Status]


@router.get(
    "", response={200: MissingReportPage, 401: ErrorOut, 422: ErrorOut}, url_name="missing-reports-list"
)
@scope_required(REGISTER, READ)
def list_missing_reports(request: HttpRequest, filters: Query[ListFilters]):
    """Missing reports in your jurisdiction, newest first, filtered and a page at a time."""
    refuse_unknown_parameters(request, ListFilters)
    matching = missing_reports_matching(request.auth, record_filters(filters, STATUSES, user=request.auth))
    return page_of(matching, filters.page, filters.page_size)


@router.post("", response={201: MissingReportOut, **ERRORS}, url_name="missing-reports-create")
@scope_required(REGISTER, WRITE)
def create_missing_report(request: HttpRequest, payload: MissingReportIn):
    """File a missing report (police station accounts); the report is filed at your own police station."""
    report = services.register_missing_report(
        actor=request.auth, data=resolve_codes(payload.model_dump(), user=request.auth)
    )
    return Status(201, report)


@router.get("/{int:report_id}", response={200: MissingReportOut, **ERRORS}, url_name="missing-reports-detail")
@scope_required(REGISTER, READ)
def get_missing_report_detail(request: HttpRequest, report_id: int):
    """One report, in full. Reading it is recorded in the audit trail."""
    return get_missing_report(request.auth, report_id)


@router.patch(
    "/{int:report_id}", response={200: MissingReportOut, **ERRORS}, url_name="missing-reports-update"
)
@scope_required(REGISTER, WRITE)
def update_missing_report(request: HttpRequest, report_id: int, payload: MissingReportPatch):
    """Change some fields. Send the `version` you read: if someone saved the report since, you get 409."""
    report = get_missing_report(request.auth, report_id, for_write=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    return services.update_missing_report(
        actor=request.auth,
        report_id=report.pk,
        expected_version=version,
        data=resolve_codes(data, user=request.auth, current=report),
    )


@router.post(
    "/{int:report_id}/status", response={200: MissingReportOut, **ERRORS}, url_name="missing-reports-status"
)
@scope_required(REGISTER, WRITE)
def change_missing_report_status(request: HttpRequest, report_id: int, payload: StatusChangeIn):
    """Move the report along its pipeline: reported → traced or closed; traced or closed → reported."""
    report = get_missing_report(request.auth, report_id, for_write=True)
    return services.set_status(
        actor=request.auth,
        record=report,
        to_status=payload.to_status,
        expected_version=payload.version,
        effective_on=payload.effective_on,
        order_number=payload.order_number,
        reason=payload.reason,
    )


@router.post(
    "/{int:report_id}/photos", response={201: PhotoAdded, **ERRORS}, url_name="missing-reports-photos"
)
@scope_required(REGISTER, WRITE)
def add_missing_report_photo(
    request: HttpRequest,
    report_id: int,
    photo: File[UploadedFile],
    version: Form[int],
    taken_on: Form[date | None] = None,
):
    """Add a photograph (multipart/form-data: `photo`, `version`, optional `taken_on`). JPEG, PNG or WebP;
    metadata such as GPS position is removed."""
    report = get_missing_report(request.auth, report_id, for_write=True)
    try:
        stored = services.add_photo(
            actor=request.auth, record=report, expected_version=version, upload=photo_upload(photo, taken_on)
        )
    except ValidationError as error:
        raise as_photo_error(error) from None
    return Status(201, stored)


@router.post(
    "/{int:report_id}/photos/{int:photo_id}/withdraw",
    response={200: PhotoWithdrawn, **ERRORS},
    url_name="missing-reports-photo-withdraw",
)
@scope_required(REGISTER, WRITE)
def withdraw_missing_report_photo(
    request: HttpRequest, report_id: int, photo_id: int, payload: PhotoWithdrawIn
):
    """Withdraw a wrong photo (another child's, a parent's, an unsuitable image) with a `reason`. It is no
    longer listed or used to match faces; the file is kept. A photo withdrawn before answers 409
    `already_withdrawn`; a photo that is not this record's answers 404."""
    report = get_missing_report(request.auth, report_id, for_write=True)
    photo = get_record_photo(report, photo_id)
    return services.withdraw_photo(actor=request.auth, photo=photo, reason=payload.reason)
