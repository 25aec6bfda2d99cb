"""The one place that decides what a user's jurisdiction covers.

An institution account covers its own institution; a district officer every institution of the district; a
state officer every institution of the state; national officers and system administrators everything. Every
read of case data goes through `within_jurisdiction`, so the rule cannot drift between pages and the API.
"""

from django.db.models import Q, QuerySet

from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

from .models import Level, Role, User


def within_jurisdiction(user: User, institution_path: str) -> Q:
    """A filter matching rows whose institution (reached by `institution_path`) lies in the user's jurisdiction."""
    if not user.is_authenticated or not user.is_active or not user.role:
        return Q(pk__in=[])
    level = user.level
    if level == Level.INSTITUTION:
        return Q(**{f"{institution_path}_id": user.institution_id})
    if level == Level.DISTRICT:
        return Q(**{f"{institution_path}__district_id": user.district_id})
    if level == Level.STATE:
        return Q(**{f"{institution_path}__district__state_id": user.state_id})
    return ~Q(pk=None)  # the nation: everything


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    if not user.is_authenticated:
        return Institution.objects.none()
    return Institution.objects.filter(_institution_self_q(user)).select_related("district__state")


def _institution_self_q(user: User) -> Q:
    level = user.level
    if level == Level.INSTITUTION:
        return Q(pk=user.institution_id)
    if level == Level.DISTRICT:
        return Q(district_id=user.district_id)
    if level == Level.STATE:
        return Q(district__state_id=user.state_id)
    return Q()


def districts_visible_to(user: User) -> QuerySet[District]:
    qs = District.objects.select_related("state").filter(is_active=True)
    level = user.level
    if level == Level.INSTITUTION:
        return qs.filter(pk=user.institution.district_id)
    if level == Level.DISTRICT:
        return qs.filter(pk=user.district_id)
    if level == Level.STATE:
        return qs.filter(state_id=user.state_id)
    return qs


def states_visible_to(user: User) -> QuerySet[State]:
    if user.level in (Level.NATION,):
        return State.objects.all()
    return State.objects.filter(districts__in=districts_visible_to(user)).distinct()


def can_manage_institutions(user: User) -> bool:
    return user.role in (Role.STATE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)


def accounts_manageable_by(user: User) -> QuerySet[User]:
    """District officers manage their institutions' accounts; state officers their districts' officers too."""
    qs = User.objects.select_related("institution__district__state", "district__state", "state")
    if user.role == Role.DISTRICT_OFFICER:
        return qs.filter(institution__district_id=user.district_id)
    if user.role == Role.STATE_OFFICER:
        return qs.filter(
            Q(institution__district__state_id=user.state_id) | Q(district__state_id=user.state_id)
        )
    if user.role == Role.SYSTEM_ADMIN:
        return qs
    return qs.none()
