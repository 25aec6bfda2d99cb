"""Name pools by region, the scripts they are written in, and the ways one name gets written differently.

The pools are common given names and surnames, not people. A region also says where its families live and
which languages its children speak, so a child's name, home and language agree with each other.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    key: str
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]  # the father's, and usually the child's
    girl_surnames: tuple[
        str, ...
    ]  # what girls often carry instead, where custom has it (Kumari, Kaur, Khatun)
    fathers: tuple[str, ...]
    mothers: tuple[str, ...]
    languages: tuple[str, ...]
    homes: tuple[tuple[str, str], ...]  # (state, district) the families come from
    script: str = ""  # the region's own script, if the demo writes names in it: deva, beng or taml
    surname_first_initial: bool = False  # Tamil custom: the father's initial before the given name


HINDI = Region(
    key="hindi",
    girls=(
        "Priya",
        "Pooja",
        "Anjali",
        "Kajal",
        "Khushi",
        "Neha",
        "Sapna",
        "Rani",
        "Nandini",
        "Muskan",
        "Shivani",
        "Radha",
        "Aarti",
        "Komal",
        "Jyoti",
        "Rinki",
        "Sonam",
        "Preeti",
        "Manisha",
        "Kiran",
        "Khushboo",
        "Sunita",
        "Rekha",
        "Laxmi",
        "Simran",
    ),
    boys=(
        "Rahul",
        "Amit",
        "Ravi",
        "Sonu",
        "Vikash",
        "Rohit",
        "Suraj",
        "Ankit",
        "Deepak",
        "Manish",
        "Ajay",
        "Arjun",
        "Pankaj",
        "Aman",
        "Sachin",
        "Raju",
        "Sunny",
        "Vishal",
        "Abhishek",
        "Nitish",
    ),
    surnames=(
        "Kumar",
        "Yadav",
        "Singh",
        "Sharma",
        "Paswan",
        "Mandal",
        "Gupta",
        "Prasad",
        "Mahto",
        "Ram",
        "Chaudhary",
        "Verma",
        "Mishra",
        "Tiwari",
        "Manjhi",
        "Sahni",
        "Rajak",
    ),
    girl_surnames=("Kumari", "Devi"),
    fathers=(
        "Ramesh",
        "Suresh",
        "Dinesh",
        "Mahesh",
        "Rajesh",
        "Umesh",
        "Shambhu",
        "Mohan",
        "Sanjay",
        "Manoj",
        "Ashok",
        "Santosh",
        "Bhola",
        "Ram Babu",
        "Vinod",
        "Shyam",
    ),
    mothers=(
        "Sunita",
        "Rinku",
        "Geeta",
        "Sita",
        "Meena",
        "Kanti",
        "Usha",
        "Savitri",
        "Poonam",
        "Anita",
        "Phoolmati",
        "Lalita",
    ),
    languages=("Hindi", "Hindi, Bhojpuri", "Hindi, Maithili", "Hindi, Magahi", "Hindi, Awadhi"),
    homes=(
        ("Bihar", "Patna"),
        ("Bihar", "Gaya"),
        ("Bihar", "Muzaffarpur"),
        ("Bihar", "Sitamarhi"),
        ("Bihar", "Darbhanga"),
        ("Bihar", "Madhubani"),
        ("Uttar Pradesh", "Lucknow"),
        ("Uttar Pradesh", "Varanasi"),
        ("Uttar Pradesh", "Gorakhpur"),
        ("Uttar Pradesh", "Bahraich"),
        ("Uttar Pradesh", "Sitapur"),
        ("Jharkhand", "Ranchi"),
        ("Jharkhand", "Gumla"),
        ("Delhi", "North East"),
    ),
    script="deva",
)

MUSLIM = Region(
    key="muslim",
    girls=(
        "Sana",
        "Ayesha",
        "Farheen",
        "Nazia",
        "Rukhsar",
        "Shabnam",
        "Muskan",
        "Tabassum",
        "Reshma",
        "Salma",
        "Zainab",
        "Rubina",
        "Afreen",
        "Nasreen",
    ),
    boys=(
        "Mohammad Arif",
        "Imran",
        "Salman",
        "Sahil",
        "Faizan",
        "Arman",
        "Irfan",
        "Shahid",
        "Sameer",
        "Aslam",
        "Rizwan",
        "Mohammad Kaif",
        "Danish",
    ),
    surnames=("Ansari", "Khan", "Shaikh", "Alam", "Ahmad", "Qureshi", "Siddiqui"),
    girl_surnames=("Khatun", "Parveen", "Bano"),
    fathers=(
        "Mohammad Salim",
        "Abdul Rahman",
        "Shamim",
        "Naseem",
        "Jamil",
        "Mohammad Yusuf",
        "Anwar",
        "Iqbal",
    ),
    mothers=("Noorjahan", "Shahnaz", "Rehana", "Sabina", "Hasina", "Mumtaz", "Najma"),
    languages=("Urdu, Hindi", "Hindi", "Bengali", "Hindi, Urdu"),
    homes=(
        ("Uttar Pradesh", "Moradabad"),
        ("Uttar Pradesh", "Bahraich"),
        ("Uttar Pradesh", "Lucknow"),
        ("Bihar", "Kishanganj"),
        ("Bihar", "Katihar"),
        ("Bihar", "Purnia"),
        ("West Bengal", "Murshidabad"),
        ("West Bengal", "Malda"),
        ("West Bengal", "North 24 Parganas"),
        ("Delhi", "North East"),
        ("Maharashtra", "Mumbai Suburban"),
        ("Telangana", "Hyderabad"),
    ),
    script="deva",
)

BENGALI = Region(
    key="bengali",
    girls=(
        "Puja",
        "Riya",
        "Payel",
        "Moumita",
        "Susmita",
        "Tumpa",
        "Rumpa",
        "Priyanka",
        "Mampi",
        "Shreya",
        "Rupsana",
        "Sahina",
        "Anima",
    ),
    boys=("Sourav", "Raju", "Bapi", "Subhajit", "Arijit", "Tapas", "Sayan", "Rana", "Pintu", "Biswajit"),
    surnames=(
        "Das",
        "Mondal",
        "Ghosh",
        "Roy",
        "Sarkar",
        "Biswas",
        "Halder",
        "Pal",
        "Bag",
        "Banerjee",
        "Mukherjee",
        "Sk",
    ),
    girl_surnames=("Khatun", "Bibi"),
    fathers=("Tapan", "Swapan", "Gopal", "Nirmal", "Haradhan", "Bablu", "Rafiqul", "Subal"),
    mothers=("Mamata", "Shibani", "Putul", "Kakoli", "Sabita", "Jharna", "Rokeya"),
    languages=("Bengali", "Bengali", "Bengali, Hindi"),
    homes=(
        ("West Bengal", "North 24 Parganas"),
        ("West Bengal", "South 24 Parganas"),
        ("West Bengal", "Kolkata"),
        ("West Bengal", "Murshidabad"),
        ("West Bengal", "Nadia"),
        ("West Bengal", "Malda"),
        ("West Bengal", "Jalpaiguri"),
    ),
    script="beng",
)

MARATHI = Region(
    key="marathi",
    girls=(
        "Sakshi",
        "Pooja",
        "Pranali",
        "Snehal",
        "Rutuja",
        "Ashwini",
        "Kavita",
        "Vaishnavi",
        "Shraddha",
        "Priyanka",
    ),
    boys=(
        "Omkar",
        "Sagar",
        "Rohan",
        "Ganesh",
        "Akash",
        "Prathamesh",
        "Tushar",
        "Swapnil",
        "Aniket",
        "Sanket",
    ),
    surnames=(
        "Patil",
        "Jadhav",
        "Shinde",
        "Pawar",
        "More",
        "Kamble",
        "Gaikwad",
        "Deshmukh",
        "Kale",
        "Salunkhe",
    ),
    girl_surnames=(),
    fathers=("Dnyaneshwar", "Balasaheb", "Sunil", "Vilas", "Dattatray", "Sanjay", "Prakash"),
    mothers=("Sangita", "Sunanda", "Manisha", "Vandana", "Lata", "Shobha"),
    languages=("Marathi", "Marathi, Hindi"),
    homes=(
        ("Maharashtra", "Pune"),
        ("Maharashtra", "Mumbai"),
        ("Maharashtra", "Nashik"),
        ("Maharashtra", "Solapur"),
        ("Maharashtra", "Beed"),
        ("Maharashtra", "Nagpur"),
    ),
    script="deva",
)

TAMIL = Region(
    key="tamil",
    girls=("Lakshmi", "Selvi", "Divya", "Priya", "Meena", "Kavitha", "Revathi", "Anitha", "Deepa"),
    boys=("Murugan", "Karthik", "Vignesh", "Suresh", "Arun", "Ganesh", "Manikandan", "Senthil", "Prakash"),
    surnames=(),  # a Tamil child carries the father's initial instead
    girl_surnames=(),
    fathers=("Selvam", "Ramasamy", "Kannan", "Murugesan", "Palani", "Velu"),
    mothers=("Valli", "Saraswathi", "Muthulakshmi", "Pushpa", "Jayanthi"),
    languages=("Tamil",),
    homes=(
        ("Tamil Nadu", "Chennai"),
        ("Tamil Nadu", "Madurai"),
        ("Tamil Nadu", "Tiruchirappalli"),
        ("Tamil Nadu", "Vellore"),
    ),
    script="taml",
    surname_first_initial=True,
)

TELUGU = Region(
    key="telugu",
    girls=("Lakshmi", "Swathi", "Sravani", "Bhavani", "Sirisha", "Anusha", "Mounika", "Keerthi"),
    boys=("Srinivas", "Venkatesh", "Naresh", "Ramesh", "Mahesh", "Raju", "Sai Kumar", "Praveen"),
    surnames=("Reddy", "Rao", "Naidu", "Goud", "Yadav", "Chowdary", "Babu"),
    girl_surnames=(),
    fathers=("Venkata Ramana", "Narasimha", "Satyanarayana", "Yadagiri", "Anjaiah"),
    mothers=("Padma", "Laxmamma", "Sujatha", "Rajeshwari", "Anasuya"),
    languages=("Telugu", "Telugu, Hindi"),
    homes=(
        ("Telangana", "Hyderabad"),
        ("Telangana", "Nalgonda"),
        ("Telangana", "Mahabubnagar"),
        ("Andhra Pradesh", "Guntur"),
        ("Andhra Pradesh", "Srikakulam"),
    ),
)

PUNJABI = Region(
    key="punjabi",
    girls=("Simran", "Harpreet", "Manpreet", "Jaspreet", "Navneet", "Gurpreet", "Rajveer"),
    boys=("Gurpreet", "Harjeet", "Jaspal", "Manjeet", "Sukhwinder", "Amandeep", "Lovepreet"),
    surnames=("Singh", "Singh", "Gill", "Sandhu", "Sidhu", "Dhillon"),
    girl_surnames=("Kaur",),
    fathers=("Balwinder", "Kulwant", "Harbhajan", "Jagtar", "Paramjit"),
    mothers=("Jasvir", "Sukhwinder", "Baljit", "Rajinder"),
    languages=("Punjabi", "Punjabi, Hindi"),
    homes=(("Punjab", "Ludhiana"), ("Punjab", "Amritsar"), ("Punjab", "Jalandhar"), ("Delhi", "West")),
)

ASSAMESE = Region(
    key="assamese",
    girls=("Bornali", "Jonali", "Pallabi", "Mousumi", "Rupali", "Nayanmoni"),
    boys=("Bikash", "Dhruba", "Pranjal", "Jintu", "Bitupan", "Hiranya"),
    surnames=("Gogoi", "Bora", "Baruah", "Kalita", "Saikia", "Das"),
    girl_surnames=(),
    fathers=("Dilip", "Prafulla", "Bhupen", "Nagen"),
    mothers=("Anjali", "Rina", "Junu", "Dipali"),
    languages=("Assamese", "Assamese, Hindi"),
    homes=(
        ("Assam", "Kamrup Metropolitan"),
        ("Assam", "Dibrugarh"),
        ("Assam", "Nagaon"),
        ("Assam", "Barpeta"),
    ),
)

NORTHEAST_HILLS = Region(
    key="northeast_hills",
    girls=("Thoibi", "Bembem", "Sanatombi", "Lalremruati", "Zodinpuii", "Iaishah", "Daphi"),
    boys=("Tomba", "Ibomcha", "Sanjit", "Lalrinmawia", "Vanlalruata", "Banri", "Kyrmen"),
    surnames=("Ningthoujam", "Laishram", "Lyngdoh", "Syiem", "Kharkongor", "Marak"),
    girl_surnames=("Devi", "Chanu"),
    fathers=("Ibotombi", "Lalthanzuala", "Bankitbok", "Tombi"),
    mothers=("Memcha", "Lalhmingsangi", "Ibabet"),
    languages=("Manipuri (Meitei)", "Mizo", "Khasi", "Garo"),
    homes=(
        ("Manipur", "Imphal West"),
        ("Manipur", "Churachandpur"),
        ("Mizoram", "Aizawl"),
        ("Meghalaya", "East Khasi Hills"),
        ("Meghalaya", "West Garo Hills"),
    ),
)

REGIONS = {
    r.key: r for r in (HINDI, MUSLIM, BENGALI, MARATHI, TAMIL, TELUGU, PUNJABI, ASSAMESE, NORTHEAST_HILLS)
}

PET_NAMES = {
    "female": (
        "Pinky",
        "Guddi",
        "Munni",
        "Gudiya",
        "Chinki",
        "Baby",
        "Dolly",
        "Minu",
        "Sweety",
        "Bulbul",
        "Tuni",
    ),
    "male": (
        "Guddu",
        "Munna",
        "Chhotu",
        "Golu",
        "Bablu",
        "Pappu",
        "Bittu",
        "Chintu",
        "Monu",
        "Sonu",
        "Bunty",
        "Tinku",
        "Babu",
        "Tutu",
    ),
}

# What a CCI writes when a child cannot or will not give a name.
NAMELESS = {
    "female": ("Unknown", "Baby Girl", "Unknown Girl", ""),
    "male": ("Unknown", "Baby Boy", "Unknown Boy", ""),
}
