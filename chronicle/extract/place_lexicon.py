"""Words the geoparser needs to know about English (not about any region): which
capitalized words are ordinary words, which words name a kind of place, which verbs make a
country speak, and how demonyms are formed."""

from __future__ import annotations

# Capitalized words that are also names of (mostly small) places somewhere. A match on one
# of these alone needs a big place or a cue such as "in"/"near" before it.
COMMON_WORDS = frozenset(
    """
a about after again against ago air all also am an and any april are army as at august
back bad bank be been before best between big black blue border both boy bridge but by
call camp can capital center central centre chief church city civil clear close coalition
command commander congress council country court cross daily data day december deputy
do does down during early east eastern eight either end energy eleven even every fair fall
far february federal few field fire first five for forces fort four friday from front
general gold good government grand great green guard had has have he health her here high
him his home hope hospital house how i if in independence interior iraqi is islamic it its
january joint july june just key king lake land last late liberty light lincoln long lord
low major many march mark may mayor me media middle military minister mobile monday more
most mount mountain much my national navy new news newspaper next nice nine no none north
northern not now november october of office oil old on once one only or order other our
out over page park party peace people police port post power president prime prince public
queen rapid read reading red republic response river road rock round royal said saint same
saturday say school second security see senate september service seven she should side
silver since six so social some south southern spring square state states station stop
street such summer sunday support tell ten than that the their them then there these they
third this three thursday time today tomorrow top town tuesday two under union unity
university up upon us valley very victory view village war water way we wednesday week
well west western what when where which while white who why will winter with world year
yes yesterday you young your isis is al olympic shiite sunni christian muslim arab druze alawite
food free care aid mad inc zoo cow jim due
""".split()
)

# Capitalized words that may stand before a place name without making it part of a
# person's or an organisation's name ("western Mosul", "Greater London").
MODIFIERS = frozenset(
    """
north south east west northern southern eastern western central greater upper lower old new
northeast northwest southeast southwest northeastern northwestern southeastern southwestern
in at near of from to outside inside across around the and or for by on via into toward towards
rural downtown neighboring neighbouring
""".split()
)

# Words that begin Arabic place names (hill, inn, monastery, village, spring, cape, bridge,
# gate, valley, mountain, mother, father, house, well, castle, quarter): a town's name after
# one is only the end of a longer name ("Tal Jamu", "Khan Sheikhoun", "Kafr Zita")
ARABIC_NAME_HEADS = frozenset(
    """
Tal Tall Tel Tell Khan Deir Dayr Kafr Kfar Kafar Kafer Ain Ayn Ein Ras Jisr Bab Wadi Jabal Jebel Umm Beit
Bayt Bir Biir Baar Qasr Hayy Harat Khirbet Khirbat Maarat Maaret Marat Qalaat Qalat Nahr
""".split()
)

# Capitalized words after a place's name that make a headline's event, not an organisation
# ("Raqqa Massacre", "Aleppo Offensive"): the place still locates it
EVENT_WORDS = frozenset(
    """
massacre massacres attack attacks offensive battle battles bombing bombings siege ceasefire
truce talks clashes airstrike airstrikes strike strikes blast blasts explosion explosions
shelling raid raids
""".split()
)

# Months and weekdays are never places, whatever GeoNames' alternate names say
CALENDAR = frozenset(
    """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday mon tue tues wed thu thurs fri sat sun
""".split()
)

# Titles before a person's name ("Mrs Paterson", "Sen. Rubio")
TITLES = frozenset(
    """
Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Sen Senator Rep Gov Governor President Minister
Judge Justice Gen General Col Colonel Capt Captain Lt Sgt Rev Father Sister Brother Pope
King Queen Prince Princess Sheikh Imam Mayor Chancellor Secretary Officer Detective Coach
""".split()
)

# Offices held for a place, written after its name: "New York Gov. Andrew Cuomo", "Manitoba
# Premier Brian Pallister", "Quebec Health Minister X", "the Arizona Republican". The name
# says which place the office is of, so it is a place, not part of an organisation's name.
OFFICE_TITLES = frozenset(
    """
Gov Governor Mayor Premier Minister Senator Sen Rep Representative Congressman Congresswoman
Republican Republicans Democrat Democrats MP MPP MLA Lieutenant Lt Councillor Councilor
Alderman Assemblyman Assemblywoman Legislator Lawmaker Lawmakers Treasurer Comptroller
""".split()
)

# Words before a name that say a place follows ("in Mosul", "near Baaj", "south of X")
CUES = frozenset(
    """
in near outside at from to into toward towards across around via inside of
""".split()
)
STRONG_CUES = frozenset({"near", "outside", "inside", "around", "toward", "towards"})

# Kind of place named by a word after a name ("al-Shifa district", "Tigris River"), and
# whether the word belongs to the place's name (streets and camps keep it, districts don't).
PLACE_TYPES: dict[str, tuple[str, bool]] = {
    "district": ("district", False),
    "districts": ("district", False),
    "neighborhood": ("district", False),
    "neighbourhood": ("district", False),
    "quarter": ("district", False),
    "suburb": ("district", False),
    "area": ("area", False),
    "region": ("area", False),
    "village": ("village", False),
    "villages": ("village", False),
    "town": ("town", False),
    "city": ("city", False),
    "province": ("admin1", False),
    "governorate": ("admin1", False),
    "street": ("landmark", True),
    "road": ("landmark", True),
    "highway": ("landmark", True),
    "avenue": ("landmark", True),
    "boulevard": ("landmark", True),
    "crescent": ("landmark", True),
    "lane": ("landmark", True),
    "rd": ("landmark", True),
    "bridge": ("landmark", True),
    "camp": ("landmark", True),
    "crossing": ("landmark", True),
    "exit": ("landmark", True),
    "square": ("landmark", True),
    "market": ("landmark", True),
    "airport": ("landmark", True),
    "base": ("landmark", True),
    "checkpoint": ("landmark", True),
    "island": ("natural", True),
    "mountains": ("natural", True),
    "mountain": ("natural", True),
    "river": ("natural", True),
    "valley": ("natural", True),
    "lake": ("natural", True),
    "desert": ("natural", True),
    "county": ("area", True),
}
SUB_CITY_KINDS = frozenset({"district", "area"})
# Street words after which an ordinary word is a street's name ("Church Street", "Silver Street")
STREET_WORDS = frozenset({"street", "avenue", "boulevard", "crescent", "lane"})

# After a country or capital these verbs make it its government speaking ("Damascus said")
SPEECH_VERBS = frozenset(
    """
said says say announced announces claimed claims denied denies accused accuses warned warns
insisted insists confirmed confirms stated states told tells responded responds rejected
rejects condemned condemns urged urges demanded demands threatened threatens agreed agrees
vowed vows pledged pledges blamed blames called calls admitted admits added adds noted notes
explained explains
""".split()
)

# Lowercase words after a name that make it part of an organisation's name
ORG_WORDS = frozenset(
    """
newspaper agency website channel tv radio daily news times post magazine network
television press university club team police council command operations online
reporter reporters correspondent
""".split()
)
# Capitalized words before a name that make it an outlet's name ("Daily Sabah", "Gulf News")
MEDIA_WORDS = frozenset(
    """
daily weekly news times post press online tv radio herald tribune gazette journal agency
channel television network
""".split()
)
# After a place's name these make it a disease's ("Marburg virus", "Lyme disease")
DISEASE_WORDS = frozenset(
    """
virus viruses ebolavirus fever disease flu syndrome
""".split()
)

# After a country's name these make it part of an institution's name ("United States
# Department of Agriculture", "Peanut Corporation of America"), not a place
INSTITUTION_WORDS = frozenset(
    """
department ministry embassy consulate army navy marines postal congress senate parliament
court corporation company institute bank airways airlines railway railways federation
association commission committee agency service
""".split()
)

# Demonyms English does not form by a suffix rule (language facts, worldwide)
IRREGULAR_DEMONYMS: dict[str, str] = {
    "French": "FR",
    "British": "GB",
    "English": "GB",
    "Scottish": "GB",
    "Welsh": "GB",
    "Dutch": "NL",
    "Swiss": "CH",
    "Turkish": "TR",
    "Spanish": "ES",
    "German": "DE",
    "Greek": "GR",
    "Danish": "DK",
    "Swedish": "SE",
    "Finnish": "FI",
    "Polish": "PL",
    "Irish": "IE",
    "Portuguese": "PT",
    "Chinese": "CN",
    "Japanese": "JP",
    "Vietnamese": "VN",
    "Lebanese": "LB",
    "Sudanese": "SD",
    "Thai": "TH",
    "Filipino": "PH",
    "Pakistani": "PK",
    "Afghan": "AF",
    "Saudi": "SA",
    "Emirati": "AE",
    "Kuwaiti": "KW",
    "Yemeni": "YE",
    "Israeli": "IL",
    "Iraqi": "IQ",
    "Iranian": "IR",
    "Syrian": "SY",
    "Jordanian": "JO",
    "Egyptian": "EG",
    "Libyan": "LY",
    "Tunisian": "TN",
    "Moroccan": "MA",
    "Algerian": "DZ",
    "American": "US",
    "Canadian": "CA",
    "Mexican": "MX",
    "Brazilian": "BR",
    "Russian": "RU",
    "Ukrainian": "UA",
    "Indian": "IN",
    "Australian": "AU",
    "Kurdish": "IQ",
    "Qatari": "QA",
    "Omani": "OM",
    "Bahraini": "BH",
    "Somali": "SO",
    "Kenyan": "KE",
    "Nigerian": "NG",
    "Ethiopian": "ET",
    "Italian": "IT",
    "Belgian": "BE",
    "Norwegian": "NO",
    "Austrian": "AT",
    "Hungarian": "HU",
    "Czech": "CZ",
    "Romanian": "RO",
    "Bulgarian": "BG",
    "Serbian": "RS",
    "Croatian": "HR",
    "Korean": "KR",
    "Indonesian": "ID",
    "Malaysian": "MY",
    "Zimbabwean": "ZW",
    "Ugandan": "UG",
    "Congolese": "CD",
    "Angolan": "AO",
    "Peruvian": "PE",
    "Chilean": "CL",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Colombian": "CO",
    "Venezuelan": "VE",
    "Cuban": "CU",
    "Palestinian": "PS",
    "Armenian": "AM",
    "Georgian": "GE",
    "Azerbaijani": "AZ",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Bangladeshi": "BD",
    "Nepali": "NP",
    "Nepalese": "NP",
    "Sri Lankan": "LK",
    "Singaporean": "SG",
    "New Zealander": "NZ",
    "South African": "ZA",
    "Haitian": "HT",
    "Jamaican": "JM",
    "Mongolian": "MN",
    "Tibetan": "CN",
    "Taiwanese": "TW",
}


def demonyms(country_name: str) -> list[str]:
    """Regular English demonyms of a country name: Syria -> Syrian, Iraq -> Iraqi."""
    n = country_name
    forms = {n + "n", n + "an", n + "ian", n + "i", n + "ese", n + "ish"}
    if n.endswith(("a", "e", "o", "y")):
        forms |= {n[:-1] + "an", n[:-1] + "ian", n[:-1] + "ese", n[:-1] + "i"}
    return sorted(forms)


# Abbreviations of states and provinces in news style (AP and Canadian Press), with the
# country: "Lexington, Ky.", "Vancouver, B.C.". Language facts, not a list of places seen.
REGION_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "Ala.": ("Alabama", "US"),
    "Ariz.": ("Arizona", "US"),
    "Ark.": ("Arkansas", "US"),
    "Calif.": ("California", "US"),
    "Colo.": ("Colorado", "US"),
    "Conn.": ("Connecticut", "US"),
    "Del.": ("Delaware", "US"),
    "Fla.": ("Florida", "US"),
    "Ga.": ("Georgia", "US"),
    "Ill.": ("Illinois", "US"),
    "Ind.": ("Indiana", "US"),
    "Kan.": ("Kansas", "US"),
    "Kans.": ("Kansas", "US"),
    "Ky.": ("Kentucky", "US"),
    "La.": ("Louisiana", "US"),
    "Md.": ("Maryland", "US"),
    "Mass.": ("Massachusetts", "US"),
    "Mich.": ("Michigan", "US"),
    "Minn.": ("Minnesota", "US"),
    "Miss.": ("Mississippi", "US"),
    "Mo.": ("Missouri", "US"),
    "Mont.": ("Montana", "US"),
    "Neb.": ("Nebraska", "US"),
    "Nev.": ("Nevada", "US"),
    "N.H.": ("New Hampshire", "US"),
    "N.J.": ("New Jersey", "US"),
    "N.M.": ("New Mexico", "US"),
    "N.Y.": ("New York", "US"),
    "N.C.": ("North Carolina", "US"),
    "N.D.": ("North Dakota", "US"),
    "Okla.": ("Oklahoma", "US"),
    "Ore.": ("Oregon", "US"),
    "Pa.": ("Pennsylvania", "US"),
    "R.I.": ("Rhode Island", "US"),
    "S.C.": ("South Carolina", "US"),
    "S.D.": ("South Dakota", "US"),
    "Tenn.": ("Tennessee", "US"),
    "Tex.": ("Texas", "US"),
    "Vt.": ("Vermont", "US"),
    "Va.": ("Virginia", "US"),
    "Wash.": ("Washington", "US"),
    "Wis.": ("Wisconsin", "US"),
    "Wyo.": ("Wyoming", "US"),
    "D.C.": ("District of Columbia", "US"),
    "B.C.": ("British Columbia", "CA"),
    "Alta.": ("Alberta", "CA"),
    "Sask.": ("Saskatchewan", "CA"),
    "Man.": ("Manitoba", "CA"),
    "Ont.": ("Ontario", "CA"),
    "Que.": ("Quebec", "CA"),
    "N.S.": ("Nova Scotia", "CA"),
    "N.B.": ("New Brunswick", "CA"),
    "P.E.I.": ("Prince Edward Island", "CA"),
    "Nfld.": ("Newfoundland and Labrador", "CA"),
    "NSW": ("New South Wales", "AU"),
    "Qld": ("Queensland", "AU"),
}
# Of those, the ones that are never anything else (the rest need ", " after a place name)
SAFE_ABBREVIATIONS = frozenset(
    {
        "N.Y.",
        "N.J.",
        "N.H.",
        "N.C.",
        "N.D.",
        "S.C.",
        "S.D.",
        "R.I.",
        "D.C.",
        "P.E.I.",
        "NSW",
        "B.C.",
        "Calif.",
        "Mass.",
        "Okla.",
        "Tenn.",
        "Ariz.",
    }
)
