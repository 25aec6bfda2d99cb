"""What the two register routers share: list filters, pages, and reading an uploaded photo."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.files import UploadedFile

from trackchild.accounts.models import User
from trackchild.cases.selectors import RecordFilters
from trackchild.cases.services import PhotoUpload

from .codes import resolve_codes
from .schemas import ListFilters

MAX_PAGE_SIZE = 100


def refuse_unknown_parameters(request: HttpRequest, schema: type[Schema]) -> None:
    """A misspelt filter (`?gendr=female`) must not quietly return everything."""
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    if unknown:
        raise ValidationError({name: [_("Unknown query parameter.")] for name in unknown})


def record_filters(filters: ListFilters, statuses: list[str], *, user: User) -> RecordFilters:
    errors = {}
    if filters.status and filters.status not in statuses:
        errors["status"] = [_("Choose one of: %(statuses)s.") % {"statuses": ", ".join(statuses)}]
    if filters.age_min is not None and filters.age_max is not None and filters.age_min > filters.age_max:
        errors["age_max"] = [_("The highest age cannot be below the lowest.")]
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = [_("The end date cannot be before the start date.")]
    if errors:
        raise ValidationError(errors)
    district = resolve_codes({"district": filters.district}, user=user)["district"]
    return RecordFilters(
        text=filters.q,
        gender=filters.gender or "",
        age_min=filters.age_min,
        age_max=filters.age_max,
        date_from=filters.date_from,
        date_to=filters.date_to,
        district=district,
        status=filters.status,
    )


def page_of(queryset: QuerySet, page: int, page_size: int | None) -> dict:
    size = min(page_size or settings.PAGE_SIZE, MAX_PAGE_SIZE)
    start = (page - 1) * size
    return {
        "count": queryset.count(),
        "page": page,
        "page_size": size,
        "results": list(queryset[start : start + size]),
    }


def photo_upload(photo: UploadedFile, taken_on: date | None) -> PhotoUpload:
    # Checked before reading, so an oversized upload is refused without being loaded into memory.
    if photo.size and photo.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": [
                    _("The photo is larger than %(mb)d MB. Please send a smaller photo.")
                    % {"mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    return PhotoUpload(content=photo.read(), taken_on=taken_on)


def as_photo_error(error: ValidationError) -> ValidationError:
    """The service names the field `photos` (the page's form); the API's upload field is `photo`."""
    messages = error.message_dict if hasattr(error, "error_dict") else {"photo": error.messages}
    return ValidationError({("photo" if k == "photos" else k): v for k, v in messages.items()})
