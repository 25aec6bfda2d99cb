"""Adding, changing and closing institutions: state officers for their state, system administrators anywhere."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Level, Role, User
from trackchild.audit.services import record_event
from trackchild.concurrency import StaleRecord

from .models import Institution

EDITOR_ROLES = {Role.STATE_OFFICER, Role.SYSTEM_ADMIN}


def _check_editor(actor: User | None, district) -> None:
    if actor is None:
        return  # trusted set-up code only
    if actor.role not in EDITOR_ROLES:
        raise PermissionDenied(_("Only state officers add or change institutions."))
    if actor.level == Level.STATE and district.state_id != actor.state_id:
        raise PermissionDenied(_("This district is not in your state."))


def _check_fields(data: dict) -> None:
    errors = {}
    kind = data.get("kind")
    if kind == Institution.Kind.CCI:
        if not data.get("cci_kind"):
            errors["cci_kind"] = [_("Say what kind of CCI this is.")]
        if data.get("capacity") in (None, 0):
            errors["capacity"] = [_("A CCI needs its sanctioned capacity.")]
    elif data.get("cci_kind"):
        errors["cci_kind"] = [_("Only a CCI has a kind of CCI.")]
    if errors:
        raise ValidationError(errors)


def create_institution(*, actor: User | None, data: dict) -> Institution:
    _check_editor(actor, data["district"])
    _check_fields(data)
    if Institution.objects.filter(code__iexact=data["code"]).exists():
        raise ValidationError({"code": [_("Another institution already has this code.")]})
    with transaction.atomic():
        institution = Institution.objects.create(**data)
        record_event("create", institution, actor=actor, fields=data.keys())
    return institution


def update_institution(*, actor: User, institution_id: int, expected_version: int, data: dict) -> Institution:
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution_id)
        _check_editor(actor, institution.district)
        _check_editor(actor, data.get("district", institution.district))
        if institution.version != expected_version:
            raise StaleRecord(institution)
        merged = {f.name: getattr(institution, f.name) for f in Institution._meta.concrete_fields} | data
        _check_fields(merged)
        changed = [f for f, v in data.items() if getattr(institution, f) != v]
        for field in changed:
            setattr(institution, field, data[field])
        institution.version += 1
        institution.save()
        record_event("update", institution, actor=actor, fields=changed)
    return institution


def close_institution(*, actor: User, institution_id: int, expected_version: int, reason: str) -> Institution:
    if not reason.strip():
        raise ValidationError({"closed_reason": [_("Give the reason for closing this institution.")]})
    if not Institution.objects.filter(pk=institution_id, is_active=True).exists():
        # Closing twice would overwrite the first closing's date and reason.
        raise ValidationError({"closed_reason": [_("This institution is already closed.")]})
    return update_institution(
        actor=actor,
        institution_id=institution_id,
        expected_version=expected_version,
        data={"is_active": False, "closed_on": timezone.localdate(), "closed_reason": reason.strip()},
    )
