"""/api/me and /api/institutions: who the caller is, and the institutions within their jurisdiction."""

from django.http import HttpRequest
from ninja import Query, Router

from trackchild.accounts.selectors import institutions_visible_to

from .codes import resolve_codes
from .exchange_auth import KeyOrToken
from .registers import page_of, refuse_unknown_parameters
from .schemas import ErrorOut, InstitutionFilters, InstitutionPage, MeOut

# A connected system's key may read these too (any scope): codes of institutions are what the registers take.
router = Router(tags=["people and institutions"], auth=KeyOrToken(limit_tokens=False))


@router.get("/me", response={200: MeOut, 401: ErrorOut}, url_name="me")
def me(request: HttpRequest):
    """Your account: role and the one jurisdiction it belongs to."""
    user = request.auth
    institution = user.institution
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "role_label": user.get_role_display(),
        "level": user.level,
        "jurisdiction": user.jurisdiction_label(),
        "institution": institution
        and {"code": institution.code, "name": institution.name, "kind": institution.kind},
        "district": user.district and {"lgd_code": user.district.lgd_code, "name": user.district.name},
        "state": user.state and {"lgd_code": user.state.lgd_code, "name": user.state.name},
    }


@router.get(
    "/institutions",
    response={200: InstitutionPage, 401: ErrorOut, 422: ErrorOut},
    url_name="institutions-list",
)
def list_institutions(request: HttpRequest, filters: Query[InstitutionFilters]):
    """Institutions in your jurisdiction, by name. Use their `code` where the API asks for an institution."""
    refuse_unknown_parameters(request, InstitutionFilters)
    institutions = institutions_visible_to(request.auth).order_by("name", "code")
    if filters.kind is not None:
        institutions = institutions.filter(kind=filters.kind)
    if filters.district is not None:
        institutions = institutions.filter(
            district=resolve_codes({"district": filters.district}, user=request.auth)["district"]
        )
    if filters.active is not None:
        institutions = institutions.filter(is_active=filters.active)
    return page_of(institutions, filters.page, filters.page_size)
