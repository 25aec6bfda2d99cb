"""The columns of the two registers' spreadsheets: header, kind, whether required, and an explanation in
English and Hindi for the template's second sheet. Headers are the API's field names, so a file, the API and
an export speak the same language."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from trackchild.cases.models import Build, Complexion, FoundChild, Gender, MissingReport

from .models import Register

TEXT, DATE, DATETIME, INT, CHOICE, BOOL, DISTRICT, STATE, INSTITUTION = (
    "text",
    "date",
    "datetime",
    "int",
    "choice",
    "bool",
    "district",
    "state",
    "institution",
)
WITHDRAW = "withdraw_reason"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    english: str
    hindi: str
    choices: type | None = None  # a TextChoices class
    example: str = ""
    max_length: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


KIND_LABELS = {
    TEXT: _("text"),
    DATE: _("date (DD-MM-YYYY)"),
    DATETIME: _("date, or date and time (DD-MM-YYYY HH:MM)"),
    INT: _("whole number"),
    CHOICE: _("one of the listed values"),
    BOOL: _("yes or no"),
    DISTRICT: _("district LGD code"),
    STATE: _("State/UT LGD code"),
    INSTITUTION: _("institution code"),
}


def _max(model, field: str) -> int | None:
    return getattr(model._meta.get_field(field), "max_length", None)


def _text(model, name, required, english, hindi, example=""):
    return Column(name, TEXT, required, english, hindi, example=example, max_length=_max(model, name))


def _child_columns(model) -> list[Column]:
    return [
        _text(
            model,
            "name",
            False,
            "The child's name as written, in any script; empty if unknown.",
            "बच्चे का नाम जैसा लिखा गया हो, किसी भी लिपि में; पता न हो तो खाली छोड़ें।",
            "Sonu Kumar",
        ),
        _text(
            model,
            "other_names",
            False,
            "Other names, pet names or spellings.",
            "अन्य नाम, घर का नाम या दूसरी वर्तनी।",
            "Sonu, Sonuwa",
        ),
        Column(
            "gender",
            CHOICE,
            True,
            "male, female, transgender or unknown.",
            "male (लड़का), female (लड़की), transgender या unknown (अज्ञात)।",
            Gender,
            "male",
        ),
        Column(
            "date_of_birth",
            DATE,
            False,
            "Date of birth if known.",
            "जन्म तिथि, यदि ज्ञात हो।",
            example="14-03-2015",
        ),
        Column(
            "age_years",
            INT,
            False,
            "Age in whole years (give this or the date of birth).",
            "आयु पूरे वर्षों में (यह या जन्म तिथि दें)।",
            example="11",
        ),
        Column("height_cm", INT, False, "Height in centimetres.", "लंबाई सेंटीमीटर में।", example="135"),
        Column(
            "build",
            CHOICE,
            False,
            "thin, medium or heavy.",
            "thin (दुबला), medium (मध्यम) या heavy (भारी)।",
            Build,
        ),
        Column(
            "complexion",
            CHOICE,
            False,
            "fair, wheatish, dusky or dark.",
            "fair (गोरा), wheatish (गेहुँआ), dusky (साँवला) या dark (काला)।",
            Complexion,
        ),
        _text(
            model,
            "identification_marks",
            False,
            "Identification marks; separate several with a new line.",
            "पहचान के निशान; कई हों तो हर एक नई पंक्ति में।",
            "Mole on the left cheek",
        ),
        _text(model, "clothing", False, "Clothing when last seen or found.", "अंतिम बार देखे/मिलने के समय के कपड़े।"),
        _text(
            model,
            "languages",
            False,
            "Languages the child speaks.",
            "बच्चा कौन-सी भाषाएँ बोलता है।",
            "Hindi, Bhojpuri",
        ),
        _text(model, "disability", False, "Disability or medical needs.", "दिव्यांगता या चिकित्सा संबंधी ज़रूरतें।"),
        _text(model, "school", False, "School.", "स्कूल।"),
        _text(model, "father_name", False, "Father's name.", "पिता का नाम।", "Ramesh Yadav"),
        _text(model, "mother_name", False, "Mother's name.", "माता का नाम।"),
        _text(model, "guardian_name", False, "Guardian's name.", "अभिभावक का नाम।"),
        _text(model, "home_address", False, "Home address, village or town.", "घर का पता, गाँव या कस्बा।"),
        Column(
            "home_state",
            STATE,
            False,
            "LGD code of the home State/UT.",
            "गृह राज्य/केंद्रशासित प्रदेश का LGD कोड।",
            example="10",
        ),
        Column(
            "home_district",
            DISTRICT,
            False,
            "LGD code of the home district.",
            "गृह ज़िले का LGD कोड।",
            example="230",
        ),
        _text(model, "home_pin", False, "6-digit PIN code of home.", "घर का 6 अंकों का पिन कोड।", "800001"),
    ]


MISSING_REPORT_COLUMNS: list[Column] = [
    _text(
        MissingReport,
        "fir_number",
        True,
        "FIR or GD number: with your police station, it identifies the report; a second upload updates it.",
        "एफ़आईआर या जीडी संख्या: आपके थाने के साथ यही रिपोर्ट की पहचान है; दोबारा अपलोड करने पर रिपोर्ट अद्यतन होती है।",
        "FIR-101/2026",
    ),
    Column("fir_date", DATE, True, "Date of the FIR or GD.", "एफ़आईआर या जीडी की तिथि।", example="02-11-2026"),
    Column(
        "missing_since",
        DATETIME,
        True,
        "Date (and time, Indian Standard Time) the child went missing.",
        "बच्चा किस तिथि (और समय, भारतीय मानक समय) से लापता है।",
        example="01-11-2026 18:30",
    ),
    _text(
        MissingReport, "place_last_seen", True, "Place last seen.", "अंतिम बार कहाँ देखा गया।", "Patna Junction"
    ),
    Column(
        "last_seen_district",
        DISTRICT,
        True,
        "LGD code of the district last seen in.",
        "जिस ज़िले में अंतिम बार देखा गया उसका LGD कोड।",
        example="230",
    ),
    _text(MissingReport, "circumstances", False, "Circumstances.", "परिस्थितियाँ।"),
    _text(
        MissingReport, "complainant_name", True, "Complainant's name.", "शिकायतकर्ता का नाम।", "Ramesh Yadav"
    ),
    _text(
        MissingReport,
        "complainant_relation",
        True,
        "Complainant's relation to the child.",
        "शिकायतकर्ता का बच्चे से संबंध।",
        "father",
    ),
    _text(
        MissingReport,
        "complainant_phone",
        True,
        "Complainant's phone.",
        "शिकायतकर्ता का फ़ोन नंबर।",
        "9812345678",
    ),
    _text(MissingReport, "complainant_address", False, "Complainant's address.", "शिकायतकर्ता का पता।"),
    *_child_columns(MissingReport),
    Column(
        WITHDRAW,
        TEXT,
        False,
        "To close the report (e.g. registered twice, or the child returned): the reason. Leave empty otherwise.",
        "रिपोर्ट बंद करने के लिए (जैसे दो बार दर्ज, या बच्चा लौट आया) कारण लिखें; अन्यथा खाली छोड़ें।",
    ),
]

FOUND_CHILD_COLUMNS: list[Column] = [
    _text(
        FoundChild,
        "admission_number",
        True,
        "The CCI's admission number: with the CCI, it identifies the child; a second upload updates the record.",
        "बाल देखरेख संस्था (CCI) की प्रवेश संख्या: CCI के साथ यही बच्चे की पहचान है; दोबारा अपलोड करने पर रिकॉर्ड अद्यतन होता है।",
        "ADM-2026-041",
    ),
    Column(
        "cci",
        INSTITUTION,
        False,
        "Code of the CCI the child is placed in (empty: your own CCI).",
        "जिस CCI में बच्चा रखा गया है उसका कोड (खाली: आपकी अपनी CCI)।",
        example="CCI-A",
    ),
    Column("admission_date", DATE, False, "Admission date.", "प्रवेश की तिथि।", example="21-11-2026"),
    Column(
        "found_on", DATE, True, "Date the child was found.", "बच्चा किस तिथि को मिला।", example="20-11-2026"
    ),
    _text(FoundChild, "found_place", True, "Place found.", "बच्चा कहाँ मिला।", "Patna Junction platform 4"),
    Column(
        "found_district",
        DISTRICT,
        True,
        "LGD code of the district found in.",
        "जिस ज़िले में मिला उसका LGD कोड।",
        example="230",
    ),
    Column(
        "found_by",
        CHOICE,
        True,
        "Who found the child: police, railway_police, childline, ngo, citizen, other.",
        "बच्चे को किसने पाया: police, railway_police, childline, ngo, citizen, other।",
        FoundChild.FoundBy,
        "railway_police",
    ),
    Column(
        "circumstance",
        CHOICE,
        True,
        "railway_station, bus_stand, labour, trafficking, begging, street or other.",
        "railway_station, bus_stand, labour (बाल श्रम), trafficking (तस्करी), begging (भिक्षावृत्ति), street या other।",
        FoundChild.Circumstance,
        "railway_station",
    ),
    _text(FoundChild, "circumstances_detail", False, "Circumstances in detail.", "परिस्थितियों का विवरण।"),
    Column(
        "age_is_estimated",
        BOOL,
        False,
        "yes if the age is an estimate (the default), no if known.",
        "आयु अनुमानित हो तो yes (डिफ़ॉल्ट), ज्ञात हो तो no।",
        example="yes",
    ),
    _text(
        FoundChild,
        "recalls_of_home",
        False,
        "What the child recalls of home, in the child's words.",
        "बच्चे को घर के बारे में क्या याद है, उसी के शब्दों में।",
    ),
    *_child_columns(FoundChild),
    Column(
        "cwc",
        INSTITUTION,
        False,
        "Code of the CWC the child was produced before.",
        "जिस बाल कल्याण समिति (CWC) के सामने बच्चा प्रस्तुत हुआ उसका कोड।",
        example="CWC-A",
    ),
    _text(FoundChild, "cwc_order_number", False, "CWC order number.", "CWC आदेश संख्या।"),
    Column("cwc_order_date", DATE, False, "CWC order date.", "CWC आदेश की तिथि।"),
    Column(
        WITHDRAW,
        TEXT,
        False,
        "To withdraw the record (e.g. registered twice): the reason. Leave empty otherwise.",
        "रिकॉर्ड वापस लेने के लिए (जैसे दो बार दर्ज) कारण लिखें; अन्यथा खाली छोड़ें।",
    ),
]

COLUMNS = {Register.MISSING_REPORTS: MISSING_REPORT_COLUMNS, Register.FOUND_CHILDREN: FOUND_CHILD_COLUMNS}
KEY_COLUMN = {Register.MISSING_REPORTS: "fir_number", Register.FOUND_CHILDREN: "admission_number"}


def normal_header(text: str) -> str:
    """'FIR number', 'fir_number ' and 'Fir-Number' are one header."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
