"""Request and response shapes of the API. Requests refuse unknown fields; foreign keys are codes (codes.py).

Domain rules (ages, dates, duplicate FIRs) are not repeated here: the services check them, for the pages and
the API alike. These schemas only check types, lengths and choices.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, create_model, field_validator
from pydantic.fields import FieldInfo

from trackchild.cases.models import Build, Complexion, FoundChild, Gender
from trackchild.cases.selectors import record_photos, status_history
from trackchild.cases.services import WITHDRAWAL_REASON_MAX_LENGTH
from trackchild.cases.statuses import next_statuses
from trackchild.registry.models import Institution


def _choices(choices) -> Any:
    return Literal[tuple(choices.values)]  # type: ignore[misc]


def _aware(value: datetime) -> datetime:
    # A time without an offset is Indian Standard Time, as a police station would mean it.
    return timezone.make_aware(value) if timezone.is_naive(value) else value


GenderCode = _choices(Gender)
BuildCode = _choices(Build) | Literal[""]
ComplexionCode = _choices(Complexion) | Literal[""]
FoundByCode = _choices(FoundChild.FoundBy)
CircumstanceCode = _choices(FoundChild.Circumstance)
LocalDateTime = Annotated[datetime, AfterValidator(_aware)]
LgdCode = Annotated[int, Field(ge=1, le=2**31 - 1, description="LGD (Local Government Directory) code")]
InstitutionCode = Annotated[str, Field(min_length=1, max_length=40, description="The institution's code")]


def required_text(max_length: int, **extra) -> Any:
    return Field(..., min_length=1, max_length=max_length, **extra)


def text(max_length: int = 5000, **extra) -> Any:
    return Field("", max_length=max_length, **extra)


class TextSchema(Schema):
    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL in text; refuse it here rather than fail at the database.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text cannot contain NUL characters.")
        return value


class StrictSchema(TextSchema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(Schema):
    code: str = Field(examples=["validation_error"])
    message: str = Field(examples=["The record was not saved; see the fields."])
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        examples=[{"age_years": ["A missing child must be under 18 on the date missing."]}],
    )


class ErrorOut(Schema):
    error: ErrorDetail


# --- Tokens and the current user ---------------------------------------------------------------------------


class TokenIn(StrictSchema):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"example": {"username": "police_a", "password": "…", "name": "CCTNS sync"}},
    )
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)
    name: str = Field("", max_length=100, description="What the token is for, to recognise it later.")


class TokenOut(Schema):
    token: str = Field(description="Shown once: only its hash is stored.", examples=["tc_9Vq…"])
    token_type: str = "Bearer"
    name: str
    expires: datetime


class PlaceOut(Schema):
    lgd_code: int
    name: str


class InstitutionRef(Schema):
    code: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    level: str = Field(description="institution, district, state or nation")
    jurisdiction: str = Field(description="The jurisdiction in words", examples=["Patna (Bihar)"])
    institution: InstitutionRef | None
    district: PlaceOut | None
    state: PlaceOut | None


class InstitutionOut(Schema):
    code: str
    name: str
    kind: str
    cci_kind: str
    registration_number: str
    capacity: int | None
    district: int
    state: int
    address: str
    phone: str
    email: str
    is_active: bool

    @staticmethod
    def resolve_district(obj) -> int:
        return obj.district.lgd_code

    @staticmethod
    def resolve_state(obj) -> int:
        return obj.district.state.lgd_code


class InstitutionFilters(TextSchema):
    kind: _choices(Institution.Kind) | None = None  # type: ignore[valid-type]
    district: LgdCode | None = Field(None, description="LGD code of the district")
    active: bool | None = Field(None, description="Only active (true) or closed (false) institutions")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int | None = Field(None, ge=1, le=100, description="Default: the site's PAGE_SIZE")


class InstitutionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[InstitutionOut]


# --- The two registers: requests ---------------------------------------------------------------------------


class ChildDescriptionIn(StrictSchema):
    name: str = text(150, description="As written, in any script; empty if unknown")
    other_names: str = text(300, description="Other names, pet names, spellings")
    gender: GenderCode
    date_of_birth: date | None = None
    age_years: int | None = Field(None, ge=0, le=150)
    height_cm: int | None = Field(None, ge=0, le=1000)
    build: BuildCode = ""
    complexion: ComplexionCode = ""
    identification_marks: str = text(description="One mark per line")
    clothing: str = text()
    languages: str = text(200)
    disability: str = text()
    school: str = text(200)
    father_name: str = text(150)
    mother_name: str = text(150)
    guardian_name: str = text(150)
    home_address: str = text()
    home_district: LgdCode | None = None
    home_state: LgdCode | None = None
    home_pin: str = text(6)


MISSING_REPORT_EXAMPLE = {
    "fir_number": "FIR-101/2026",
    "fir_date": "2026-11-02",
    "missing_since": "2026-11-01T18:30:00+05:30",
    "place_last_seen": "Patna Junction",
    "last_seen_district": 230,
    "complainant_name": "Ramesh Yadav",
    "complainant_relation": "father",
    "complainant_phone": "9812345678",
    "name": "Sonu Kumar",
    "gender": "male",
    "age_years": 11,
    "father_name": "Ramesh Yadav",
    "languages": "Hindi, Bhojpuri",
}


class MissingReportIn(ChildDescriptionIn):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"example": MISSING_REPORT_EXAMPLE}
    )
    fir_number: str = required_text(40, description="FIR or GD number; unique at the police station")
    fir_date: date
    missing_since: LocalDateTime = Field(description="Without an offset, the time is taken as IST")
    place_last_seen: str = required_text(300)
    last_seen_district: LgdCode
    circumstances: str = text()
    complainant_name: str = required_text(150)
    complainant_relation: str = required_text(60)
    complainant_phone: str = required_text(20)
    complainant_address: str = text()


FOUND_CHILD_EXAMPLE = {
    "found_on": "2026-11-20",
    "found_place": "Patna Junction platform 4",
    "found_district": 230,
    "found_by": "railway_police",
    "circumstance": "railway_station",
    "name": "सोनू",
    "gender": "male",
    "age_years": 12,
    "age_is_estimated": True,
    "languages": "Bhojpuri",
    "cwc": "CWC-A",
}


class FoundChildIn(ChildDescriptionIn):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"example": FOUND_CHILD_EXAMPLE}
    )
    found_on: date
    found_place: str = required_text(300)
    found_district: LgdCode
    found_by: FoundByCode
    circumstance: CircumstanceCode
    circumstances_detail: str = text()
    age_is_estimated: bool = True
    recalls_of_home: str = text(description="What the child recalls of home, in the child's words")
    cwc: InstitutionCode | None = Field(None, description="Code of the CWC the child was produced before")
    cwc_order_number: str = text(60)
    cwc_order_date: date | None = None
    cci: InstitutionCode | None = Field(None, description="Code of the CCI the child is placed in")
    admission_number: str = text(60)
    admission_date: date | None = None


def patch_schema(schema: type[StrictSchema], name: str) -> type[StrictSchema]:
    """The same fields, each optional, plus the `version` the client read. A field left out is left alone;
    a field sent as null is cleared (only where the record allows an empty value)."""
    fields: dict[str, Any] = {
        field: (info.annotation, FieldInfo.merge_field_infos(info, default=None))
        for field, info in schema.model_fields.items()
    }
    fields["version"] = (
        int,
        Field(..., ge=1, le=2**31 - 1, description="The version you read; a stale one gets 409"),
    )
    model = create_model(name, __base__=StrictSchema, **fields)
    model.model_config["json_schema_extra"] = {"example": {"version": 3, "home_pin": "800001"}}
    return model


MissingReportPatch = patch_schema(MissingReportIn, "MissingReportPatch")
FoundChildPatch = patch_schema(FoundChildIn, "FoundChildPatch")


class StatusChangeIn(StrictSchema):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "example": {
                "to_status": "traced",
                "effective_on": "2026-11-25",
                "order_number": "",
                "reason": "Found at his uncle's house",
                "version": 2,
            }
        },
    )
    to_status: str = Field(..., min_length=1, max_length=30)
    effective_on: date | None = Field(None, description="Defaults to today")
    order_number: str = text(60, description="Needed for restoration, transfer, repatriation, adoption")
    reason: str = text(description="Needed to close, withdraw, reopen or mark absconded")
    version: int = Field(..., ge=1, le=2**31 - 1)


class ListFilters(TextSchema):
    q: str = Field("", max_length=150, description="Name, other names or parents' names, in any script")
    gender: GenderCode | None = None
    age_min: int | None = Field(None, ge=0, le=25)
    age_max: int | None = Field(None, ge=0, le=25)
    date_from: date | None = Field(None, description="Date missing (or found) on or after")
    date_to: date | None = Field(None, description="Date missing (or found) on or before")
    district: LgdCode | None = Field(None, description="LGD code of the district of the record's institution")
    status: str = Field("", max_length=30)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int | None = Field(None, ge=1, le=100, description="Default: the site's PAGE_SIZE")


# --- The two registers: responses --------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    taken_on: date | None
    format: str
    width: int
    height: int
    uploaded_at: datetime


class FaceCheckOut(Schema):
    """The upload check of the photo's face. A photo that fails it is kept but not used to match faces."""

    usable: bool | None = Field(description="Whether the face can be matched; null when not checked yet")
    problem: str = Field(
        description="no_face, several_faces, face_too_small, too_blurred, too_dark, ... or ''"
    )
    message: str = Field(description="What to retake, in the request's language; '' when usable")


class PhotoAdded(PhotoOut):
    record_version: int = Field(description="The record's new version (adding a photo changes it)")
    face_check: FaceCheckOut

    @staticmethod
    def resolve_record_version(obj) -> int:
        return (obj.missing_report or obj.found_child).version

    @staticmethod
    def resolve_face_check(obj) -> dict:
        from trackchild.faces.selectors import face_check_of

        return face_check_of(obj)


class PhotoWithdrawIn(StrictSchema):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"example": {"reason": "The photo is of the child's elder brother"}},
    )
    # Empty is refused by the service (422 against `reason`), after the jurisdiction check, as on the page.
    reason: str = Field(
        ...,
        max_length=WITHDRAWAL_REASON_MAX_LENGTH,
        description="Why the photo is withdrawn (another child's, a parent's, an unsuitable image)",
    )


class PhotoWithdrawn(PhotoOut):
    withdrawn_at: datetime
    withdrawal_reason: str
    record_version: int = Field(description="The record's new version (withdrawing a photo changes it)")

    @staticmethod
    def resolve_record_version(obj) -> int:
        return (obj.missing_report or obj.found_child).version


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    effective_on: date
    order_number: str
    reason: str
    changed_by: str
    changed_at: datetime

    @staticmethod
    def resolve_changed_by(obj) -> str:
        return obj.changed_by.username


class ChildDescriptionOut(Schema):
    id: int
    status: str
    version: int
    name: str
    other_names: str
    gender: str
    date_of_birth: date | None
    age_years: int | None
    height_cm: int | None
    build: str
    complexion: str
    identification_marks: str
    clothing: str
    languages: str
    disability: str
    school: str
    father_name: str
    mother_name: str
    guardian_name: str
    home_address: str
    home_district: int | None
    home_state: int | None
    home_pin: str
    created_at: datetime
    updated_at: datetime
    next_statuses: list[str] = Field(description="Statuses this record may move to now")
    photos: list[PhotoOut]
    status_history: list[StatusChangeOut]

    @staticmethod
    def resolve_next_statuses(obj) -> list[str]:
        return next_statuses(obj)

    @staticmethod
    def resolve_photos(obj) -> list:
        return record_photos(obj)

    @staticmethod
    def resolve_status_history(obj) -> list:
        return status_history(obj)

    @staticmethod
    def resolve_home_district(obj) -> int | None:
        return obj.home_district.lgd_code if obj.home_district_id else None

    @staticmethod
    def resolve_home_state(obj) -> int | None:
        return obj.home_state.lgd_code if obj.home_state_id else None


class MissingReportCodes(Schema):
    """A report's police station and district, written as their stable codes."""

    police_station: str
    last_seen_district: int

    @staticmethod
    def resolve_police_station(obj) -> str:
        return obj.police_station.code

    @staticmethod
    def resolve_last_seen_district(obj) -> int:
        return obj.last_seen_district.lgd_code


class MissingReportSummary(MissingReportCodes):
    id: int
    status: str
    version: int
    name: str
    gender: str
    age_years: int | None
    date_of_birth: date | None
    fir_number: str
    missing_since: datetime


class MissingReportOut(ChildDescriptionOut, MissingReportCodes):
    fir_number: str
    fir_date: date
    missing_since: datetime
    place_last_seen: str
    circumstances: str
    complainant_name: str
    complainant_relation: str
    complainant_phone: str
    complainant_address: str


class FoundChildCodes(Schema):
    """A found child's institutions and district, written as their stable codes."""

    recorded_by: str
    found_district: int
    cci: str | None

    @staticmethod
    def resolve_found_district(obj) -> int:
        return obj.found_district.lgd_code

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.code

    @staticmethod
    def resolve_cci(obj) -> str | None:
        return obj.cci.code if obj.cci_id else None


class FoundChildSummary(FoundChildCodes):
    id: int
    status: str
    version: int
    name: str
    gender: str
    age_years: int | None
    date_of_birth: date | None
    found_on: date


class FoundChildOut(ChildDescriptionOut, FoundChildCodes):
    found_on: date
    found_place: str
    found_by: str
    circumstance: str
    circumstances_detail: str
    age_is_estimated: bool
    recalls_of_home: str
    cwc: str | None
    cwc_order_number: str
    cwc_order_date: date | None
    admission_number: str
    admission_date: date | None

    @staticmethod
    def resolve_cwc(obj) -> str | None:
        return obj.cwc.code if obj.cwc_id else None


class MissingReportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[MissingReportSummary]


class FoundChildPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[FoundChildSummary]
