"""Made-up children and what each register would write about them.

A `Child` is who the child really is; `missing_report_fields` is what a police station writes when the family
complains, and `found_child_fields` what a CWC or CCI writes when a child is found — for the same child that
means another spelling or script, an estimated age, fewer marks and a half-remembered home, as in real registers.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .people import NAMELESS, PET_NAMES, REGIONS, Region
from .spellings import in_script, variant_name

# (as the family describes it, as a CCI describes the same mark)
MARKS = (
    ("mole on left cheek", "black mole, left cheek"),
    ("burn scar on right hand", "old burn mark on right palm"),
    ("cut mark above right eyebrow", "scar over right eye"),
    ("black birthmark on back", "dark birth mark on the back"),
    ("six fingers on left hand", "extra finger, left hand"),
    ("tattoo of 'Om' on right forearm", "Om tattoo on right arm"),
    ("pierced nose (left side)", "nose pierced on left"),
    ("squint in left eye", "left eye squint"),
    ("chipped front tooth", "front tooth broken"),
    ("scar on chin", "small scar below the lip"),
    ("stitch marks on forehead", "old stitch marks on forehead"),
    ("white patch (vitiligo) on neck", "white spot on neck"),
    ("dimple on right cheek", "dimple, right cheek"),
    ("limps slightly on the left leg", "walks with a limp"),
    ("dog-bite scar on left calf", "bite mark on left leg"),
    ("'Maa' tattooed on left wrist", "'Maa' written on left wrist"),
    ("boil scar on left knee", "round scar on knee"),
)
CLOTHING = {
    "female": (
        "red frock and blue slippers",
        "school uniform: white shirt, grey skirt, red ribbon",
        "green salwar kameez with yellow dupatta",
        "pink top and black leggings",
        "purple churidar and a brown sweater",
        "printed cotton nighty",
        "blue jeans and white kurti",
    ),
    "male": (
        "blue jeans and black T-shirt",
        "school uniform: white shirt, khaki half pant",
        "white kurta pyjama",
        "striped vest and shorts",
        "red checked shirt and grey trousers",
        "maroon sweater over a T-shirt",
        "green track suit and rubber chappals",
    ),
}
FOUND_CLOTHING = (
    "torn T-shirt and shorts",
    "dirty frock, barefoot",
    "school uniform, no shoes",
    "oversized shirt and a lungi",
    "salwar kameez, carrying a small bag",
)
VILLAGES = {
    "hindi": ("Rampur", "Sonpur", "Bishunpur", "Chandpur", "Madhopur", "Lalganj", "Nayagaon", "Kalyanpur"),
    "muslim": ("Islampur", "Rampur", "Nayagaon", "Karimganj", "Bishunpur"),
    "bengali": ("Hingalganj", "Minakhan", "Haroa", "Gosaba", "Swarupnagar", "Dhamakhali"),
    "marathi": ("Wadgaon", "Shirur", "Pimpalgaon", "Kothrud", "Malegaon"),
    "tamil": ("Thiruppuvanam", "Melur", "Vadipatti", "Usilampatti"),
    "telugu": ("Miryalaguda", "Kodad", "Jadcherla", "Narayanpet"),
    "punjabi": ("Khanna", "Jagraon", "Raikot", "Samrala"),
    "assamese": ("Sonapur", "Chaygaon", "Boko", "Hajo"),
    "northeast_hills": ("Moirang", "Lamka", "Mawlai", "Tura"),
}
LANES = (
    "Gali no. 3",
    "Ward no. 12",
    "near Hanuman Mandir",
    "behind the post office",
    "JJ Colony",
    "near the water tank",
    "Railway Colony",
    "Masjid Road",
)
CITIES = ("Delhi", "Mumbai", "Kolkata", "Surat", "Ludhiana", "Bengaluru", "Hyderabad", "Jaipur")
FAIRS = (
    "the Chhath Puja ghat",
    "the Kumbh mela",
    "the Durga Puja pandal",
    "the Muharram procession",
    "the Ganpati visarjan",
    "the Sonepur mela",
)
MISSING_CIRCUMSTANCES = {
    "any": (
        "Left home for school in the morning and did not return.",
        "Went to the market to buy vegetables and did not come back.",
        "Did not return from tuition class in the evening.",
        "Left home after a quarrel with the parents over studies.",
        "Ran away after being scolded for using the mobile phone.",
        "Last seen at {place} with an unknown man.",
        "Went to a relative's wedding in the village and did not return.",
        "Believed to have gone to {city} to look for work.",
        "Got separated from the family in the crowd at {fair}.",
    ),
    "girl": (
        "Suspected to have been lured by a neighbour with a promise of a job in {city}.",
        "The complainant suspects she was enticed away by a boy from the locality.",
        "Left with a woman who had offered her work as a domestic help.",
        "Missing since she went to fetch water from the hand pump.",
    ),
    "boy": (
        "Went with friends to {city} to work in a hotel, neighbours say.",
        "Left home with two friends from the locality; all three are missing.",
        "Was working at a tea stall near {place}; did not return home.",
    ),
    "young": (
        "Was playing outside the house while the mother went inside for a few minutes.",
        "Lost in the crowd at {place}.",
    ),
}
FOUND_CIRCUMSTANCES = {
    "railway_station": (
        ("railway_police", "childline"),
        (
            "Found alone on platform {n} of {place} by the RPF during night patrol.",
            "A TTE found the child travelling without a ticket and handed over to GRP at {place}.",
            "Found sleeping in the general waiting hall at {place}.",
        ),
    ),
    "bus_stand": (
        ("police", "citizen"),
        (
            "Found crying at {place} by a bus conductor.",
            "Got down from a bus at {place} and could not say where to go.",
        ),
    ),
    "labour": (
        ("police", "ngo"),
        (
            "Rescued from a {work} in a joint raid by police, labour department and Childline.",
            "Rescued from a {work} near {place}; the employer has been booked.",
        ),
    ),
    "trafficking": (
        ("police", "childline", "ngo"),
        (
            "Rescued with {n} other children from a bus bound for {city} after a tip-off to Childline.",
            "Rescued from a placement agency supplying domestic workers in {city}.",
        ),
    ),
    "begging": (
        ("childline", "ngo"),
        ("Found begging at the traffic signal near {place}.", "Found begging outside a temple near {place}."),
    ),
    "street": (
        ("citizen", "police"),
        (
            "Brought by a shopkeeper who saw the child wandering alone near {place}.",
            "Found by a beat constable near {place} late at night.",
        ),
    ),
    "other": (
        ("other",),
        ("Handed over by the district hospital after treatment; nobody came for the child.",),
    ),
}
WORKPLACES = (
    "bangle-making unit",
    "zari embroidery workshop",
    "roadside dhaba",
    "brick kiln",
    "garment unit",
    "household, as a domestic worker",
)
RECALLS = (
    "Says home is near a big river and a temple.",
    "Remembers the village as '{village}'.",
    "Says the father drives an auto; the mother's name is {mother}.",
    "Says she came by train from {home} with a woman who promised work.",
    "Says home is in {home}.",
    "Speaks only {language}; an interpreter is needed.",
    "Could not say where home is; speaks very little.",
)


@dataclass
class Child:
    region: Region
    gender: str
    given: str
    surname: str
    pet_name: str
    born: date
    marks: list[int]  # indexes into MARKS
    languages: str
    father: str
    mother: str
    build: str
    complexion: str
    home: object | None = None  # District
    home_address: str = ""
    home_pin: str = ""
    photo_seed: int = field(default=0)

    def full_name(self) -> str:
        if self.region.surname_first_initial:
            return f"{self.surname} {self.given}"
        return f"{self.given} {self.surname}".strip()

    def age_on(self, day: date) -> int:
        return day.year - self.born.year - ((day.month, day.day) < (self.born.month, self.born.day))


def pick_weighted(rng: random.Random, pairs) -> str:
    keys, weights = zip(*pairs, strict=True)
    return rng.choices(keys, weights=weights)[0]


def missing_age(rng: random.Random) -> int:
    """NCRB: most missing children are 12–17."""
    band = rng.choices(("young", "middle", "teen"), weights=(4, 18, 78))[0]
    if band == "young":
        return rng.randint(2, 5)
    if band == "middle":
        return rng.randint(6, 11)
    return rng.choices(range(12, 18), weights=(8, 12, 16, 20, 22, 22))[0]


def found_age(rng: random.Random) -> int:
    return rng.choices(range(18), weights=(2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 11, 9, 6))[0]


def make_child(
    rng: random.Random, region: Region, gender: str, age: int, on: date, home=None, pin=""
) -> Child:
    born = on - timedelta(days=age * 365 + rng.randint(15, 350))
    father_given = rng.choice(region.fathers)
    family = rng.choice(region.surnames) if region.surnames else ""
    if region.surname_first_initial:
        surname = f"{father_given[0]}."
    elif (
        gender == "female"
        and region.girl_surnames
        and rng.random() < (0.85 if region.key == "punjabi" else 0.4)
    ):
        surname = rng.choice(region.girl_surnames)
    elif gender == "male" and region.key == "hindi" and rng.random() < 0.3:
        surname = "Kumar"  # Bihar and UP: many boys are "Kumar" whatever the father's surname
    else:
        surname = "Kumari" if gender == "female" and family == "Kumar" else family
    village = rng.choice(VILLAGES[region.key])
    address = (
        f"House no. {rng.randint(1, 240)}, {rng.choice(LANES)}"
        if pin
        else f"Village {village}, PO {rng.choice(VILLAGES[region.key])}"
    )
    return Child(
        region=region,
        gender=gender,
        given=rng.choice(region.girls if gender == "female" else region.boys),
        surname=surname,
        pet_name=rng.choice(PET_NAMES[gender]) if rng.random() < 0.4 else "",
        born=born,
        marks=rng.sample(range(len(MARKS)), rng.choices((0, 1, 2, 3), weights=(20, 45, 25, 10))[0]),
        languages=rng.choice(region.languages),
        father=f"{father_given} {family}".strip(),
        mother=rng.choice(region.mothers),
        build=rng.choice(("thin", "thin", "medium", "medium", "heavy")),
        complexion=rng.choice(("fair", "wheatish", "wheatish", "dusky", "dark")),
        home=home,
        home_address=address,
        home_pin=f"{pin}{rng.randint(1, 999):03d}" if pin else "",
        photo_seed=rng.randint(0, 2**31),
    )


def height_cm(rng: random.Random, child: Child, on: date) -> int:
    age = child.age_on(on)
    grown = 75 + 6 * min(age, 12) + (3 if child.gender == "male" else 2) * max(0, min(age, 17) - 12)
    return max(50, grown + rng.randint(-7, 7))


def aware(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(6, 21), rng.choice((0, 15, 30, 45)))))


def missing_report_fields(
    rng: random.Random, child: Child, *, missing_on: date, place: str, last_seen_district, hindi_clerk: bool
) -> dict:
    """What a police station records. Dates of birth are rare; ages are the family's."""
    name = child.full_name() if rng.random() > 0.1 else child.given
    if hindi_clerk and rng.random() < 0.1:
        name = in_script(name, "deva") or name
    age = child.age_on(missing_on)
    complainant = rng.choices(
        ("father", "mother", "uncle", "elder brother", "grandmother"), weights=(55, 30, 6, 6, 3)
    )[0]
    complainant_name = {
        "father": child.father,
        "mother": f"{child.mother} Devi" if child.region.key == "hindi" else child.mother,
    }.get(complainant, f"{rng.choice(child.region.fathers)} {child.surname}")
    when = aware(missing_on, rng)
    return {
        "name": name,
        "other_names": child.pet_name,
        "gender": child.gender,
        "date_of_birth": child.born if rng.random() < 0.3 else None,
        "age_years": age,
        "height_cm": height_cm(rng, child, missing_on),
        "build": child.build,
        "complexion": child.complexion,
        "identification_marks": "\n".join(MARKS[i][0] for i in child.marks),
        "clothing": rng.choice(CLOTHING[child.gender]),
        "languages": child.languages,
        "school": f"Government Middle School, {place}" if 6 <= age <= 14 and rng.random() < 0.5 else "",
        "father_name": child.father,
        "mother_name": child.mother,
        "home_address": f"{child.home_address}, {place}" if child.home_pin else child.home_address,
        "home_district": child.home,
        "home_state": child.home.state if child.home else None,
        "home_pin": child.home_pin,
        "fir_date": missing_on + timedelta(days=rng.choices((0, 1, 2, 3), weights=(60, 25, 10, 5))[0]),
        "missing_since": when,
        "place_last_seen": place,
        "last_seen_district": last_seen_district,
        "circumstances": _missing_circumstance(rng, child, age, place),
        "complainant_name": complainant_name,
        "complainant_relation": complainant,
        "complainant_phone": f"{rng.choice('6789')}{rng.randint(0, 999_999_999):09d}",
        "complainant_address": child.home_address,
    }


def _missing_circumstance(rng: random.Random, child: Child, age: int, place: str) -> str:
    pool = MISSING_CIRCUMSTANCES["any"]
    if age < 8:
        pool = MISSING_CIRCUMSTANCES["young"]
    elif age >= 13 and rng.random() < 0.4:
        pool = MISSING_CIRCUMSTANCES["girl" if child.gender == "female" else "boy"]
    return rng.choice(pool).format(place=place, city=rng.choice(CITIES), fair=rng.choice(FAIRS))


def written_name(
    rng: random.Random, child: Child, *, age: int, clerk_script: str, same_child: bool
) -> tuple[str, str]:
    """(name, other names) as a CWC or CCI writes them, for a child who may give only a pet name or none."""
    if age < 3 and rng.random() < 0.6:
        return ("Baby Girl" if child.gender == "female" else "Baby Boy"), ""
    ways = (("full", 50), ("given", 25), ("pet", 12), ("nameless", 13))
    if same_child:  # a found child matching a report: the name is there, but written differently
        ways = (("variant", 35), ("script", 30), ("pet", 15), ("given", 10), ("nameless", 10))
    how = pick_weighted(rng, ways)
    pet = child.pet_name or rng.choice(PET_NAMES[child.gender])
    if how == "nameless":
        return rng.choice(NAMELESS[child.gender]), ""
    if how == "pet":
        return pet, ""
    name = child.given if how == "given" else child.full_name()
    if how == "variant":
        name = variant_name(name, rng)
    elif how == "script":
        name = in_script(name, child.region.script or "deva") or variant_name(name, rng)
    elif clerk_script and rng.random() < 0.25:
        # A home in a Hindi-, Marathi- or Bengali-writing state often keeps its register in that script.
        name = in_script(name, clerk_script) or name
    return name, (pet if rng.random() < 0.3 else "")


def found_child_fields(
    rng: random.Random,
    child: Child,
    *,
    found_on: date,
    places: tuple[str, ...],
    found_district,
    clerk_script: str,
    same_child: bool,
    home_hint: str,
) -> dict:
    """What a CWC/CCI records: an estimated age, marks as they see them, and what the child says of home."""
    true_age = child.age_on(found_on)
    age = max(0, min(17, true_age + rng.choice((-2, -1, 0, 0, 0, 1, 2)))) if true_age >= 3 else true_age
    name, other_names = written_name(rng, child, age=age, clerk_script=clerk_script, same_child=same_child)
    circumstance = found_circumstance(rng, true_age)
    finders, details = FOUND_CIRCUMSTANCES[circumstance]
    place = found_place(rng, circumstance, places, found_district.name)
    marks = [MARKS[i][1] for i in child.marks if rng.random() < 0.7]
    if rng.random() < 0.15:
        marks.append("healed wound on right knee")
    knows_parents = true_age >= 6 and rng.random() < 0.5
    recalls = (
        ""
        if true_age < 4
        else rng.choice(RECALLS).format(
            village=rng.choice(VILLAGES[child.region.key]),
            mother=child.mother,
            home=home_hint,
            language=child.languages.split(",")[0],
        )
    )
    return {
        "name": name,
        "other_names": other_names,
        "gender": child.gender,
        "age_years": age,
        "age_is_estimated": True,
        "height_cm": height_cm(rng, child, found_on),
        "build": child.build,
        "complexion": child.complexion,
        "identification_marks": "\n".join(marks),
        "clothing": rng.choice(FOUND_CLOTHING),
        "languages": child.languages if true_age >= 3 else "",
        "father_name": (variant_name(child.father, rng) if same_child else child.father)
        if knows_parents
        else "",
        "mother_name": child.mother if knows_parents and rng.random() < 0.6 else "",
        "home_state": child.home.state if child.home and same_child and rng.random() < 0.3 else None,
        "found_on": found_on,
        "found_place": place,
        "found_district": found_district,
        "found_by": rng.choice(finders),
        "circumstance": circumstance,
        "circumstances_detail": rng.choice(details).format(
            place=place, n=rng.randint(1, 9), city=rng.choice(CITIES), work=rng.choice(WORKPLACES)
        ),
        "recalls_of_home": recalls,
    }


def found_circumstance(rng: random.Random, age: int) -> str:
    """Stations and streets for any age; labour from about nine, trafficking and begging rescues from six."""
    weights = {
        "railway_station": 30,
        "bus_stand": 12,
        "labour": 14,
        "trafficking": 10,
        "begging": 10,
        "street": 20,
        "other": 4,
    }
    if age < 9:
        weights["labour"] = 0
    if age < 6:
        weights["trafficking"] = weights["begging"] = 0
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def found_place(rng: random.Random, circumstance: str, places: tuple[str, ...], district_name: str) -> str:
    """A railway station for a child found at one, a bus stand for a bus stand, anywhere in the district else."""
    words = {"railway_station": ("Station", "Junction", "Terminus"), "bus_stand": ("Bus Stand",)}.get(
        circumstance
    )
    if not words:
        return rng.choice(places)
    fitting = [p for p in places if any(w in p for w in words)]
    default = f"{district_name} {'railway station' if circumstance == 'railway_station' else 'bus stand'}"
    return rng.choice(fitting) if fitting else default


def home_hint(rng: random.Random, child: Child) -> str:
    """How a child names home: the district, misheard, or only the state."""
    if child.home is None:
        return rng.choice(CITIES)
    return rng.choice((child.home.name, variant_name(child.home.name, rng), child.home.state.name))


def region_for(rng: random.Random, weights) -> Region:
    return REGIONS[pick_weighted(rng, weights)]
