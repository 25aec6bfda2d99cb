"""Creating and changing accounts. District officers create accounts for their district's institutions; state
officers for the state's institutions and district officers; system administrators for anyone."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trackchild.audit.services import record_event

from .models import Level, Role, User, check_jurisdiction

INSTITUTION_ROLES = {Role.POLICE_OFFICER, Role.CWC_MEMBER, Role.JJB_MEMBER, Role.CCI_STAFF}


def roles_creatable_by(actor: User) -> set[str]:
    if actor.role == Role.DISTRICT_OFFICER:
        return set(INSTITUTION_ROLES)
    if actor.role == Role.STATE_OFFICER:
        return INSTITUTION_ROLES | {Role.DISTRICT_OFFICER}
    if actor.role == Role.SYSTEM_ADMIN:
        return set(Role.values)
    return set()


def create_account(
    *,
    actor: User | None,
    username: str,
    password: str,
    full_name: str,
    role: str,
    email: str = "",
    phone: str = "",
    institution=None,
    district=None,
    state=None,
) -> User:
    """`actor=None` only from trusted set-up code (the demo loader, tests), never from a request."""
    if actor is not None:
        if role not in roles_creatable_by(actor):
            raise PermissionDenied(_("You cannot create accounts with this role."))
        _check_within(actor, institution, district)
    check_jurisdiction(role, institution, district, state)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is taken.")]})
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        email=email,
        phone=phone,
        institution=institution,
        district=district,
        state=state,
        created_by=actor,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record_event("create", user, actor=actor, role=role)
    return user


def _check_within(actor: User, institution, district) -> None:
    if actor.level == Level.NATION:
        return
    place = institution.district if institution is not None else district
    if place is None:
        raise PermissionDenied(_("An account you create must belong to your jurisdiction."))
    inside = (
        place.pk == actor.district_id if actor.level == Level.DISTRICT else place.state_id == actor.state_id
    )
    if not inside:
        raise PermissionDenied(_("An account you create must belong to your jurisdiction."))


def deactivate_account(*, actor: User, user: User, reason: str) -> User:
    from .selectors import accounts_manageable_by

    if not accounts_manageable_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("This account is not yours to manage."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for deactivating this account.")]})
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_event("update", user, actor=actor, fields=["is_active"], reason=reason.strip())
    return user


def change_password(*, actor: User, old_password: str, new_password: str) -> User:
    """A user changes their own password: the old one proves it is them, the new one must pass the validators."""
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": [_("Your old password was entered incorrectly.")]})
    try:
        validate_password(new_password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from None
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        record_event("update", actor, actor=actor, fields=["password"])
    return actor
