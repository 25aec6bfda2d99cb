"""/api/found-children: children found and produced before a CWC or placed in a CCI, as on the pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from trackchild.cases import services
from trackchild.cases.models import FoundChild
from trackchild.cases.selectors import found_children_matching, get_found_child, get_record_photo
from trackchild.exchange.models import Register

from .codes import resolve_codes
from .errors import Status
from .exchange_auth import READ, WRITE, KeyOrToken, scope_required
from .registers import as_photo_error, page_of, photo_upload, record_filters, refuse_unknown_parameters
from .schemas import (
    ErrorOut,
    FoundChildIn,
    FoundChildOut,
    FoundChildPage,
    FoundChildPatch,
    ListFilters,
    PhotoAdded,
    PhotoWithdrawIn,
    PhotoWithdrawn,
    StatusChangeIn,
)

router = Router(tags=["found children"], auth=KeyOrToken(limit_tokens=False))
REGISTER = Register.FOUND_CHILDREN
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STATUSES = [status.value for status in FoundChild.Status]


@router.get("", response={200: FoundChildPage, 401: ErrorOut, 422: ErrorOut}, url_name="found-children-list")
@scope_required(REGISTER, READ)
def list_found_children(request: HttpRequest, filters: Query[ListFilters]):
    """Found children in your jurisdiction, most recently found first, filtered and a page at a time."""
    refuse_unknown_parameters(request, ListFilters)
    matching = found_children_matching(request.auth, record_filters(filters, STATUSES, user=request.auth))
    return page_of(matching, filters.page, filters.page_size)


@router.post("", response={201: FoundChildOut, **ERRORS}, url_name="found-children-create")
@scope_required(REGISTER, WRITE)
def create_found_child(request: HttpRequest, payload: FoundChildIn):
    """Register a found child (CWC, JJB, CCI and police station accounts), recorded by your institution.
    A CCI is taken as the child's CCI, a CWC as the CWC the child was produced before, unless the request
    names one."""
    child = services.register_found_child(
        actor=request.auth, data=resolve_codes(payload.model_dump(), user=request.auth)
    )
    return Status(201, child)


@router.get("/{int:child_id}", response={200: FoundChildOut, **ERRORS}, url_name="found-children-detail")
@scope_required(REGISTER, READ)
def get_found_child_detail(request: HttpRequest, child_id: int):
    """One found child, in full. Reading it is recorded in the audit trail."""
    return get_found_child(request.auth, child_id)


@router.patch("/{int:child_id}", response={200: FoundChildOut, **ERRORS}, url_name="found-children-update")
@scope_required(REGISTER, WRITE)
def update_found_child(request: HttpRequest, child_id: int, payload: FoundChildPatch):
    """Change some fields. Send the `version` you read: if someone saved the record since, you get 409."""
    child = get_found_child(request.auth, child_id, for_write=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    return services.update_found_child(
        actor=request.auth,
        child_id=child.pk,
        expected_version=version,
        data=resolve_codes(data, user=request.auth, current=child),
    )


@router.post(
    "/{int:child_id}/status", response={200: FoundChildOut, **ERRORS}, url_name="found-children-status"
)
@scope_required(REGISTER, WRITE)
def change_found_child_status(request: HttpRequest, child_id: int, payload: StatusChangeIn):
    """Move the record along its pipeline (in care → restoration, restored, transferred, …). Restoration,
    transfer, repatriation and adoption need the order number; withdrawing or absconding needs a reason."""
    child = get_found_child(request.auth, child_id, for_write=True)
    return services.set_status(
        actor=request.auth,
        record=child,
        to_status=payload.to_status,
        expected_version=payload.version,
        effective_on=payload.effective_on,
        order_number=payload.order_number,
        reason=payload.reason,
    )


@router.post("/{int:child_id}/photos", response={201: PhotoAdded, **ERRORS}, url_name="found-children-photos")
@scope_required(REGISTER, WRITE)
def add_found_child_photo(
    request: HttpRequest,
    child_id: int,
    photo: File[UploadedFile],
    version: Form[int],
    taken_on: Form[date | None] = None,
):
    """Add a photograph (multipart/form-data: `photo`, `version`, optional `taken_on`). JPEG, PNG or WebP;
    metadata such as GPS position is removed."""
    child = get_found_child(request.auth, child_id, for_write=True)
    try:
        stored = services.add_photo(
            actor=request.auth, record=child, expected_version=version, upload=photo_upload(photo, taken_on)
        )
    except ValidationError as error:
        raise as_photo_error(error) from None
    return Status(201, stored)


@router.post(
    "/{int:child_id}/photos/{int:photo_id}/withdraw",
    response={200: PhotoWithdrawn, **ERRORS},
    url_name="found-children-photo-withdraw",
)
@scope_required(REGISTER, WRITE)
def withdraw_found_child_photo(request: HttpRequest, child_id: int, photo_id: int, payload: PhotoWithdrawIn):
    """Withdraw a wrong photo (another child's, a parent's, an unsuitable image) with a `reason`. It is no
    longer listed or used to match faces; the file is kept. A photo withdrawn before answers 409
    `already_withdrawn`; a photo that is not this record's answers 404."""
    child = get_found_child(request.auth, child_id, for_write=True)
    photo = get_record_photo(child, photo_id)
    return services.withdraw_photo(actor=request.auth, photo=photo, reason=payload.reason)
