"""Foreign keys travel as stable codes: districts and states by LGD code, institutions by their `code`.

The API turns codes into rows here, before calling a service, and reports unknown codes against the field.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

DISTRICT_FIELDS = {"last_seen_district", "found_district", "home_district", "district"}
STATE_FIELDS = {"home_state", "state"}
INSTITUTION_FIELDS = {"cwc", "cci"}


def resolve_codes(data: dict) -> dict:
    """The same data with every code replaced by its row; a ValidationError names each unknown code."""
    resolved, errors = dict(data), {}
    for field, value in data.items():
        if value is None:
            continue
        if field in DISTRICT_FIELDS:
            resolved[field] = District.objects.select_related("state").filter(lgd_code=value).first()
            if resolved[field] is None:
                errors[field] = [_("No district has LGD code %(code)s.") % {"code": value}]
        elif field in STATE_FIELDS:
            resolved[field] = State.objects.filter(lgd_code=value).first()
            if resolved[field] is None:
                errors[field] = [_("No State/UT has LGD code %(code)s.") % {"code": value}]
        elif field in INSTITUTION_FIELDS:
            resolved[field] = Institution.objects.filter(code__iexact=value, is_active=True).first()
            if resolved[field] is None:
                errors[field] = [_("No active institution has the code %(code)s.") % {"code": value}]
    if errors:
        raise ValidationError(errors)
    return resolved


def lgd_code(row) -> int | None:
    return row.lgd_code if row is not None else None


def institution_code(row) -> str | None:
    return row.code if row is not None else None
