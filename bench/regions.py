"""Regions of India for the synthetic-data generator: states, districts, script, languages, and names.

Names are written in Harvard-Kyoto transliteration (A = aa, I = ii, U = uu, z = sh, S = retroflex sh,
T/D/N retroflex, c = ch, G = velar nasal, M = anusvara, R = vocalic r). The generator renders them in the
region's own script with the indic-transliteration package (a scheme independent of the engine's own
table) and in Latin with randomly chosen spellings. Lists are in rough order of popularity: the generator
draws them Zipf-style, so common names produce many look-alikes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    name: str
    states: dict[str, tuple[str, ...]]  # state name -> districts
    script: str  # indic-transliteration scheme name
    languages: tuple[str, ...]
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]
    bengali_vowels: bool = False  # inherent vowel romanised as "o", v written b
    south: bool = False  # initials before the name, father's name as surname


_HINDI_GIRLS = ("pUjA", "priyA", "anjalI", "nehA", "sunItA", "kAjal", "jyoti", "rANI", "ritu", "sonI", "khuzbU",
                "pinkI", "muskAn", "soniyA", "komal", "AratI", "sapanA", "rInA", "mamatA", "manISA", "rAdhA",
                "sImA", "lakSmI", "kiraN", "zivAnI", "pUnam", "rekhA", "gItA", "sAkSI", "nandinI", "kavitA",
                "saritA", "niSA", "preraNA", "zAlinI", "bhUmikA", "tanuzrI", "ruby", "ArAdhyA", "vaiSNavI",
                "dIpikA", "kumkum", "chAyA", "bindu", "rAgiNI", "saMdhyA", "shreyA", "ambikA", "mInA", "kamalA")
_HINDI_BOYS = ("rAhula", "amana", "rAja", "vikAza", "sUraja", "ravi", "AkAza", "rohita", "sacina", "ajaya",
               "vijaya", "aniketa", "golU", "sonU", "dIpaka", "manIza", "sunIla", "raMjana", "ankita", "aMkuza",
               "bhImA", "prakAza", "sandIpa", "abhiSeka", "AdityA", "kRSNa", "gaNeza", "mohana", "zivama",
               "harSa", "lalita", "dharmendra", "santoSa", "pavana", "nitIza", "dhIraja", "ritika", "zubhama",
               "yogeza", "kundana", "praveza", "azoka", "rAmU", "bablU", "anUpa", "himAMzu", "lakhana")
_HINDI_SURNAMES = ("kumAra", "yAdava", "zarmA", "siMha", "gupta", "varmA", "mizrA", "paTela",
                   "cauhAna", "prasAda", "paNDita", "rAma", "tivArI", "sAhU", "maurya", "pAsavAna", "manDala",
                   "khAna", "ThAkura", "jhA", "rAjaputa", "mahato", "dubey", "pANDeya", "zukla")
_MUSLIM_GIRLS = ("AyazA", "zabanama", "rukhsAra", "nAziyA", "phAtimA", "zAhIna", "muskAna", "salmA",
                 "rubInA", "zAyarA", "naziyA", "heenA", "tabassuma", "zoyA")
_MUSLIM_BOYS = ("Arifa", "imrAna", "irfAna", "sAhila", "Asifa", "zAhida", "ajhara", "rizvAna", "salmAna",
                "Amira", "danizha", "phaizAna", "sAkira", "javeda")
_MUSLIM_SURNAMES = ("khAna", "anSArI", "zekha", "kuraizI", "Alama", "ahamada", "malika", "siddIkI")

REGIONS: tuple[Region, ...] = (
    Region("hindi", {
        "Uttar Pradesh": ("Lucknow", "Kanpur Nagar", "Gorakhpur", "Varanasi", "Prayagraj", "Bahraich",
                          "Sitapur", "Azamgarh", "Bareilly", "Agra"),
        "Bihar": ("Patna", "Gaya", "Muzaffarpur", "Darbhanga", "Purnia", "Bhagalpur", "Sitamarhi", "Araria"),
        "Madhya Pradesh": ("Bhopal", "Indore", "Jabalpur", "Rewa", "Sagar", "Jhabua"),
        "Rajasthan": ("Jaipur", "Jodhpur", "Udaipur", "Alwar", "Bhilwara"),
        "Jharkhand": ("Ranchi", "Dumka", "Gumla", "Palamu", "Sahibganj"),
        "Chhattisgarh": ("Raipur", "Bastar", "Bilaspur", "Korba"),
        "Delhi": ("North Delhi", "South Delhi", "East Delhi", "Shahdara"),
        "Haryana": ("Gurugram", "Faridabad", "Hisar", "Panipat"),
    }, "devanagari", ("Hindi", "Bhojpuri", "Maithili", "Magahi"), _HINDI_GIRLS, _HINDI_BOYS,
        _HINDI_SURNAMES),
    Region("urdu", {"Uttar Pradesh": ("Moradabad", "Rampur", "Meerut", "Saharanpur"),
                    "Bihar": ("Kishanganj", "Katihar"), "Delhi": ("North East Delhi", "Central Delhi")},
           "devanagari", ("Urdu", "Hindi"), _MUSLIM_GIRLS, _MUSLIM_BOYS, _MUSLIM_SURNAMES),
    Region("marathi", {"Maharashtra": ("Pune", "Mumbai Suburban", "Thane", "Nagpur", "Nashik", "Solapur",
                                       "Aurangabad", "Beed")},
           "devanagari", ("Marathi", "Hindi"),
           ("sAkSI", "pUjA", "snehA", "pratIkSA", "aziwinI", "vaiSNavI", "zraddhA", "pUnama", "manIzA",
            "gauri", "kalyANI", "rutujA", "sAyalI", "aMkitA", "mayUrI"),
           ("omkAra", "sAgara", "pratIka", "gaNeza", "tuSAra", "AkAza", "vaibhava", "aniketa", "rohita",
            "sUraja", "mahezA", "nikhila", "vinAyaka", "zrIkAnta", "sacina"),
           ("pATIla", "jAdhava", "pavAra", "zinde", "kAMbale", "more", "gAyakavADa", "deshamukha", "chavhANa",
            "kulakarNI")),
    Region("bengali", {"West Bengal": ("Kolkata", "South 24 Parganas", "North 24 Parganas", "Murshidabad",
                                       "Nadia", "Malda", "Purba Bardhaman", "Jalpaiguri", "Howrah"),
                       "Tripura": ("West Tripura", "Dhalai")},
           "bengali", ("Bengali",),
           ("mampI", "puTula", "rumpA", "moumitA", "priyaMkA", "sumitA", "zampA", "riyA", "tanusrI",
            "payela", "ananyA", "zreyA", "rupA", "mitAlI", "sonAlI", "dipAlI", "pUjA", "kakalI"),
           ("rAjA", "bApI", "subhojita", "tapana", "sumana", "arijita", "abhijita", "sourava", "rAhula",
            "biplaba", "pintU", "sanjIva", "dIpaka", "prasenajita", "subrata", "ananta", "zuvama"),
           ("dAsa", "maNDala", "ghoSa", "sarakAra", "biswAsa", "rAya", "mAjhI", "bAga", "saheba", "zekha",
            "pAla", "haldara", "pramANika", "baidya"), bengali_vowels=True),
    Region("assamese", {"Assam": ("Kamrup Metropolitan", "Nagaon", "Dhubri", "Sonitpur", "Barpeta", "Cachar")},
           "bengali", ("Assamese", "Bengali"),
           ("puja", "anAmikA", "ritumoNi", "jUnAlI", "priyA", "bhArgavI", "dIpzikhA", "mAminI", "nItumoNi"),
           ("rAjIva", "bhAskara", "jayanta", "dIpaka", "mRNAla", "bikAza", "hemanta", "anupama", "pRthvI"),
           ("bora", "gogoi", "kalitA", "dAsa", "baruA", "saikiyA", "nAtha", "deka", "hajArikA"),
           bengali_vowels=True),
    Region("punjabi", {"Punjab": ("Ludhiana", "Amritsar", "Jalandhar", "Patiala", "Bathinda", "Gurdaspur")},
           "gurmukhi", ("Punjabi", "Hindi"),
           ("harapreta", "gurapreta", "manapreta", "jasaprIta", "navadIpa", "simaraNa", "amanadIpa",
            "ravinder", "kiraNa", "sukhavindera"),
           ("gurapreta", "harapreta", "manapreta", "jaspAla", "lavapreta", "arzadIpa", "sukhavindera",
            "gagandIpa", "jagajIta", "ravinder"),
           ("siMha", "kaura", "gila", "sandhU", "dhillona", "grevAla", "saiNI", "brAra")),
    Region("gujarati", {"Gujarat": ("Ahmedabad", "Surat", "Vadodara", "Rajkot", "Dahod", "Panchmahal")},
           "gujarati", ("Gujarati", "Hindi"),
           ("hetala", "krupA", "jinala", "bhUmI", "riddhI", "dhArA", "khuzI", "nidhI", "pAyala", "mittala"),
           ("hArdika", "kaushika", "jigneza", "bhAvina", "nilesa", "paresha", "kalpeza", "darzana", "mehula"),
           ("paTela", "zAha", "desAI", "parmAra", "solaMkI", "makavANA", "rAThoDa", "chauhAna", "vasAvA")),
    Region("odia", {"Odisha": ("Khordha", "Cuttack", "Ganjam", "Mayurbhanj", "Balasore", "Koraput",
                               "Sundargarh")},
           "oriya", ("Odia",),
           ("sasmitA", "pUjA", "lipsA", "subhazrI", "manasI", "priyaMkA", "jyotsnA", "smitA", "rasmitA",
            "bijayalakSmI"),
           ("biswajita", "subhama", "debAzisa", "pravAta", "santoSa", "jagannAtha", "sisira", "kRSNa",
            "bijaya", "manoja"),
           ("sAhU", "nAyaka", "behera", "swAIM", "dAsa", "mahAnti", "pradhAna", "mallika", "jenA", "patra"),
           bengali_vowels=True),
    Region("tamil", {"Tamil Nadu": ("Chennai", "Madurai", "Coimbatore", "Tiruchirappalli", "Salem",
                                    "Tirunelveli", "Vellore")},
           "tamil", ("Tamil",),
           ("kAvyA", "divyA", "priyA", "lakSmI", "meenA", "nandhinI", "revathI", "selvI", "pavithrA",
            "dharshinI", "abinayA", "yazodA"),
           ("murugan", "karthik", "arun", "vignesh", "senthil", "bAlAjI", "dinesh", "manikandan", "prakAsh",
            "ajith", "sathIsh", "gokul"),
           ("murugan", "rAjA", "selvam", "kumAr", "pANDiyan", "ramesh", "subramaNI", "sekar", "ravi"),
           south=True),
    Region("telugu", {"Andhra Pradesh": ("Visakhapatnam", "Guntur", "Krishna", "Kurnool", "Anantapur"),
                      "Telangana": ("Hyderabad", "Warangal", "Nizamabad", "Karimnagar", "Mahabubnagar")},
           "telugu", ("Telugu",),
           ("lakSmI", "sravanI", "bhavAnI", "swathI", "anusha", "sirisha", "durgA", "padmA", "harika",
            "mounika", "sAIpriyA"),
           ("venkaTeza", "srInivAsa", "nAgarAju", "rAmbAbu", "sAIkumAra", "maheza", "sureza", "naresha",
            "ramaNa", "chaitanya", "harIza"),
           ("reDDI", "rAvu", "nAyuDu", "chauDarI", "varma", "goud", "yAdava"), south=True),
    Region("kannada", {"Karnataka": ("Bengaluru Urban", "Mysuru", "Belagavi", "Kalaburagi", "Ballari",
                                     "Raichur")},
           "kannada", ("Kannada",),
           ("kAvyA", "ziLpA", "rakSitA", "bhavyA", "ramyA", "pallavI", "sahanA", "anitA", "zvetA"),
           ("manjunAtha", "santoSa", "mAlatesha", "basavarAja", "praveNa", "kiraNa", "mahesha", "rAghavendra",
            "nAgarAja"),
           ("gowDa", "nAyaka", "zeTTI", "hegDe", "pATIla", "reDDI"), south=True),
    Region("malayalam", {"Kerala": ("Thiruvananthapuram", "Kollam", "Ernakulam", "Thrissur", "Kozhikode",
                                    "Malappuram")},
           "malayalam", ("Malayalam",),
           ("anjali", "aswathi", "athira", "divya", "gopika", "lakSmI", "reshma", "sreelakSmI", "aparna"),
           ("arjun", "akhil", "vishnu", "abhijith", "sreejith", "anand", "rahul", "nikhil", "jithin"),
           ("nAyar", "pilla", "menon", "kurup", "thomas", "joseph", "varghese", "nambiar"), south=True),
)

PET_GIRLS = ("guDDI", "munnI", "pinkI", "chhoTI", "sonI", "bablI", "DollI", "gudiyA", "sweeTI", "chuTakI",
             "nikkI", "pihU", "ammu", "mAmonI", "khukI")
PET_BOYS = ("guDDU", "munnA", "chhoTU", "sonU", "monU", "golU", "pappU", "biTTU", "chinTU", "TinkU",
            "pinTU", "banTI", "lAlU", "kAlU", "rAjU", "bAbU", "appu", "kuttan", "khokA", "bubAI")
NON_NAMES = ("Unknown", "UNKNOWN", "Baby Girl", "Baby Boy", "Unknown Girl", "Unknown Boy", "अज्ञात",
             "Not known", "NA", "Ajnabi", "Child", "Unnamed")
COMPLEXIONS = ("fair", "wheatish", "dark", "very fair", "brown")
MARK_KINDS = (("mole", "black mole", "til"), ("scar", "cut mark", "stitch mark"), ("burn", "burn mark",
              "old burn"), ("birthmark", "birth mark", "lehsun"), ("tattoo", "tattoo of name", "godna"),
              ("wart", "wart", "masa"))
MARK_PARTS = (("left cheek", "cheek", "face"), ("forehead", "forehead", "face"), ("chin", "chin", "face"),
              ("neck", "neck", "neck"), ("hand", "hand", "palm"), ("arm", "arm", "elbow"),
              ("leg", "leg", "knee"), ("back", "back", "back"), ("chest", "chest", "chest"),
              ("stomach", "stomach", "belly"), ("foot", "foot", "ankle"), ("ear", "ear", "ear"))

# The long tail of names: compounds of common Sanskrit-derived parts, written in HK. Real Indian names
# are far more varied than any list; without this tail every child would have hundreds of namesakes.
TAIL_PREFIX = ("su", "pri", "an", "ra", "sa", "ka", "ma", "ni", "de", "ja", "la", "ha", "pa", "bhA", "vi",
               "ri", "ci", "dI", "gau", "zA", "mo", "ru", "ta", "u", "ya", "ke", "zi", "ku", "ne", "hi")
TAIL_GIRL = ("nItA", "yA", "jalI", "dhA", "mIlA", "vitA", "rikA", "mAlA", "jinI", "zmA", "lekhA", "preetI",
             "rupA", "dhikA", "vanI", "tikA", "nandA", "mitA", "zrI", "sudhA")
TAIL_BOY = ("reza", "meza", "jIva", "deva", "rAja", "nanda", "kAnta", "mohana", "kumAra", "vinda", "zekhara",
            "pAla", "nAtha", "raMjana", "vIra", "zaMkara", "prakAza", "bhUSaNa", "candra", "lAla")
TAIL_SURNAME = ("ka", "ra", "la", "ma", "sa", "ba", "pa", "ga", "ja", "da")
TAIL_SURNAME_END = ("vAla", "kara", "Ta", "nI", "rI", "zI", "iyA", "ANI", "Ata", "uriyA")
