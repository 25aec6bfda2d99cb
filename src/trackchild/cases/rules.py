"""Validation rules of the two registers, in words a user understands. Forms and the API both reach these
through the services, so a rule is enforced the same way everywhere."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

ADULT_AGE = 18
HEIGHT_RANGE_CM = (40, 210)


@dataclass(frozen=True)
class Clock:
    """The moment the rules compare dates against. A bulk upsert reads it once for many rows: reading the
    current time zone costs more per row than the rules' own arithmetic (measured, bench/bench_import.py)."""

    now: datetime
    today: date
    zone: tzinfo

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def clock() -> Clock:
    now, zone = timezone.now(), timezone.get_current_timezone()
    return Clock(now=now, today=now.astimezone(zone).date(), zone=zone)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_child_fields(
    data: dict, *, event_date: date | None, event_field: str, errors: dict, today: date | None = None
) -> None:
    """Rules common to both registers. `event_date` is the date missing or the date found."""
    today = today or timezone.localdate()
    born = data.get("date_of_birth")
    age = data.get("age_years")
    if born and born > today:
        errors.setdefault("date_of_birth", []).append(_("The date of birth cannot be in the future."))
    if born and event_date and event_date < born:
        errors.setdefault(event_field, []).append(_("This date is before the child's date of birth."))
    if age is not None and not 0 <= age <= 25:
        errors.setdefault("age_years", []).append(_("Age must be between 0 and 25 years."))
    if born and age is not None and event_date and event_date >= born:
        if abs(age_on(born, event_date) - age) > 1:
            errors.setdefault("age_years", []).append(
                _("The age does not agree with the date of birth (%(age)d years on that date).")
                % {"age": age_on(born, event_date)}
            )
    height = data.get("height_cm")
    if height is not None and not HEIGHT_RANGE_CM[0] <= height <= HEIGHT_RANGE_CM[1]:
        errors.setdefault("height_cm", []).append(
            _("Height must be between %(lo)d and %(hi)d cm.")
            % {"lo": HEIGHT_RANGE_CM[0], "hi": HEIGHT_RANGE_CM[1]}
        )
    pin = data.get("home_pin") or ""
    if pin and (len(pin) != 6 or not pin.isdigit() or pin[0] == "0"):
        errors.setdefault("home_pin", []).append(_("A PIN code has 6 digits and does not start with 0."))
    home_district, home_state = data.get("home_district"), data.get("home_state")
    if home_district and home_state and home_district.state_id != home_state.pk:
        errors.setdefault("home_district", []).append(_("This district is not in the chosen state."))


def child_age_on_event(data: dict, event_date: date | None) -> int | None:
    if data.get("date_of_birth") and event_date:
        return age_on(data["date_of_birth"], event_date)
    return data.get("age_years")


def check_missing_report(data: dict, at: Clock | None = None) -> None:
    errors: dict[str, list[str]] = {}
    at = at or clock()
    missing_since = data.get("missing_since")
    missing_date = at.local_date(missing_since) if missing_since else None
    if missing_since and missing_since > at.now:
        errors.setdefault("missing_since", []).append(_("The date missing cannot be in the future."))
    fir_date = data.get("fir_date")
    if fir_date and fir_date > at.today:
        errors.setdefault("fir_date", []).append(_("The FIR date cannot be in the future."))
    if fir_date and missing_date and fir_date < missing_date:
        errors.setdefault("fir_date", []).append(_("The FIR cannot be dated before the child went missing."))
    if data.get("date_of_birth") is None and data.get("age_years") is None:
        errors.setdefault("age_years", []).append(_("Give the date of birth or the age on the date missing."))
    check_child_fields(
        data, event_date=missing_date, event_field="missing_since", errors=errors, today=at.today
    )
    age = child_age_on_event(data, missing_date)
    if age is not None and age >= ADULT_AGE and "age_years" not in errors:
        errors.setdefault("age_years", []).append(
            _("A missing child must be under 18 on the date missing (this person was %(age)d).")
            % {"age": age}
        )
    if errors:
        raise ValidationError(errors)


def check_found_child(data: dict, at: Clock | None = None) -> None:
    errors: dict[str, list[str]] = {}
    at = at or clock()
    found_on = data.get("found_on")
    if found_on and found_on > at.today:
        errors.setdefault("found_on", []).append(_("The date found cannot be in the future."))
    for field in ("cwc_order_date", "admission_date"):
        value = data.get(field)
        if value and value > at.today:
            errors.setdefault(field, []).append(_("This date cannot be in the future."))
        if value and found_on and value < found_on:
            errors.setdefault(field, []).append(_("This date cannot be before the date found."))
    check_child_fields(data, event_date=found_on, event_field="found_on", errors=errors, today=at.today)
    age = child_age_on_event(data, found_on)
    if age is not None and age >= ADULT_AGE and "age_years" not in errors:
        errors.setdefault("age_years", []).append(
            _("A found child must be under 18 on the date found (this person was %(age)d).") % {"age": age}
        )
    cci, cwc = data.get("cci"), data.get("cwc")
    if cci is not None and cci.kind != "cci":
        errors.setdefault("cci", []).append(_("Choose a Child Care Institution."))
    if cwc is not None and cwc.kind != "cwc":
        errors.setdefault("cwc", []).append(_("Choose a Child Welfare Committee."))
    if data.get("admission_number") and cci is None:
        errors.setdefault("cci", []).append(_("An admission number needs the CCI it belongs to."))
    if errors:
        raise ValidationError(errors)


# --- Which CWC or CCI a found child's record may name -------------------------------------------------------
# The pages offer, the API accepts and spreadsheet uploads accept the same ones: an active CWC or CCI of the
# user's own State/UT, or the one the record already names (an institution closed since stays on its records).


def care_institutions_offered(kind: str, state_id: int | None, current_id: int | None = None) -> Q:
    """A filter on Institution: those of `kind` a record of a user working in `state_id` may name."""
    in_state = Q(kind=kind, is_active=True, district__state_id=state_id) if state_id else Q(pk__in=[])
    return in_state | Q(pk=current_id) if current_id else in_state


def care_institution_usable(institution, state_id: int | None, current_id: int | None = None) -> bool:
    """The same rule, for an institution already read (with its district): active and in the user's State/UT,
    or the one the record already names. The kind itself is checked with the record (check_found_child)."""
    if current_id is not None and institution.pk == current_id:
        return True
    return bool(state_id) and institution.is_active and institution.district.state_id == state_id
