"""Foreign keys travel as stable codes: districts and states by LGD code, institutions by their `code`.

The API turns codes into rows here, before calling a service, and reports unknown codes against the field.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trackchild.accounts.models import User
from trackchild.cases.forms import user_state_id
from trackchild.cases.rules import care_institution_usable
from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

DISTRICT_FIELDS = {"last_seen_district", "found_district", "home_district"}
FILTER_DISTRICT = "district"  # a list filter: old, merged districts still find their records
STATE_FIELDS = {"home_state", "state"}
INSTITUTION_FIELDS = {"cwc", "cci"}


def resolve_codes(data: dict, *, user: User, current=None) -> dict:
    """The same data with every code replaced by its row; a ValidationError names each unknown code.

    As the pages offer: a district written on a record must be an active one, and a CWC or CCI one that
    cases.rules.care_institution_usable allows (active, in the user's State/UT, or already on `current`)."""
    resolved, errors = dict(data), {}
    for field, value in data.items():
        if value is None:
            continue
        if field in DISTRICT_FIELDS or field == FILTER_DISTRICT:
            resolved[field] = District.objects.select_related("state").filter(lgd_code=value).first()
            if resolved[field] is None:
                errors[field] = [_("No district has LGD code %(code)s.") % {"code": value}]
            elif field in DISTRICT_FIELDS and not _usable(resolved[field], field, current):
                errors[field] = [
                    _("District %(code)s is no longer in use (merged or split).") % {"code": value}
                ]
        elif field in STATE_FIELDS:
            resolved[field] = State.objects.filter(lgd_code=value).first()
            if resolved[field] is None:
                errors[field] = [_("No State/UT has LGD code %(code)s.") % {"code": value}]
        elif field in INSTITUTION_FIELDS:
            resolved[field] = _institution(field, value, user, current)
            if resolved[field] is None:
                errors[field] = [
                    _("No active institution in your State/UT has the code %(code)s.") % {"code": value}
                ]
    if errors:
        raise ValidationError(errors)
    return resolved


def _usable(row, field: str, current) -> bool:
    """Active, or already on the record (a district merged since the record was written stays valid)."""
    return row.is_active or (current is not None and getattr(current, f"{field}_id") == row.pk)


def _institution(field: str, code: str, user: User, current) -> Institution | None:
    row = Institution.objects.select_related("district").filter(code__iexact=code).first()
    if row is None:
        return None
    current_id = getattr(current, f"{field}_id") if current is not None else None
    return row if care_institution_usable(row, user_state_id(user), current_id) else None
