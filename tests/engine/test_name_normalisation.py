"""Names in ten scripts and the usual Indian spelling variants reduce to one phonetic key."""

import pytest

from childmatch.names import parse_name, phonetic_key, skeleton
from childmatch.scripts import script_of, to_latin

SAME_KEY = [
    # scripts
    ("सुनीता", "Sunita"),
    ("पूजा", "Pooja"),
    ("লক্ষ্মী", "Laxmi"),
    ("ਗੁਰਪ੍ਰੀਤ", "Gurpreet"),
    ("અંકિત", "Ankit"),
    ("ଲକ୍ଷ୍ମୀ", "Lakshmi"),
    ("சுரேஷ்", "Suresh"),
    ("లక్ష్మి", "Lakshmi"),
    ("ಸುರೇಶ್", "Suresh"),
    ("സുരേഷ്", "Suresh"),
    ("রবীন্দ্র", "Rabindra"),
    ("ज़ाकिर", "Zakir"),
    # aspirates, vowel length, v/w/b, sh/s, z/j, ksh/x, doubled letters, final -a, -iya/-ia, Bengali o/a
    ("Bhoomika", "Bhumika"),
    ("Dharmendra", "Darmendra"),
    ("Sumit", "Soomit"),
    ("Deepak", "Dipak"),
    ("Vijay", "Bijay"),
    ("Vishal", "Wishal"),
    ("Shivani", "Sivani"),
    ("Zoya", "Joya"),
    ("Lakshmi", "Laxmi"),
    ("Pappu", "Papu"),
    ("Rama", "Ram"),
    ("Soniya", "Sonia"),
    ("Shobha", "Sobha"),
    ("Mohan", "Mohon"),
    ("Khushboo", "Kushbu"),
    ("Sheikh", "Shaikh"),
    ("Pinky", "Pinki"),
    ("Chhotu", "Chotu"),
]


@pytest.mark.parametrize("a,b", SAME_KEY)
def test_it_gives_variants_one_key(a, b):
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(
    "a,b", [("Kamala", "Kamla"), ("முருகன்", "Murugan"), ("Gurapreet", "Gurpreet"), ("Anjali", "Anjli")]
)
def test_it_gives_schwa_and_tamil_voicing_variants_one_skeleton(a, b):
    assert skeleton(phonetic_key(a)) == skeleton(phonetic_key(b))


@pytest.mark.parametrize(
    "a,b", [("Pooja", "Priya"), ("Ravi", "Rani"), ("Sunita", "Sanjay"), ("Amit", "Anita")]
)
def test_it_keeps_different_names_apart(a, b):
    assert phonetic_key(a) != phonetic_key(b)


@pytest.mark.parametrize(
    "text,script",
    [
        ("सुनीता", "devanagari"),
        ("লক্ষ্মী", "bengali"),
        ("ਗੁਰਪ੍ਰੀਤ", "gurmukhi"),
        ("અંકિત", "gujarati"),
        ("ଲକ୍ଷ୍ମୀ", "odia"),
        ("சுரேஷ்", "tamil"),
        ("లక్ష్మి", "telugu"),
        ("ಸುರೇಶ್", "kannada"),
        ("സുരേഷ്", "malayalam"),
        ("Suresh", "latin"),
    ],
)
def test_it_recognises_each_script(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize(
    "text,latin",
    [
        ("राम", "raama"),
        ("मोहम्मद", "mohammada"),
        ("कमला", "kamlaa"),
        ("गुरप्रीत", "gurpriita"),
        ("क़ासिम", "qaasima"),
    ],
)
def test_it_transliterates_with_inherent_vowels(text, latin):
    assert to_latin(text) == latin


@pytest.mark.parametrize(
    "text,core,fillers,initials",
    [
        ("Md. Irfan Khan", ("irfan", "kan"), {"mhd"}, set()),
        ("Mohammad Irfan", ("irfan",), {"mhd"}, set()),
        ("Sri Ramesh", ("rames",), set(), set()),
        ("Pooja Kumari", ("puj",), {"kumari"}, set()),
        ("Sunita Devi", ("sunit",), {"debi"}, set()),
        ("Gurpreet Singh", ("gurprit",), {"sing"}, set()),
        ("K. R. Murugan", ("murugan",), set(), {"k", "r"}),
        ("Yadav Ravi", ("yadab", "rabi"), set(), set()),
    ],
)
def test_it_separates_core_names_from_titles_fillers_and_initials(text, core, fillers, initials):
    p = parse_name(text)
    assert p.core == core
    assert set(p.fillers) == fillers
    assert set(p.initials) == initials


@pytest.mark.parametrize("text", ["Unknown", "Baby Girl", "baby boy", "अज्ञात", "NA", "Not known", "", "  "])
def test_it_treats_non_names_as_no_name(text):
    assert parse_name(text).empty


@pytest.mark.parametrize("text", ["Guddu", "Munni", "Chhotu", "Pinky", "गुड्डू"])
def test_it_marks_pet_names(text):
    p = parse_name(text)
    assert p.core and set(p.core) == set(p.pets)
