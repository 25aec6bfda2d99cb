"""The districts the demo populates, the institutions in each, and the places children go missing or are found.

Five states, two districts each: a larger district with the full set of institutions (two police stations, one
of them the railway police, an SJPU, a CWC, a JJB, a DCPU and several kinds of CCI) and a smaller one. The
institutions' names are generic; none stands for a real home.
"""

from dataclasses import dataclass

from .people import REGIONS


@dataclass(frozen=True)
class InstitutionPlan:
    key: str  # the end of the institution's code
    kind: str
    name: str
    username: str = ""  # the demo account working there, if any
    cci_kind: str = ""
    capacity: int | None = None
    takes: str = ""  # for CCIs that receive found children: girls, boys or all


@dataclass(frozen=True)
class DemoDistrict:
    state: str
    name: str
    slug: str  # used in usernames and codes
    state_code: str  # the state's two letters in registration numbers
    std_code: str
    pin_prefix: str
    places: tuple[str, ...]
    institutions: tuple[InstitutionPlan, ...]
    regions: tuple[tuple[str, int], ...]  # whose children turn up here, with weights
    has_officer: bool = True

    @property
    def code_prefix(self) -> str:
        return f"DEMO-{self.state_code}-{self.slug.upper()}"


def _larger(state, name, slug, state_code, std_code, pin_prefix, places, police_station, regions):
    """A district headquarters with every kind of institution."""
    return DemoDistrict(
        state=state,
        name=name,
        slug=slug,
        state_code=state_code,
        std_code=std_code,
        pin_prefix=pin_prefix,
        places=places,
        regions=regions,
        institutions=(
            InstitutionPlan("PS1", "police_station", f"{police_station} Police Station", f"police.{slug}"),
            InstitutionPlan(
                "GRP", "police_station", f"Government Railway Police Station, {places[0]}", f"grp.{slug}"
            ),
            InstitutionPlan("SJPU", "sjpu", f"Special Juvenile Police Unit, {name}"),
            InstitutionPlan("CWC", "cwc", f"Child Welfare Committee, {name}", f"cwc.{slug}"),
            InstitutionPlan("JJB", "jjb", f"Juvenile Justice Board, {name}", f"jjb.{slug}"),
            InstitutionPlan("DCPU", "dcpu", f"District Child Protection Unit, {name}"),
            InstitutionPlan(
                "CCI-G",
                "cci",
                f"Government Children's Home for Girls, {name}",
                f"cci.{slug}",
                cci_kind="childrens_home",
                capacity=50,
                takes="girls",
            ),
            InstitutionPlan(
                "CCI-B",
                "cci",
                f"Asha Shelter Home for Boys, {name}",
                f"cci.{slug}.boys",
                cci_kind="shelter_home",
                capacity=30,
                takes="boys",
            ),
            InstitutionPlan(
                "CCI-OS", "cci", f"Open Shelter near {places[0]}", cci_kind="open_shelter", capacity=25
            ),
            InstitutionPlan(
                "CCI-OH", "cci", f"Observation Home, {name}", cci_kind="observation_home", capacity=40
            ),
            InstitutionPlan(
                "CCI-SAA",
                "cci",
                f"Specialised Adoption Agency, {name}",
                cci_kind="adoption_agency",
                capacity=15,
            ),
        ),
    )


def _smaller(state, name, slug, state_code, std_code, pin_prefix, places, police_station, regions):
    return DemoDistrict(
        state=state,
        name=name,
        slug=slug,
        state_code=state_code,
        std_code=std_code,
        pin_prefix=pin_prefix,
        places=places,
        regions=regions,
        has_officer=False,
        institutions=(
            InstitutionPlan("PS1", "police_station", f"{police_station} Police Station", f"police.{slug}"),
            InstitutionPlan("CWC", "cwc", f"Child Welfare Committee, {name}", f"cwc.{slug}"),
            InstitutionPlan("DCPU", "dcpu", f"District Child Protection Unit, {name}"),
            InstitutionPlan(
                "CCI",
                "cci",
                f"Children's Home, {name}",
                f"cci.{slug}",
                cci_kind="childrens_home",
                capacity=40,
                takes="all",
            ),
        ),
    )


DEMO_DISTRICTS: tuple[DemoDistrict, ...] = (
    _larger(
        "Bihar",
        "Patna",
        "patna",
        "BR",
        "0612",
        "800",
        ("Patna Junction", "Gandhi Maidan", "Kankarbagh", "Boring Road", "Danapur", "Phulwari Sharif"),
        "Kotwali",
        (("hindi", 80), ("muslim", 18), ("bengali", 2)),
    ),
    _smaller(
        "Bihar",
        "Muzaffarpur",
        "muzaffarpur",
        "BR",
        "0621",
        "842",
        ("Muzaffarpur Junction", "Motijheel", "Kanti", "Brahmpura"),
        "Nagar",
        (("hindi", 82), ("muslim", 18)),
    ),
    _larger(
        "Uttar Pradesh",
        "Lucknow",
        "lucknow",
        "UP",
        "0522",
        "226",
        ("Charbagh Railway Station", "Aminabad", "Alambagh Bus Stand", "Chowk", "Gomti Nagar"),
        "Hazratganj",
        (("hindi", 72), ("muslim", 28)),
    ),
    _smaller(
        "Uttar Pradesh",
        "Varanasi",
        "varanasi",
        "UP",
        "0542",
        "221",
        ("Varanasi Cantt Station", "Dashashwamedh Ghat", "Lanka", "Godowlia"),
        "Chetganj",
        (("hindi", 80), ("muslim", 20)),
    ),
    _larger(
        "Delhi",
        "New Delhi",
        "newdelhi",
        "DL",
        "011",
        "110",
        ("New Delhi Railway Station", "Paharganj", "Connaught Place", "Gole Market", "Chanakyapuri"),
        "Parliament Street",
        (
            ("hindi", 45),
            ("muslim", 20),
            ("punjabi", 10),
            ("bengali", 8),
            ("assamese", 5),
            ("northeast_hills", 5),
            ("tamil", 3),
            ("telugu", 4),
        ),
    ),
    _smaller(
        "Delhi",
        "North East",
        "northeast",
        "DL",
        "011",
        "110",
        ("Seelampur", "Jafrabad", "Shastri Park Metro Station", "Gokulpuri", "Bhajanpura"),
        "Seelampur",
        (("hindi", 50), ("muslim", 45), ("bengali", 5)),
    ),
    _larger(
        "Maharashtra",
        "Mumbai",
        "mumbai",
        "MH",
        "022",
        "400",
        ("Chhatrapati Shivaji Maharaj Terminus", "Dadar Station", "Byculla", "Dharavi", "Colaba"),
        "Azad Maidan",
        (("marathi", 35), ("hindi", 25), ("muslim", 20), ("tamil", 8), ("telugu", 8), ("bengali", 4)),
    ),
    _smaller(
        "Maharashtra",
        "Pune",
        "pune",
        "MH",
        "020",
        "411",
        ("Pune Station", "Swargate Bus Stand", "Hadapsar", "Shivajinagar", "Yerawada"),
        "Bund Garden",
        (("marathi", 65), ("hindi", 15), ("muslim", 10), ("telugu", 10)),
    ),
    _larger(
        "West Bengal",
        "Kolkata",
        "kolkata",
        "WB",
        "033",
        "700",
        ("Sealdah Station", "Esplanade", "Kidderpore", "Tiljala", "Park Circus"),
        "Bowbazar",
        (("bengali", 60), ("muslim", 25), ("hindi", 12), ("assamese", 3)),
    ),
    _smaller(
        "West Bengal",
        "North 24 Parganas",
        "n24pgs",
        "WB",
        "033",
        "743",
        ("Barasat", "Basirhat", "Bongaon Station", "Barrackpore", "Dum Dum"),
        "Basirhat",
        (("bengali", 60), ("muslim", 38), ("hindi", 2)),
    ),
)

DEMO_STATES = tuple(dict.fromkeys(d.state for d in DEMO_DISTRICTS))
STATE_SLUGS = {
    "Bihar": "bihar",
    "Uttar Pradesh": "up",
    "Delhi": "delhi",
    "Maharashtra": "maharashtra",
    "West Bengal": "westbengal",
}


def all_district_names() -> list[tuple[str, str]]:
    """Every (state, district) the demo refers to: where institutions stand and where children's homes are."""
    names = {(d.state, d.name) for d in DEMO_DISTRICTS}
    for region in REGIONS.values():
        names.update(region.homes)
    return sorted(names)
