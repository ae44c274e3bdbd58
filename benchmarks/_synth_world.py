"""The invented world of ``synth_corpus.py``: outlets, people, places, side wording, templates.

All of it is fiction written for parallax (Varnia, capital Velgrad, against Kharsk, capital
Kharsk City). Templates are ``str.format`` strings; their slots are filled from an event's facts
(``{town}``, ``{killed}`` ...), from the wording of the side that writes (``{capture}`` is
"liberated", "occupied" or "captured") and from people (``{v_person}`` introduces a person in full
the first time and by surname afterwards). ``tests/test_synth_corpus.py`` fills every template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIDES = ("kharsk", "varnia", "neutral")


@dataclass(frozen=True)
class Outlet:
    name: str
    side: str
    host: str
    weight: float  # how often it covers an event: wires cover more
    dateline_rate: float  # share of its articles that open with a dateline
    dateline: str  # format with city, month, day; "" = never
    home: str  # its usual dateline city
    lean: str | None = None  # a side whose words it borrows now and then
    standfirst_class: str = "standfirst"
    section: str = "news"
    nav: tuple[str, ...] = ("Home", "News", "World", "Politics", "Opinion")


OUTLETS: tuple[Outlet, ...] = (
    Outlet("KNA", "kharsk", "kna.example", 1.5, 0.9, "{city}, {month} {day}. /KNA/.",
           "Kharsk City", standfirst_class="lead", section="news",
           nav=("Main", "Politics", "Special operation", "Economy", "Regions", "Photo")),
    Outlet("Voice of Kharsk", "kharsk", "voiceofkharsk.example", 0.9, 0.25,
           "{city}, {month} {day} –", "Kharsk City", standfirst_class="summary", section="world",
           nav=("Home", "Federation", "World", "Analysis", "Listen live")),
    Outlet("Kharsk Herald", "kharsk", "kharskherald.example", 0.8, 0.0, "", "Kharsk City",
           standfirst_class="dek", section="politics",
           nav=("Front page", "Politics", "Society", "Business", "Culture", "Sport")),
    Outlet("Varnia Today", "varnia", "varniatoday.example", 1.0, 0.3, "{city} —", "Velgrad",
           standfirst_class="standfirst", section="war",
           nav=("Home", "War", "Politics", "Economy", "Life", "Donate")),
    Outlet("Meridian", "varnia", "meridian.example", 1.2, 0.5, "{city} (Meridian) -", "Velgrad",
           lean="neutral", standfirst_class="article-summary", section="world",
           nav=("World", "Business", "Markets", "Breakingviews", "Sustainability")),
    Outlet("Continental Press", "neutral", "continentalpress.example", 1.5, 0.85,
           "{city} (Continental Press) –", "Velgrad", standfirst_class="lede", section="article",
           nav=("Top news", "World", "Politics", "Business", "Health", "Photos")),
    Outlet("The Atlantic Ledger", "neutral", "atlanticledger.example", 0.8, 0.0, "", "Velgrad",
           lean="varnia", standfirst_class="dek", section="world",
           nav=("World", "Politics", "Business", "Opinion", "Culture", "Subscribe")),
    Outlet("Global Desk", "neutral", "globaldesk.example", 1.0, 0.6,
           "{city}, {month} {day} (Global Desk) -", "Kharsk City", standfirst_class="intro",
           section="stories", nav=("Latest", "Europe", "Conflict", "Briefing")),
)

# ── wording by side ──────────────────────────────────────────────────────────────────────────
# The words each side uses for the same thing; an article draws one variant per key.

LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "capture": {"kharsk": ("liberated",), "varnia": ("occupied", "seized"),
                "neutral": ("captured", "taken control of")},
    "capture_noun": {"kharsk": ("liberation",), "varnia": ("occupation",),
                     "neutral": ("capture",)},
    "retook": {"kharsk": ("attacked",), "varnia": ("recaptured", "retaken"),
               "neutral": ("retaken", "regained control of")},
    "war": {"kharsk": ("the special security operation", "the special operation"),
            "varnia": ("the invasion", "the full-scale invasion", "the war"),
            "neutral": ("the war", "the conflict")},
    "k_troops": {"kharsk": ("Kharsk servicemen", "units of the Kharsk armed forces",
                            "Kharsk troops"),
                 "varnia": ("Kharsk forces", "the occupiers", "the invaders"),
                 "neutral": ("Kharsk forces", "Kharsk troops")},
    "v_troops": {"kharsk": ("Varnian militants", "nationalist formations",
                            "units of the Velgrad regime"),
                 "varnia": ("Varnian defenders", "Varnian army units", "Varnian soldiers"),
                 "neutral": ("Varnian troops", "Varnian forces")},
    "v_gov": {"kharsk": ("the Velgrad regime", "the Varnian regime", "the regime in Velgrad"),
              "varnia": ("the Varnian government", "the government in Velgrad"),
              "neutral": ("the Varnian government", "Velgrad")},
    "k_gov": {"kharsk": ("the Kharsk government", "Kharsk City"),
              "varnia": ("the Kharsk regime", "the regime in Kharsk City"),
              "neutral": ("the Kharsk government", "Kharsk City")},
    "west": {"kharsk": ("the collective West", "Velgrad's Western sponsors"),
             "varnia": ("Varnia's Western partners", "the Western Alliance"),
             "neutral": ("the Western Alliance", "Western governments")},
    "strikes": {"kharsk": ("precision strikes", "high-precision strikes"),
                "varnia": ("indiscriminate shelling", "terror attacks"),
                "neutral": ("shelling", "strikes")},
    "displaced": {"kharsk": ("evacuees",), "varnia": ("refugees",),
                  "neutral": ("displaced people",)},
    "retreat": {"kharsk": ("regrouping", "redeployment"), "varnia": ("retreat",),
                "neutral": ("withdrawal",)},
    "k_territory": {"kharsk": ("the new regions of the Federation", "the liberated territories"),
                    "varnia": ("the occupied territories", "the temporarily occupied territories"),
                    "neutral": ("the Kharsk-held territories", "the areas under Kharsk control")},
    "vote": {"kharsk": ("the referendum", "the popular vote"),
             "varnia": ("the sham referendum", "the so-called referendum"),
             "neutral": ("the vote", "the disputed vote")},
    "annex": {"kharsk": ("reunification with the Federation",),
              "varnia": ("illegal annexation",), "neutral": ("annexation by Kharsk",)},
    "v_strike": {"kharsk": ("a terrorist attack by the Velgrad regime",
                            "a provocation by Varnian militants"),
                 "varnia": ("a long-range strike", "a precision strike by Varnian forces"),
                 "neutral": ("a Varnian drone strike", "a long-range Varnian attack")},
    "k_strike": {"kharsk": ("a precision strike on military infrastructure",
                            "a strike on a militant base"),
                 "varnia": ("a terror attack", "a deliberate strike on civilians"),
                 "neutral": ("a Kharsk strike", "a missile attack")},
    "sanctions_adj": {"kharsk": ("illegal unilateral restrictions", "so-called sanctions"),
                      "varnia": ("tough new sanctions", "sanctions"),
                      "neutral": ("new sanctions", "sanctions")},
}

# Spellings that differ by side (as Kiev and Kyiv do); applied to place slots.
SPELLINGS: dict[str, dict[str, str]] = {
    "kharsk": {"Tessel": "Tesselgrad", "Dalmor": "Dalmorsk"},
}

# ── places ───────────────────────────────────────────────────────────────────────────────────

HOLDER: dict[str, str] = {
    "Brenna": "varnia", "Ostrik": "varnia", "Sevnitsa": "varnia", "Perin": "varnia",
    "Velgrad": "varnia", "Dalmor": "kharsk", "Lutov": "kharsk", "Tessel": "kharsk",
    "Korvel": "kharsk", "Zarnov": "kharsk", "Kharsk City": "kharsk",
    "Bressa": "neutral", "Halvik": "neutral",
}
REGION: dict[str, str] = {
    "Brenna": "Brenna", "Ostrik": "Ostrik", "Sevnitsa": "Sevnitsa", "Perin": "Perin",
    "Velgrad": "Velgrad", "Dalmor": "Molvany", "Lutov": "Molvany", "Tessel": "Molvany",
    "Korvel": "Korvel", "Zarnov": "Zarnov", "Kharsk City": "Kharsk City", "Bressa": "Ostrik",
    "Halvik": "Brenna",
}
FRONT_TOWNS = ("Ostrik", "Sevnitsa", "Perin", "Brenna", "Lutov", "Dalmor", "Tessel")
VILLAGES = ("Kostel", "Ilvany", "Marnovo", "Pelyk", "Dubrin", "Stavnoe", "Orlyk", "Vesnyany",
            "Hradek", "Terny", "Selvo", "Mirnaya", "Zaliv", "Podgora", "Krasny Brod", "Olkhivka",
            "Belyi Kamen", "Lisna", "Verkhnya", "Tarny")
VENUES = ("Bressa", "Halvik")
MEDIATORS = ("Lindmark", "Aldria")
WEAPONS = ("Grom-9 rockets", "Korsak glide bombs", "152mm artillery shells",
           "Strela cruise missiles", "cluster munitions", "Vikhr multiple rocket launchers",
           "heavy mortar rounds", "Iskra ballistic missiles")
DRONE_MODELS = ("Kestrel", "Sokil-3", "Lark long-range", "Brisk")
TARGETS = (("oil refinery", "refinery"), ("military airfield", "airfield"),
           ("ammunition depot", "depot"), ("fuel terminal", "fuel terminal"),
           ("rail junction", "rail junction"), ("power substation", "substation"))
BUILDINGS = ("a five-storey apartment block", "a school", "the central market", "a hospital annexe",
             "a row of private houses", "a shopping centre", "a bus station", "a kindergarten")
HOURS = ("shortly after 3 a.m.", "just before midnight", "early in the morning",
         "in the middle of the afternoon", "at about 11 p.m.", "during the evening rush hour")
UNITS = ("the Northern Group of Forces", "the 11th Guards Brigade", "the Centre group of forces",
         "the 4th Motor Rifle Division", "the Eastern Group of Forces")
BANKS = ("Kharsk Trade Bank", "Federal Energy Bank", "Zarnov Industrial Bank", "Molvany Credit")
CONVOY_ORGS = ("UN", "Red Cross")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ── people ───────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Person:
    intro: str  # first mention
    short: str  # later mentions
    pronoun: str  # "he" or "she"
    side: str


def official(title: str, name: str, pronoun: str, side: str) -> Person:
    return Person(f"{title} {name}", name.split()[-1], pronoun, side)


def described(name: str, description: str, pronoun: str, side: str) -> Person:
    return Person(f"{name}, {description},", name.split()[-1], pronoun, side)


PEOPLE: dict[str, Person] = {
    "ostrakov": official("Kharsk leader", "Pavel Ostrakov", "he", "kharsk"),
    "vashin": official("Kharsk Foreign Minister", "Teodor Vashin", "he", "kharsk"),
    "lomov": official("Kharsk Defence Ministry spokesman Maj. Gen.", "Arkady Lomov", "he",
                      "kharsk"),
    "belskaya": official("Kharsk Foreign Ministry spokeswoman", "Irina Belskaya", "she", "kharsk"),
    "mednev": official("Kharsk Security Council deputy chairman", "Viktor Mednev", "he", "kharsk"),
    "tolmach": official("Kharsk-appointed regional head", "Sergei Tolmach", "he", "kharsk"),
    "orlova": official("Kharsk Finance Minister", "Galina Orlova", "she", "kharsk"),
    "lusina": official("Kharsk human rights commissioner", "Vera Lusina", "she", "kharsk"),
    "kettel": official("regional election commission chairman", "Boris Kettel", "he", "kharsk"),
    "sazonov": official("Kharsk Agriculture Minister", "Dmitri Sazonov", "he", "kharsk"),
    "pashin": official("regional governor", "Nikolai Pashin", "he", "kharsk"),
    "dobrev": official("Varnian President", "Anya Dobrev", "she", "varnia"),
    "marrow": official("Varnian Defence Minister", "Ilse Marrow", "she", "varnia"),
    "reil": official("Varnian Foreign Minister", "Tomas Reil", "he", "varnia"),
    "brant": official("Varnian General Staff spokesman Col.", "Yuri Brant", "he", "varnia"),
    "kolar": official("Varnian security service spokesman", "Artem Kolar", "he", "varnia"),
    "fenn": official("Varnian Energy Minister", "Lukas Fenn", "he", "varnia"),
    "sakova": official("Varnian human rights ombudsman", "Mira Sakova", "she", "varnia"),
    "koval": official("Varnian Agriculture Minister", "Jan Koval", "he", "varnia"),
    "voss": official("Varnian Deputy Prime Minister", "Hanna Voss", "she", "varnia"),
    "holt": official("UN envoy", "Maren Holt", "she", "neutral"),
    "okoro": official("UN humanitarian coordinator", "Samuel Okoro", "he", "neutral"),
    "beaumont": official("Red Cross regional director", "Claire Beaumont", "she", "neutral"),
    "aalto": official("Western Alliance Secretary General", "Henrik Aalto", "he", "neutral"),
    "brandt": official("Continental Union foreign policy chief", "Lucia Brandt", "she", "neutral"),
    "sund": official("Lindmark Foreign Minister", "Eva Sund", "she", "neutral"),
    "lindqvist": official("Continental Monitoring Mission head", "Per Lindqvist", "he", "neutral"),
    "ferris": described("Niall Ferris", "a military analyst at the Halden Institute", "he",
                        "neutral"),
    "carrow": described("Ines Carrow", "a sanctions expert at the Bressa School of Economics",
                        "she", "neutral"),
    "lenz": described("Tobias Lenz", "a security researcher at the Lindmark Institute", "he",
                      "neutral"),
    "haddad": described("Amira Haddad", "an analyst at Norland Energy Consulting", "she",
                        "neutral"),
}
MAYORS: dict[str, Person] = {
    "Brenna": official("Brenna Mayor", "Oksana Lind", "she", "varnia"),
    "Ostrik": official("Ostrik Mayor", "Piotr Halen", "he", "varnia"),
    "Sevnitsa": official("Sevnitsa Mayor", "Marta Ruzic", "she", "varnia"),
    "Perin": official("Perin Mayor", "Stefan Kolb", "he", "varnia"),
    "Velgrad": official("Velgrad Mayor", "Adam Vasko", "he", "varnia"),
}
ANALYSTS = ("ferris", "carrow", "lenz", "haddad")
FIRST_NAMES = (("Natalia", "she"), ("Oleg", "he"), ("Irena", "she"), ("Bohdan", "he"),
               ("Svetla", "she"), ("Mikola", "he"), ("Daria", "she"), ("Roman", "he"),
               ("Vera", "she"), ("Anton", "he"), ("Halyna", "she"), ("Ivo", "he"),
               ("Lidia", "she"), ("Taras", "he"), ("Olena", "she"), ("Petro", "he"))
SURNAMES = ("Kravec", "Moroz", "Hlinka", "Savko", "Duban", "Petrak", "Zorin", "Melnik", "Sirko",
            "Bondar", "Rybak", "Horak", "Lesko", "Tkach", "Voronin", "Kalina")
JOBS = ("teacher", "retired engineer", "nurse", "bus driver", "shop assistant", "pensioner",
        "volunteer", "farmer", "student", "electrician", "baker", "doctor")

# ── event kinds ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EventKind:
    """One type of news event: where it happens, who speaks, and how each side writes it up."""

    name: str
    weight: float
    places: tuple[str, ...]
    witness: str  # "civilian" or "analyst": who the fourth voice is
    speakers: dict[str, tuple[str, ...]]  # role k/v/n → PEOPLE keys ("mayor" = the town's)
    headlines: dict[str, tuple[str, ...]]
    standfirsts: dict[str, tuple[str, ...]]
    leads: dict[str, tuple[str, ...]]
    body: tuple[str, ...]
    quotes: dict[str, tuple[str, ...]]  # role → sentences, in the speaker's own words
    diplomatic: bool = field(default=False)  # datelined at the venue, not the town


SHELLING = EventKind(
    name="shelling", weight=3.0, places=("Brenna", "Ostrik", "Sevnitsa", "Perin"),
    witness="civilian",
    speakers={"k": ("lomov", "belskaya"), "v": ("mayor", "marrow", "brant", "dobrev"),
              "n": ("holt", "okoro")},
    headlines={
        "kharsk": ("Kharsk forces strike militant positions in {town}",
                   "Precision strikes hit Varnian army depots near {town}",
                   "Defence Ministry: military targets in {town} destroyed"),
        "varnia": ("{killed} killed as Kharsk shells {town}",
                   "Kharsk shelling of {town} kills {killed}, wounds {injured}",
                   "Night of terror in {town} as shells hit homes"),
        "neutral": ("Shelling kills {killed} in Varnian town of {town}, officials say",
                    "{town} hit by heavy shelling; Kharsk says it targeted army sites",
                    "Deadly strikes on {town} as fighting intensifies"),
    },
    standfirsts={
        "kharsk": ("The Defence Ministry said weapons stores and a command post of {v_troops} "
                   "were destroyed.",
                   "Strikes targeted depots used by {v_gov} to shell civilians in {k_territory}."),
        "varnia": ("Rescuers searched the rubble of {building} through the night; the town "
                   "declared a day of mourning.",
                   "It was the {nth} attack on the town this month, officials said."),
        "neutral": ("Varnian officials said civilians were among the dead; Kharsk said it hit "
                    "only military targets.",
                    "The strikes came as both sides reported heavy fighting near {town2}."),
    },
    leads={
        "kharsk": ("{k_troops} carried out {strikes} on positions of {v_troops} in {town} on "
                   "{day}, destroying ammunition depots and a command post, the Kharsk Defence "
                   "Ministry said.",
                   "The Kharsk armed forces struck a temporary base of {v_troops} on the outskirts "
                   "of {town} overnight, the Defence Ministry reported on {day}."),
        "varnia": ("At least {killed} people were killed and {injured} wounded when {k_troops} "
                   "shelled residential areas of {town} {hour} on {day}, regional officials said.",
                   "{k_troops} hit {building} in central {town} with {weapon} on {day}, killing "
                   "{killed} civilians in what officials called {k_strike}."),
        "neutral": ("Shelling killed at least {killed} people and wounded {injured} in the "
                    "Varnian-held town of {town} on {day}, local officials said, while Kharsk's "
                    "Defence Ministry said its forces had struck military targets.",
                    "{weapon} hit {town} {hour} on {day}, Varnian officials said, in one of the "
                    "heaviest bombardments of the town in weeks."),
    },
    body=(
        "Emergency workers pulled {rescued} people from the rubble of {building}, and the search "
        "was still going on by evening.",
        "Among the wounded were {children} children, who were taken to hospital in {town2}.",
        "The strikes damaged {houses} houses, a kindergarten and part of the water supply, leaving "
        "several districts without running water.",
        "According to the regional administration, the {weapon} were fired from positions about "
        "{km} kilometres east of the town.",
        "{town} has been shelled almost daily since the front moved closer in the autumn, and "
        "about a third of its pre-war population has left.",
        "The Kharsk Defence Ministry said in its daily briefing that the strikes had hit {depots} "
        "ammunition depots and a fuel store used by {v_troops}.",
        "Residents spent the night in basements and in the shelters built under the town's "
        "schools last year.",
        "A day of mourning was declared in {town}, and flags on public buildings were lowered to "
        "half-mast.",
        "Power engineers said it would take at least {hours} hours to restore electricity to the "
        "districts hit by the {strikes}.",
        "{v_person} called for more air-defence systems, saying {town} had only {batteries} "
        "batteries to protect it.",
        "Officials said the first explosions came within minutes of each other, leaving little "
        "time for air raid sirens to warn residents.",
        "Broken glass and burnt cars covered the street outside {building} on {day} morning.",
    ),
    quotes={
        "k": ("Our units struck only military targets in {town}.",
              "{v_troops} use residential buildings as firing positions, and they bear the "
              "responsibility for any harm to civilians.",
              "Every depot that fed the shelling of peaceful cities has been destroyed."),
        "v": ("This was a deliberate strike on a residential neighbourhood at night, when "
              "families were asleep.",
              "There was no military target in {town}, only homes, a school and a market.",
              "We need air defence now, not next year."),
        "n": ("Attacks on civilians and civilian infrastructure are prohibited under "
              "international humanitarian law.",
              "I call on all parties to take every feasible precaution to spare civilian lives.",
              "The humanitarian situation in {town} is getting worse by the day."),
        "w": ("The windows came in and the whole building shook, so I grabbed the children and "
              "ran to the basement.",
              "My neighbour's flat on the fifth floor is simply gone.",
              "We have lived like this for months, but last night was the worst."),
    },
)

CAPTURE = EventKind(
    name="town captured", weight=2.0, places=("Ostrik", "Sevnitsa", "Perin", "Lutov"),
    witness="civilian",
    speakers={"k": ("lomov", "ostrakov"), "v": ("brant", "marrow"), "n": ANALYSTS},
    headlines={
        "kharsk": ("Kharsk forces liberate {village} near {town}",
                   "{village} liberated, Defence Ministry says",
                   "Army frees {village} from nationalist formations"),
        "varnia": ("Varnian army pulls back from {village} to save lives",
                   "Kharsk forces occupy ruins of {village} after months of assaults",
                   "{village} falls after {weeks}-week defence"),
        "neutral": ("Kharsk says it has captured {village} in eastern Varnia",
                    "Kharsk claims control of {village} near {town}",
                    "Varnian troops withdraw from {village} as Kharsk advances"),
    },
    standfirsts={
        "kharsk": ("The settlement is the {nth} liberated since the start of the year, the "
                   "ministry said.",
                   "Units of {unit} completed the operation after {days} days of fighting."),
        "varnia": ("The General Staff said troops withdrew to prepared positions west of the "
                   "village to avoid encirclement.",
                   "Little is left of the village, which had about {population} residents before "
                   "the war."),
        "neutral": ("Varnia's General Staff said its troops had pulled back to new lines; the "
                    "gain brings Kharsk forces within {km} kilometres of {town}.",
                    "The claim could not be independently verified."),
    },
    leads={
        "kharsk": ("{k_troops} have {capture} the settlement of {village} near {town}, the Kharsk "
                   "Defence Ministry said on {day}.",
                   "Units of {unit} have completed the {capture_noun} of {village}, a key point "
                   "on the approaches to {town}, the Defence Ministry said on {day}."),
        "varnia": ("{v_troops} have withdrawn from the village of {village} near {town} after "
                   "weeks of assaults, the General Staff said on {day}, leaving {k_troops} in "
                   "what remains of the settlement.",
                   "The village of {village}, which {v_troops} held for {weeks} weeks, has been "
                   "{capture} by {k_troops}, Varnian officials confirmed on {day}."),
        "neutral": ("Kharsk said on {day} that its forces had {capture} the village of {village} "
                    "near {town}, an advance Varnia's military said was the result of a planned "
                    "withdrawal.",
                    "{k_troops} have {capture} {village}, a village about {km} kilometres from "
                    "{town}, after weeks of fighting, Kharsk's Defence Ministry said on {day}."),
    },
    body=(
        "Before the war, {village} was home to about {population} people; most of them left in "
        "the first months of the fighting.",
        "The village sits on high ground overlooking the road between {town} and {town2}, which "
        "both armies use to bring up supplies.",
        "The Kharsk Defence Ministry said {v_troops} had lost up to {losses} men and {vehicles} "
        "armoured vehicles in the area over the past week.",
        "Varnia's General Staff said its troops had repelled {attacks} assaults along the {town} "
        "front in the previous 24 hours.",
        "The {capture_noun} of {village} would allow Kharsk artillery to reach the outskirts of "
        "{town}, military analysts said.",
        "Fighting has moved slowly along this part of the front since the winter, with both "
        "sides relying heavily on drones.",
        "Video published by the Kharsk Defence Ministry showed soldiers raising a flag over a "
        "ruined building said to be the village school.",
        "The authenticity of the footage could not be confirmed, and the exact position of the "
        "front line remained unclear.",
        "Varnian commanders have complained for months of shortages of artillery shells and of "
        "soldiers to rotate front-line units.",
        "{village} changed hands twice in the first year of {war}.",
        "Military bloggers on both sides described the fighting around the village as some of "
        "the fiercest of the month.",
    ),
    quotes={
        "k": ("The settlement of {village} has been fully {capture}, and our units are "
              "consolidating their positions.",
              "The enemy abandoned equipment and wounded as it fled.",
              "The offensive on the {town} direction continues according to plan."),
        "v": ("We withdrew from {village} in order to save the lives of our soldiers.",
              "The enemy paid a huge price for every metre of that ground.",
              "Our new lines are prepared and they will hold."),
        "n": ("The gain is tactically significant but it does not change the overall picture on "
              "this front.",
              "Both armies are exhausted along this stretch, and neither has the reserves for a "
              "breakthrough.",
              "The next weeks will show whether {town} itself comes under direct threat."),
        "w": ("The last of us left {village} a month ago, when there was nothing left to stay "
              "for.",
              "I was born in that village and I do not know if I will ever see it again."),
    },
)

COUNTER = EventKind(
    name="counteroffensive", weight=1.5, places=("Lutov", "Dalmor", "Tessel", "Ostrik"),
    witness="civilian",
    speakers={"k": ("lomov",), "v": ("brant", "marrow", "dobrev"), "n": ANALYSTS},
    headlines={
        "kharsk": ("Kharsk forces repel Varnian attack near {village}",
                   "Militant assault on {village} fails, ministry says",
                   "Army inflicts heavy losses on Varnian units near {town}"),
        "varnia": ("Varnian troops liberate {village} from occupation",
                   "Defenders retake {village} near {town}",
                   "Flag raised over {village} as counteroffensive advances"),
        "neutral": ("Varnia says it has recaptured {village} near {town}",
                    "Varnian forces push back Kharsk troops near {village}",
                    "Varnia claims gains near Kharsk-held {town}"),
    },
    standfirsts={
        "kharsk": ("The Defence Ministry said units moved to more favourable lines after "
                   "destroying {vehicles} armoured vehicles.",
                   "Kharsk said the attack was staged for {west}."),
        "varnia": ("The General Staff said the village was cleared after {days} days of "
                   "fighting; mines are still being removed.",
                   "It is the first settlement on the {town} front returned to Varnian control "
                   "this year."),
        "neutral": ("Kharsk said it had repelled the attack; the claims could not be verified "
                    "independently.",
                    "The advance, if confirmed, would be Varnia's first notable gain in months."),
    },
    leads={
        "kharsk": ("{k_troops} repelled an attack by {v_troops} near the village of {village} on "
                   "{day}, destroying {vehicles} armoured vehicles, the Kharsk Defence Ministry "
                   "said, adding that its units had taken up more favourable positions.",
                   "{v_troops} launched a failed attack on {village} near {town} on {day}, "
                   "suffering heavy losses, the Kharsk Defence Ministry said."),
        "varnia": ("{v_troops} have {retook} the village of {village} near {town} after {days} "
                   "days of fighting, the General Staff said on {day}.",
                   "Varnian soldiers raised the national flag over {village} on {day} after "
                   "driving {k_troops} out of the village near {town}."),
        "neutral": ("Varnia said on {day} that its troops had {retook} the village of {village}, "
                    "near the Kharsk-held town of {town}, while Kharsk said it had repelled the "
                    "attack.",
                    "{v_troops} have {retook} {village} in a push towards {town}, Varnia's General "
                    "Staff said on {day}; Kharsk described a {retreat} of its units."),
    },
    body=(
        "The village lies about {km} kilometres from {town}, which {k_troops} have held since "
        "the first months of {war}.",
        "Varnia's General Staff said sappers were clearing mines from the roads into {village} "
        "and that the area remained under fire.",
        "According to the Kharsk Defence Ministry, {v_troops} lost up to {losses} men in the "
        "attack, a figure Varnia did not comment on.",
        "The push followed weeks of Varnian drone and artillery strikes on Kharsk supply lines "
        "around {town}.",
        "Kharsk military bloggers, usually supportive of the army, criticised commanders for the "
        "{retreat} from {village}.",
        "Video released by the Varnian army showed soldiers walking through a street of burnt-out "
        "houses and a destroyed church.",
        "Neither side's account could be independently confirmed, and reporters were not "
        "allowed into the area.",
        "The fighting around {village} tied down Kharsk reserves that had been moving towards "
        "{town2}, Varnian officers said.",
        "{v_gov} has asked {west} for more armoured vehicles and engineering equipment to hold "
        "the ground.",
        "Only a handful of elderly residents remained in {village} when the fighting began, "
        "local officials said.",
    ),
    quotes={
        "k": ("The enemy attack was repelled with heavy losses, and our units hold more "
              "favourable lines.",
              "{v_troops} staged this attack for the cameras, to please their foreign sponsors.",
              "The situation on the {town} direction is under full control."),
        "v": ("{village} is Varnian again, and it will stay Varnian.",
              "Our soldiers did what many said was impossible.",
              "Every village we return brings our people closer to home."),
        "n": ("It is a modest gain, but it shows that the front is not static.",
              "Varnian units seem to be using small assault groups backed by drones rather than "
              "large armoured thrusts.",
              "Holding the village will be harder than taking it."),
        "w": ("When I saw our soldiers in the street I could not stop crying.",
              "For months we were afraid to go out, even to the well."),
    },
)

DRONES = EventKind(
    name="drone attack", weight=2.0, places=("Zarnov", "Korvel", "Kharsk City", "Dalmor", "Tessel"),
    witness="civilian",
    speakers={"k": ("lomov", "pashin"), "v": ("brant", "kolar"), "n": ANALYSTS},
    headlines={
        "kharsk": ("Air defences down {downed} Varnian drones over {town}",
                   "Velgrad regime drone attack on {town} thwarted",
                   "Drone debris causes fire at {town} {target_short}, no casualties"),
        "varnia": ("Drones strike {target} deep inside Kharsk",
                   "Fire at {town} {target_short} after Varnian drone strike",
                   "Varnian drones hit military supply site in {town}"),
        "neutral": ("Drone attack sparks fire at {target} in {town}",
                    "Kharsk says it downed {downed} drones; fire reported at {target_short}",
                    "Varnia strikes {town} with long-range drones"),
    },
    standfirsts={
        "kharsk": ("The Defence Ministry said air defences destroyed {downed} drones; debris "
                   "caused a small fire that was quickly put out.",
                   "Officials said there was no serious damage and no threat to residents."),
        "varnia": ("Sources in the security services said the {target} supplied fuel and "
                   "ammunition to Kharsk units at the front.",
                   "Videos posted by residents showed a large fire and thick black smoke over "
                   "the site."),
        "neutral": ("Kharsk said most drones were shot down; local residents posted videos of a "
                    "large fire.",
                    "It was the {nth} drone attack on the region this month."),
    },
    leads={
        "kharsk": ("Air defence units destroyed {downed} Varnian drones over {town} and the "
                   "{region} region overnight, the Kharsk Defence Ministry said on {day}, calling "
                   "the attack {v_strike}.",
                   "Air defences shot down {downed} drones launched by {v_gov} at {town} "
                   "overnight, officials said on {day}, and falling debris started a fire at the "
                   "{target}."),
        "varnia": ("Varnian long-range drones struck the {target} in {town}, deep inside "
                   "Kharsk-controlled territory, on {day}, setting off a fire that burned for "
                   "hours, sources in the security services said.",
                   "A fire broke out at the {target} in {town} on {day} after {v_strike}, "
                   "according to Varnian military sources."),
        "neutral": ("Drones attacked the {target} in {town} overnight into {day}, starting a "
                    "large fire, local officials said, while Kharsk's Defence Ministry said it "
                    "had shot down {downed} drones.",
                    "Kharsk said on {day} it had downed {downed} Varnian drones, some of them "
                    "over {town}, where residents reported explosions and a fire at the "
                    "{target}."),
    },
    body=(
        "The regional governor said debris had fallen on the grounds of the {target} and that "
        "firefighters had the blaze under control by morning.",
        "Residents of {town} reported hearing at least {explosions} explosions shortly before "
        "dawn.",
        "Flights at the regional airport were suspended for several hours as a precaution.",
        "The {target} lies about {km_far} kilometres from the front line, far beyond the range "
        "of Varnian artillery.",
        "Varnia has stepped up attacks on Kharsk fuel and ammunition sites this year, using "
        "drones it builds at home.",
        "The Kharsk Defence Ministry said the drones were of the {drone_model} type, which Varnia "
        "began producing last year.",
        "Satellite images taken later in the day showed scorch marks over a large part of the "
        "site, analysts said.",
        "No deaths were reported, although {injured} people were treated for minor injuries "
        "caused by broken glass.",
        "Kharsk officials have accused {west} of supplying the intelligence used to plan such "
        "attacks.",
        "Railway traffic through {town} was briefly halted while engineers checked the tracks "
        "near the site.",
    ),
    quotes={
        "k": ("Air defence systems worked effectively, and all the drones were destroyed.",
              "This is yet another act of terrorism by {v_gov} against peaceful cities.",
              "Those who plan these attacks will not escape responsibility."),
        "v": ("Every litre of fuel that does not reach the front is a life saved.",
              "These are legitimate military targets that feed {war}.",
              "Our drones will keep reaching wherever the enemy stores its weapons."),
        "n": ("The strikes show how far Varnia's home-made drone programme has come in a year.",
              "Hitting fuel supply is a cheap way of slowing an army down.",
              "The risk is that each side answers with bigger strikes on the other's cities."),
        "w": ("The whole sky turned orange and the windows rattled for a long time.",
              "We heard a buzzing like a moped, then a bang, then another."),
    },
)

TALKS = EventKind(
    name="talks", weight=1.0, places=VENUES, witness="analyst", diplomatic=True,
    speakers={"k": ("vashin", "ostrakov"), "v": ("reil", "dobrev"), "n": ("holt", "sund")},
    headlines={
        "kharsk": ("{k_surname}: Velgrad must accept the new realities",
                   "Talks in {venue}: Kharsk ready for dialogue, but not on Western terms",
                   "Kharsk delegation presents peace plan in {venue}"),
        "varnia": ("No ceasefire without full withdrawal, {v_surname} tells {venue} talks",
                   "{venue} talks end without deal as Kharsk repeats demands",
                   "Varnia rejects Kharsk ultimatum at {venue} talks"),
        "neutral": ("Ceasefire talks in {venue} end without agreement",
                    "Varnia and Kharsk meet in {venue} for first talks in months",
                    "Envoys report small steps after {venue} talks"),
    },
    standfirsts={
        "kharsk": ("The Kharsk delegation said any settlement must recognise {k_territory} as "
                   "part of the Federation.",
                   "The minister accused {west} of pushing Velgrad to prolong the conflict."),
        "varnia": ("The Varnian delegation said it would not trade territory for a pause that "
                   "lets Kharsk rearm.",
                   "Velgrad insists on a full withdrawal of {k_troops} before any lasting "
                   "ceasefire."),
        "neutral": ("The delegations agreed to meet again in {weeks} weeks and to set up working "
                    "groups on prisoners and humanitarian corridors.",
                    "The talks, hosted by {mediator}, lasted {hours} hours."),
    },
    leads={
        "kharsk": ("Kharsk is ready for a negotiated settlement but only on the basis of the "
                   "realities on the ground, the Kharsk delegation said after talks in {venue} "
                   "on {day}, accusing {v_gov} of bad faith.",
                   "Talks between Kharsk and Varnian delegations in {venue} ended on {day} "
                   "without a breakthrough after {v_gov} refused to discuss the status of "
                   "{k_territory}."),
        "varnia": ("Varnia will not accept a ceasefire that leaves {k_troops} on its soil, the "
                   "Varnian delegation said on {day} after a round of talks in {venue} that "
                   "ended without agreement.",
                   "Kharsk used the talks in {venue} on {day} to repeat demands that amount to "
                   "Varnia's surrender, Varnian officials said."),
        "neutral": ("Delegations from Varnia and Kharsk ended a round of talks in {venue} on "
                    "{day} without agreeing on a ceasefire but said they would meet again, "
                    "according to their {mediator} hosts.",
                    "The first direct talks between Varnia and Kharsk in months closed in "
                    "{venue} on {day} with an agreement to keep talking but no ceasefire."),
    },
    body=(
        "The delegations met for {hours} hours at a lakeside government residence outside "
        "{venue}, with {mediator} officials shuttling between the two rooms.",
        "The Kharsk side repeated its demand that Varnia recognise {k_territory} as part of the "
        "Federation and give up plans to join the Western Alliance.",
        "Varnia's delegation insisted on a full withdrawal of {k_troops} and on guarantees from "
        "{west} before any lasting ceasefire.",
        "Both sides agreed to set up working groups on prisoner exchanges and on the safe "
        "passage of civilians from front-line towns.",
        "It was the {nth} round of talks since the start of the year; the previous one ended "
        "after less than a day.",
        "Diplomats briefed on the talks said the atmosphere was businesslike but that the gap "
        "between the two positions remained wide.",
        "Fighting continued along the front during the talks, with shelling reported near "
        "{town2}.",
        "The next round is expected in {venue} in about {weeks} weeks, although no date has been "
        "set.",
        "{mediator} has offered to host a leaders' meeting if the working groups make progress.",
        "{n_person} shuttled between the two delegations for most of the day.",
    ),
    quotes={
        "k": ("Kharsk has always been open to dialogue, but the new realities on the ground "
              "cannot be ignored.",
              "{v_gov} comes to the table only to buy time and weapons.",
              "Peace is possible the moment Velgrad stops following orders from abroad."),
        "v": ("We came to {venue} to talk about peace, not about surrender.",
              "A ceasefire that freezes the occupation is not peace; it is a pause before the "
              "next war.",
              "We will not trade our people or our land for promises."),
        "n": ("Today both delegations sat in one room for {hours} hours, and that in itself is "
              "something.",
              "The gaps are wide, but we have agreed on next steps.",
              "I urge both sides to keep the channels open and to refrain from escalation while "
              "talks continue."),
        "w": ("Neither army believes it is losing, so neither is ready to give much.",
              "The working groups are where real progress could happen, away from the cameras."),
    },
)

AID = EventKind(
    name="aid convoy", weight=1.0, places=("Ostrik", "Sevnitsa", "Perin"), witness="civilian",
    speakers={"k": ("lomov", "belskaya"), "v": ("mayor", "voss"), "n": ("okoro", "beaumont")},
    headlines={
        "kharsk": ("Kharsk ensures safe passage for aid convoy to {town}",
                   "Pause in fire held by Kharsk lets aid reach {town}",
                   "Kharsk: Velgrad regime used convoy pause to regroup"),
        "varnia": ("Aid convoy reaches battered {town} after days of shelling",
                   "{trucks} trucks of aid reach {town}",
                   "First aid in weeks for {town} as convoy gets through"),
        "neutral": ("Convoy delivers food and medicine to front-line {town}",
                    "Aid reaches {town} after {days}-day wait",
                    "{convoy_org} convoy brings supplies to {town}"),
    },
    standfirsts={
        "kharsk": ("The Kharsk Defence Ministry said it observed a pause in fire along the route "
                   "at the request of the {convoy_org}.",
                   "Kharsk officials said the aid must not end up with {v_troops}."),
        "varnia": ("The trucks carried food, medicine and generators for the {remaining} "
                   "residents who stayed.",
                   "Officials said the convoy came under fire on the way in but no one was hurt."),
        "neutral": ("The convoy of {trucks} trucks carried {tonnes_aid} tonnes of food, medicine "
                    "and winter supplies.",
                    "Aid agencies say about {remaining} people remain in the town."),
    },
    leads={
        "kharsk": ("A humanitarian convoy of the {convoy_org} reached {town} on {day} after "
                   "Kharsk forces agreed to a pause in fire along the route, the Kharsk Defence "
                   "Ministry said.",
                   "Kharsk guaranteed the safety of a {convoy_org} convoy that delivered aid to "
                   "{town} on {day}, despite what officials called provocations by {v_troops}."),
        "varnia": ("A convoy of {trucks} trucks carrying food, medicine and generators reached "
                   "{town} on {day}, the first aid to get through in weeks to a town {k_troops} "
                   "have shelled almost daily.",
                   "Aid finally reached the residents of {town} on {day}, after a {convoy_org} "
                   "convoy waited {days} days for security guarantees."),
        "neutral": ("A {convoy_org} convoy delivered food, medicine and winter supplies to the "
                    "front-line town of {town} on {day}, aid officials said, after both sides "
                    "agreed to hold fire along the route.",
                    "Humanitarian aid carried by {trucks} trucks reached {town} on {day}, the "
                    "{convoy_org} said, in the first delivery to the town in weeks."),
    },
    body=(
        "The convoy carried about {tonnes_aid} tonnes of supplies, including flour, tinned food, "
        "insulin and hygiene kits.",
        "Aid workers said the route passed within {km} kilometres of the front and that the "
        "trucks travelled in daylight only.",
        "About {remaining} people remain in {town}, most of them elderly, according to local "
        "officials.",
        "Generators and fuel were a priority because the town's power station was knocked out "
        "{weeks} weeks ago.",
        "Volunteers unloaded the trucks in the yard of the central hospital, one of the few "
        "buildings with a working basement shelter.",
        "The {convoy_org} said it hoped to make deliveries every week if the security guarantees "
        "held.",
        "Medical supplies included dialysis kits for the town's hospital, which has been running "
        "on a reserve generator.",
        "Officials said the aid would be handed out by the town's volunteer centre so that it "
        "reached people who cannot leave their homes.",
        "Both sides have accused each other of using aid pauses to move troops, charges neither "
        "has backed with evidence.",
        "Queues formed outside the distribution points within an hour of the convoy's arrival.",
    ),
    quotes={
        "k": ("Kharsk has always fulfilled its humanitarian obligations.",
              "We ensured a corridor for the convoy despite provocations by {v_troops}.",
              "The aid must reach civilians, not the militants who hide behind them."),
        "v": ("The people of {town} have waited too long for bread and medicine.",
              "The enemy shells the roads that the aid trucks need, and then talks about "
              "humanitarian obligations.",
              "We thank our partners, but one convoy is not enough."),
        "n": ("People in {town} have been living without reliable water, heating or medical care "
              "for weeks.",
              "We need safe and regular access, not one-off deliveries.",
              "Our teams saw extensive damage to homes and to the hospital."),
        "w": ("This is the first time in a month that I have seen fresh bread.",
              "My mother needs insulin every day, and the pharmacy closed in the winter."),
    },
)

SANCTIONS = EventKind(
    name="sanctions", weight=0.8, places=("Bressa",), witness="analyst", diplomatic=True,
    speakers={"k": ("vashin", "belskaya", "orlova"), "v": ("reil", "dobrev"), "n": ("brandt",)},
    headlines={
        "kharsk": ("Kharsk dismisses new Western restrictions as economic war",
                   "Sanctions will hurt the West more, says Kharsk",
                   "Kharsk vows response to {package_no} Western sanctions package"),
        "varnia": ("Continental Union hits Kharsk with {package_no} sanctions package",
                   "New sanctions target Kharsk's war machine",
                   "Varnia welcomes tough new sanctions on Kharsk"),
        "neutral": ("Continental Union adopts {package_no} package of sanctions against Kharsk",
                    "New sanctions target Kharsk banks and energy exports",
                    "Continental Union agrees fresh sanctions; Kharsk promises response"),
    },
    standfirsts={
        "kharsk": ("The Foreign Ministry said the {sanctions_adj} would only strengthen the "
                   "Federation's economy.",
                   "Officials said the measures violate international trade rules."),
        "varnia": ("The measures freeze the assets of {firms} companies that supply the Kharsk "
                   "army.",
                   "Velgrad said the package would cut Kharsk's income from energy sales by "
                   "billions."),
        "neutral": ("The package freezes assets of {firms} companies and {persons} people and "
                    "bans imports worth {amount} a year.",
                    "Kharsk said it would respond; some member states had sought exemptions."),
    },
    leads={
        "kharsk": ("Kharsk will respond to the latest {sanctions_adj} imposed by {west}, the "
                   "Kharsk Foreign Ministry said on {day}, calling the {package_no} package an "
                   "act of economic war.",
                   "The {package_no} package of {sanctions_adj} adopted by the Continental Union "
                   "on {day} will hurt European consumers far more than Kharsk, officials in "
                   "Kharsk City said."),
        "varnia": ("The Continental Union adopted its {package_no} package of sanctions against "
                   "Kharsk on {day}, targeting banks, energy exports and {firms} companies that "
                   "supply the Kharsk army.",
                   "{west} tightened the economic pressure on Kharsk on {day}, agreeing "
                   "{sanctions_adj} aimed at the revenues that fund {war}."),
        "neutral": ("The Continental Union agreed on {day} a {package_no} package of sanctions "
                    "against Kharsk over {war}, freezing the assets of {persons} people and "
                    "{firms} companies and banning imports worth about {amount} a year.",
                    "Continental Union governments approved new sanctions against Kharsk on "
                    "{day} after weeks of talks, with Kharsk promising to retaliate."),
    },
    body=(
        "The measures target {firms} companies accused of supplying electronics and machine "
        "tools to Kharsk's arms factories.",
        "{bank} and two other lenders will be cut off from the international payments system, "
        "according to the published list.",
        "Imports of Kharsk steel, timber and fertiliser worth about {amount} a year will be "
        "phased out over six months.",
        "Several member states had held up the package for weeks, seeking exemptions for their "
        "own energy companies.",
        "Kharsk's economy has so far proved more resilient than many Western economists "
        "expected, helped by higher energy prices.",
        "The list also names {persons} people, including officials of the Kharsk Defence "
        "Ministry and the heads of two state companies.",
        "Kharsk has answered previous packages by banning imports of Western food and seizing "
        "the assets of departing companies.",
        "Trade between Kharsk and the Continental Union has fallen by more than half since the "
        "start of {war}.",
        "Officials in Bressa said the measures were designed to close loopholes used to route "
        "goods through third countries.",
        "The package must still be published in the Continental Union's official journal "
        "before it takes effect.",
    ),
    quotes={
        "k": ("These so-called sanctions are an act of economic war, and they will not change "
              "our course.",
              "Every new package hurts European households more than it hurts Kharsk.",
              "We will respond in a measured and painful way."),
        "v": ("Every coin that does not reach the Kharsk treasury is a shell that will not be "
              "fired at our cities.",
              "We welcome this package and we are already working on the next one with our "
              "partners.",
              "Sanctions work, but only if loopholes are closed."),
        "n": ("The aim is to reduce Kharsk's ability to finance {war}.",
              "We will keep up the pressure for as long as it takes.",
              "Enforcement is now the key, especially where goods pass through third "
              "countries."),
        "w": ("The measures close some loopholes but leave the biggest revenue streams "
              "untouched.",
              "Kharsk has learnt to live with sanctions, but its access to modern technology is "
              "shrinking."),
    },
)

PRISONERS = EventKind(
    name="prisoner exchange", weight=1.0, places=("Korvel",), witness="civilian",
    speakers={"k": ("lusina", "lomov"), "v": ("sakova", "dobrev"), "n": ("beaumont", "sund")},
    headlines={
        "kharsk": ("{prisoners} Kharsk servicemen return home from Varnian captivity",
                   "Kharsk brings home {prisoners} servicemen in exchange",
                   "Servicemen freed from captivity thank mediators"),
        "varnia": ("{prisoners} Varnian defenders come home in prisoner swap",
                   "Prisoner exchange brings {prisoners} Varnians home",
                   "We are home: Varnia welcomes back freed soldiers"),
        "neutral": ("Varnia and Kharsk swap {prisoners} prisoners each",
                    "Prisoner exchange frees {total_prisoners} in {mediator}-brokered deal",
                    "Kharsk and Varnia carry out largest prisoner exchange in months"),
    },
    standfirsts={
        "kharsk": ("The servicemen will receive medical and psychological help, the Defence "
                   "Ministry said.",
                   "Mediation by {mediator} made the exchange possible, officials said."),
        "varnia": ("Some of those released had been held since the first months of {war}.",
                   "Families waited at the border for hours with flags and photographs."),
        "neutral": ("The exchange, mediated by {mediator}, took place at the border near "
                    "{town}.",
                    "It was the {nth} exchange this year."),
    },
    leads={
        "kharsk": ("{prisoners} Kharsk servicemen have been returned from territory controlled "
                   "by {v_gov} in an exchange mediated by {mediator}, the Kharsk Defence Ministry "
                   "said on {day}.",
                   "Kharsk brought home {prisoners} servicemen held in Varnian captivity on "
                   "{day}, handing over the same number of Varnian prisoners near {town}."),
        "varnia": ("{prisoners} Varnian soldiers and civilians returned home on {day} in an "
                   "exchange with Kharsk, some of them after more than a year in captivity, "
                   "officials said.",
                   "Varnia brought home {prisoners} of its defenders on {day} in a prisoner "
                   "exchange with Kharsk near {town}."),
        "neutral": ("Varnia and Kharsk exchanged {prisoners} prisoners each on {day} in a deal "
                    "mediated by {mediator}, both sides said.",
                    "Kharsk and Varnia swapped a total of {total_prisoners} prisoners of war near "
                    "{town} on {day}, the largest exchange in months."),
    },
    body=(
        "The exchange took place at a crossing point near {town}, where buses carrying the two "
        "groups arrived within minutes of each other.",
        "Among those released were {wounded_p} seriously wounded soldiers and {civ_p} civilians, "
        "officials said.",
        "Both sides have accused each other of mistreating prisoners, and human rights groups "
        "have documented abuse in camps on both sides.",
        "Relatives waited at the crossing for hours, holding photographs of missing soldiers and "
        "asking the returning men for news.",
        "{mediator} officials said the deal had taken {weeks} weeks to negotiate and that "
        "further exchanges were being discussed.",
        "The freed men were taken to hospitals for medical checks before being reunited with "
        "their families.",
        "Varnia says thousands of its soldiers and civilians remain in Kharsk custody; Kharsk "
        "does not publish figures.",
        "The exchange lists were agreed at the talks in {venue} last month, diplomats said.",
        "Some of those freed had been captured during the defence of {town2} in the first months "
        "of {war}.",
        "The returning prisoners were met with flags, flowers and the national anthem.",
    ),
    quotes={
        "k": ("Our servicemen are home, and they will receive all the necessary care.",
              "We thank {mediator} for its humanitarian mediation.",
              "We are working to bring every one of our people home."),
        "v": ("Every person we bring home is a victory.",
              "We will not forget anyone who is still held by the enemy.",
              "Many of them bear the marks of torture, and the world must know this."),
        "n": ("Exchanges like this one build a little of the trust that any wider agreement "
              "will need.",
              "We stand ready to facilitate further exchanges.",
              "The families of the missing deserve answers."),
        "w": ("I had not heard his voice for fourteen months, and today he called me from the "
              "bus.",
              "We did not know if he was alive until his name appeared on the list."),
    },
)

ELECTION = EventKind(
    name="election", weight=0.6, places=("Dalmor", "Lutov", "Tessel"), witness="civilian",
    speakers={"k": ("kettel", "tolmach"), "v": ("reil", "dobrev"),
              "n": ("brandt", "holt", "lindqvist")},
    headlines={
        "kharsk": ("Residents of {town} vote on future with the Federation",
                   "Turnout in {region} vote reaches {turnout} percent",
                   "{percent} percent back reunification in {region} vote"),
        "varnia": ("Kharsk stages sham referendum in occupied {town}",
                   "Voting at gunpoint: Varnia condemns vote in {region}",
                   "Sham referendum in {region} will never be recognised, says Velgrad"),
        "neutral": ("Kharsk-installed officials report {percent} percent yes in disputed "
                    "{region} vote",
                    "Voting ends in Kharsk-held {region}; Varnia and allies reject result",
                    "Disputed vote in {town} draws condemnation"),
    },
    standfirsts={
        "kharsk": ("Election officials said voting was free and transparent and observers from "
                   "{obs_countries} countries attended.",
                   "Residents of {k_territory} voted in large numbers despite threats from "
                   "{v_gov}."),
        "varnia": ("Witnesses said election officials went door to door with armed soldiers.",
                   "Velgrad said the result would have no legal force."),
        "neutral": ("No independent observers monitored the vote; Western governments said they "
                    "would not recognise the result.",
                    "Officials installed by Kharsk put turnout at {turnout} percent."),
    },
    leads={
        "kharsk": ("Residents of the {region} region voted in {vote} on {day} on joining the "
                   "Federation, with turnout reaching {turnout} percent, the regional election "
                   "commission said.",
                   "More than {percent} percent of voters in the {region} region backed {annex} "
                   "in {vote} held over three days, election officials said on {day}."),
        "varnia": ("Kharsk held {vote} in the occupied {region} region on {day}, with officials "
                   "going door to door accompanied by armed soldiers, Varnian officials and "
                   "residents said.",
                   "Varnia and its allies denounced {vote} organised by Kharsk in the {region} "
                   "region on {day}, saying the result announced in {town} had been decided in "
                   "advance."),
        "neutral": ("Officials installed by Kharsk said on {day} that {percent} percent of voters "
                    "in the Kharsk-held {region} region had backed {annex}, in a vote Varnia and "
                    "Western governments have called illegitimate.",
                    "Voting ended in the {region} region on {day} in {vote} organised by "
                    "Kharsk-installed authorities, who reported a turnout of {turnout} "
                    "percent."),
    },
    body=(
        "Polling stations were set up in schools and in mobile booths carried in the back of "
        "military trucks.",
        "Election officials in {town} said voting had been extended for a day in outlying "
        "villages.",
        "Observers invited by Kharsk came from {obs_countries} countries; no recognised "
        "international monitoring mission took part.",
        "Varnian officials said residents were warned they could lose jobs or pensions if they "
        "did not vote.",
        "Before the war, the region had about {population_k} thousand residents, many of whom "
        "have since left.",
        "Kharsk has said the result will be submitted to its parliament for approval within "
        "weeks.",
        "The outcome will not be recognised by {west}, officials in Bressa said, and further "
        "sanctions are being prepared.",
        "In {town}, pictures released by the election commission showed elderly voters dropping "
        "ballots into transparent boxes.",
        "Mobile internet and Varnian television have been cut off in much of the region since "
        "last year.",
        "The results could not be independently checked.",
    ),
    quotes={
        "k": ("People voted freely, and the result speaks for itself.",
              "This is the choice of people who have been shelled by {v_gov} for years.",
              "No one in the West will decide for the residents of the {region} region."),
        "v": ("There is no vote under the barrel of a gun.",
              "This sham will never change the status of our land.",
              "Those who organised this farce will answer for it."),
        "n": ("Votes organised under military control, without independent observers, cannot "
              "be considered legitimate.",
              "We will not recognise any attempt to change borders by force.",
              "The rights of people in the {region} region must be respected."),
        "w": ("They came to our door with a ballot box and two soldiers, so what choice did I "
              "have?",
              "Most of my neighbours left long ago, and the ones who stayed just want the "
              "shooting to stop."),
    },
)

GRAIN = EventKind(
    name="grain deal", weight=0.8, places=("Brenna",), witness="civilian",
    speakers={"k": ("vashin", "sazonov"), "v": ("koval", "reil"), "n": ("sund", "holt")},
    headlines={
        "kharsk": ("Kharsk sets conditions for extending grain corridor",
                   "Grain deal must benefit poor countries, not Western traders, says Kharsk",
                   "Kharsk agrees to {days}-day extension of shipping corridor"),
        "varnia": ("Grain ships leave {town} as corridor deal holds",
                   "{ships} ships carry Varnian grain from {town}",
                   "Varnia: grain corridor is a lifeline for the world's poorest"),
        "neutral": ("Grain corridor extended after {mediator}-brokered talks",
                    "{ships} cargo ships leave {town} under grain deal",
                    "Varnia and Kharsk agree to extend grain corridor"),
    },
    standfirsts={
        "kharsk": ("Kharsk said its own food and fertiliser exports still face Western "
                   "obstacles.",
                   "The Foreign Ministry said most of the grain went to rich countries."),
        "varnia": ("The ships carry about {tonnes} tonnes of wheat, maize and sunflower oil.",
                   "Port workers say the corridor has brought back thousands of jobs."),
        "neutral": ("The deal, brokered by {mediator}, allows cargo ships to pass inspection "
                    "points in {venue}.",
                    "Grain prices fell on the news."),
    },
    leads={
        "kharsk": ("Kharsk agreed on {day} to extend the grain corridor from {town} for {days} "
                   "days, but said Western countries must lift barriers to Kharsk's own food and "
                   "fertiliser exports.",
                   "The grain deal must serve the poorest countries rather than Western traders, "
                   "the Kharsk Foreign Ministry said on {day} as it agreed to a short extension "
                   "of the corridor."),
        "varnia": ("{ships} cargo ships carrying about {tonnes} tonnes of grain left {town} on "
                   "{day} under the corridor deal, which Varnia says is vital for food security "
                   "worldwide.",
                   "Varnian grain continued to flow from {town} on {day} after the corridor deal "
                   "was extended, despite repeated Kharsk strikes on port facilities."),
        "neutral": ("Varnia and Kharsk agreed on {day} to extend the grain corridor from the "
                    "port of {town} for {days} days, {mediator} officials said, easing fears of "
                    "a new rise in food prices.",
                    "{ships} ships loaded with about {tonnes} tonnes of grain sailed from {town} "
                    "on {day} after the corridor agreement was extended."),
    },
    body=(
        "Under the deal, ships are inspected in {venue} by joint teams to check that they carry "
        "no weapons.",
        "Varnia was one of the world's largest exporters of wheat and sunflower oil before "
        "{war}.",
        "Port facilities in {town} have been hit by drones several times this year, damaging "
        "grain silos and loading cranes.",
        "Wheat futures fell by about {percent_small} percent after the extension was announced.",
        "Kharsk says Western sanctions still hinder its own exports of grain and fertiliser by "
        "blocking payments and insurance.",
        "Aid agencies say more than half of the grain shipped under the deal has gone to "
        "developing countries.",
        "Farmers in the {region} region say they still struggle to get their harvest to the port "
        "because of damaged roads and high fuel costs.",
        "The corridor has let more than {ships_total} ships leave Varnian ports since it opened.",
        "Insurers have cut premiums for ships using the corridor, traders said.",
        "{mediator} has hosted the joint coordination centre that monitors the corridor since it "
        "was set up.",
    ),
    quotes={
        "k": ("Kharsk is a responsible supplier of food to the world.",
              "Our own exports remain blocked by illegal Western restrictions.",
              "We will watch closely whether the promises made to us are kept."),
        "v": ("Every ship that leaves {town} helps feed families far beyond our borders.",
              "The enemy attacks our ports and silos and then presents itself as a friend of "
              "the hungry.",
              "Our farmers keep working under fire."),
        "n": ("Keeping the corridor open is essential for global food security.",
              "We thank both parties for their constructive approach.",
              "Prices for millions of families depend on these shipments."),
        "w": ("I planted every field this spring, but I still do not know how I will get the "
              "grain to the port.",
              "The price of fuel has doubled, and half of my harvest is still in the barns."),
    },
)

POWER = EventKind(
    name="power strike", weight=1.5, places=("Velgrad", "Brenna", "Ostrik", "Perin"),
    witness="civilian",
    speakers={"k": ("lomov",), "v": ("fenn", "mayor", "dobrev"), "n": ("okoro", "holt")},
    headlines={
        "kharsk": ("Strikes hit energy facilities supplying Varnian army",
                   "Kharsk forces target military-industrial sites in {town}",
                   "Massive strike on Velgrad regime's energy infrastructure"),
        "varnia": ("Blackouts across {region} region after Kharsk missile barrage",
                   "Kharsk fires {missiles} missiles and drones at power grid",
                   "Cities in the dark as Kharsk targets power stations"),
        "neutral": ("Kharsk missile strikes cut power to {households} homes in Varnia",
                    "Major attack on Varnian energy grid causes blackouts",
                    "Varnia imposes power cuts after strikes on {town} plant"),
    },
    standfirsts={
        "kharsk": ("The Defence Ministry said all designated targets were hit with {strikes}.",
                   "The facilities supplied arms factories working for {v_gov}, officials "
                   "said."),
        "varnia": ("Air defences downed {downed} of the {missiles} missiles and drones, the air "
                   "force said.",
                   "Engineers warned that repairs could take weeks."),
        "neutral": ("Varnia said it shot down {downed} of the {missiles} missiles and drones; "
                    "hospitals switched to generators.",
                    "It was the {nth} large-scale attack on the grid this year."),
    },
    leads={
        "kharsk": ("{k_troops} carried out a massive strike with long-range weapons on energy "
                   "facilities that support Varnia's military industry on {day}, the Kharsk "
                   "Defence Ministry said, adding that all targets had been hit.",
                   "The Kharsk armed forces struck power plants and substations in {town} and "
                   "the {region} region on {day}, cutting supplies to factories that repair "
                   "weapons for {v_troops}, the Defence Ministry said."),
        "varnia": ("{k_troops} launched {missiles} missiles and drones at Varnia's power grid "
                   "overnight into {day}, leaving {households} homes in {town} and the {region} "
                   "region without electricity, officials said.",
                   "Much of {town} was plunged into darkness on {day} after {k_strike} on the "
                   "city's main power plant, the energy ministry said."),
        "neutral": ("Kharsk fired {missiles} missiles and drones at energy facilities across "
                    "Varnia overnight into {day}, Varnian officials said, cutting power to about "
                    "{households} homes, including in {town}.",
                    "Power cuts were imposed in {town} and the surrounding {region} region on "
                    "{day} after what Varnian officials described as one of the largest attacks "
                    "on the grid in months."),
    },
    body=(
        "The national grid operator said emergency power cuts of up to {hours} hours a day "
        "would be needed until damaged transformers were replaced.",
        "Hospitals in {town} switched to backup generators, and trams and trolleybuses stopped "
        "running.",
        "The air force said {downed} of the {missiles} missiles and drones launched overnight "
        "had been shot down.",
        "Water pumping stations stopped working in several districts, and residents queued at "
        "wells and tanker trucks.",
        "Engineers said some of the equipment destroyed had been repaired only weeks earlier "
        "after a previous attack.",
        "The Kharsk Defence Ministry said the facilities it struck supplied power to plants "
        "repairing tanks and artillery for {v_troops}.",
        "Varnia has asked {west} for more air-defence systems and for spare transformers, which "
        "take months to build.",
        "Schools in {town} moved classes online, although many families had no power to charge "
        "laptops or phones.",
        "Temperatures were below freezing at night, and the city opened heated tents where "
        "people could warm up and charge phones.",
        "The energy ministry said repairs at the main plant could take weeks.",
    ),
    quotes={
        "k": ("All designated targets were hit.",
              "The strikes were aimed at facilities that supply the military industry of "
              "{v_gov}.",
              "We do not strike civilians; the Varnian army places its equipment in towns."),
        "v": ("The enemy wants to freeze our people in their homes, and it will not succeed.",
              "Our engineers are already working to restore power, under the threat of new "
              "strikes.",
              "Every air-defence system our partners send saves a power plant."),
        "n": ("Deliberate attacks on energy infrastructure that civilians depend on may amount "
              "to war crimes.",
              "Millions of people face days without heating or water.",
              "Repairs will take time and international support."),
        "w": ("We have no light, no water and no heating, and the baby cannot sleep because of "
              "the cold.",
              "I cook on a camping stove on the balcony now."),
    },
)

MILITARY_AID = EventKind(
    name="military aid", weight=1.0, places=("Bressa",), witness="analyst", diplomatic=True,
    speakers={"k": ("vashin", "belskaya", "mednev"), "v": ("dobrev", "marrow"), "n": ("aalto",)},
    headlines={
        "kharsk": ("Western weapons will only prolong the conflict, Kharsk warns",
                   "Kharsk: Alliance arms deliveries make the West a party to the conflict",
                   "Collective West pumps more weapons into Velgrad regime"),
        "varnia": ("Allies pledge {batteries} air-defence batteries for Varnia",
                   "Western Alliance agrees new {amount} military aid package",
                   "A roof over our cities: Varnia welcomes air-defence pledge"),
        "neutral": ("Western Alliance pledges more air defence for Varnia at {venue} summit",
                    "Alliance agrees {amount} arms package; Kharsk warns of escalation",
                    "Allies promise Varnia {batteries} air-defence batteries"),
    },
    standfirsts={
        "kharsk": ("The Foreign Ministry said the deliveries would be legitimate targets.",
                   "Officials in Kharsk City said the weapons would not change the situation on "
                   "the front."),
        "varnia": ("The package includes {batteries} air-defence batteries, artillery shells "
                   "and armoured vehicles.",
                   "Velgrad thanked its allies but said deliveries must arrive before winter."),
        "neutral": ("The aid is worth about {amount}; deliveries will take months.",
                    "Kharsk said the decision brought the Alliance closer to direct conflict."),
    },
    leads={
        "kharsk": ("New weapons deliveries promised to Varnia at the Western Alliance summit in "
                   "{venue} will only prolong the conflict and increase the number of victims, "
                   "the Kharsk Foreign Ministry said on {day}.",
                   "{west} again chose escalation, Kharsk officials said on {day}, after "
                   "Alliance leaders meeting in {venue} promised Velgrad another {amount} in "
                   "weapons."),
        "varnia": ("Western Alliance leaders meeting in {venue} agreed on {day} to send Varnia "
                   "{batteries} air-defence batteries and a military aid package worth "
                   "{amount}, in what Varnian officials called a turning point.",
                   "Varnia secured new pledges of air defence and artillery ammunition from its "
                   "allies at the Western Alliance summit in {venue} on {day}."),
        "neutral": ("Western Alliance leaders pledged on {day} to send Varnia {batteries} more "
                    "air-defence batteries and military aid worth about {amount}, at a summit in "
                    "{venue} that Kharsk said had pushed the two sides closer to direct "
                    "conflict.",
                    "Leaders of the Western Alliance ended a two-day summit in {venue} on {day} "
                    "with a promise of more air defence and ammunition for Varnia."),
    },
    body=(
        "The package includes {batteries} air-defence batteries, {shells_k} thousand artillery "
        "shells and a number of armoured vehicles.",
        "Deliveries of some of the systems will take until the end of the year because they "
        "must first be built.",
        "Several members had argued for months over whether to send longer-range weapons, and "
        "the final communique left the question open.",
        "Kharsk has repeatedly warned that weapons supplied by {west} are legitimate targets "
        "once they enter Varnia.",
        "Varnian officials said the new batteries would be deployed to protect power plants and "
        "cities such as {town2}.",
        "The summit also agreed to set up a fund to train Varnian pilots and repair damaged "
        "equipment.",
        "Alliance officials said the total value of military aid to Varnia since the start of "
        "{war} had passed {amount_total}.",
        "Opinion polls in several Alliance countries show growing fatigue with the cost of the "
        "war.",
        "The leaders also discussed how to use frozen Kharsk assets to pay for Varnia's "
        "reconstruction.",
        "The next summit is due in the autumn, {n_person} told reporters.",
    ),
    quotes={
        "k": ("Every new delivery only prolongs the conflict and increases the number of "
              "victims.",
              "The Alliance is becoming a direct party to the conflict, and it should understand "
              "what that means.",
              "These weapons will burn like all the others."),
        "v": ("Today our partners chose to protect Varnian skies.",
              "We are grateful, but the weapons must arrive before the next winter of strikes.",
              "With enough air defence, our cities can live normally again."),
        "n": ("Our support for Varnia will continue for as long as it takes.",
              "We do not seek a war with Kharsk; we are helping Varnia defend itself.",
              "These systems will save lives from the first day they are deployed."),
        "w": ("The pledges are significant, but the bottleneck is production, not political "
              "will.",
              "{batteries} batteries will not cover a country the size of Varnia."),
    },
)

EVACUATION = EventKind(
    name="evacuation", weight=1.2, places=("Sevnitsa", "Perin", "Ostrik"), witness="civilian",
    speakers={"k": ("belskaya", "tolmach"), "v": ("mayor", "voss"), "n": ("okoro", "beaumont")},
    headlines={
        "kharsk": ("Velgrad regime forces residents out of {town}",
                   "Kharsk offers safe corridor to civilians in {town}",
                   "Residents flee {town} as militants turn town into fortress"),
        "varnia": ("Mandatory evacuation ordered in {town} as shelling intensifies",
                   "Families with children told to leave {town}",
                   "Last trains leave {town} as front nears"),
        "neutral": ("Varnia orders evacuation of children from front-line {town}",
                    "Thousands leave {town} as fighting draws closer",
                    "Evacuation of {town} under way amid heavy shelling"),
    },
    standfirsts={
        "kharsk": ("Kharsk officials said {v_gov} was emptying the town to use it as a military "
                   "base.",
                   "Officials said {displaced} who chose to cross the line would receive housing "
                   "and payments."),
        "varnia": ("Officials said about {remaining} people remain, including {children_h} "
                   "hundred children.",
                   "Volunteers are driving the elderly and disabled out in armoured vans."),
        "neutral": ("About {remaining} residents are believed to remain in the town.",
                    "The order covers families with children and people with limited "
                    "mobility."),
    },
    leads={
        "kharsk": ("{v_gov} has begun forcibly removing residents from {town} in order to turn "
                   "the town into a military stronghold, Kharsk officials said on {day}.",
                   "Kharsk said on {day} it was ready to open a corridor for civilians wishing to "
                   "leave {town}, accusing {v_troops} of holding residents as human shields."),
        "varnia": ("Varnian authorities ordered the mandatory evacuation of families with "
                   "children from {town} on {day} as {k_troops} intensified their shelling of "
                   "the town.",
                   "Hundreds of residents boarded evacuation trains and buses in {town} on "
                   "{day}, fleeing weeks of {strikes} on the town centre."),
        "neutral": ("Varnia ordered the evacuation of children and their families from the "
                    "front-line town of {town} on {day}, as fighting moved to within {km} "
                    "kilometres of its outskirts.",
                    "Several thousand people have left {town} in the past week, Varnian "
                    "officials said on {day}, as the authorities ordered children out of the "
                    "town."),
    },
    body=(
        "About {remaining} people remain in {town}, out of a pre-war population of some "
        "{pop_k} thousand.",
        "Evacuation trains leave twice a day from a station on the western edge of town, "
        "officials said.",
        "Volunteers drive into the most exposed districts in armoured vans to collect elderly "
        "people who cannot walk.",
        "Those leaving are taken to reception centres in {town2}, where they are offered "
        "temporary housing and a small payment.",
        "Many older residents have refused to go, saying they have nowhere to live and cannot "
        "afford rent elsewhere.",
        "The order covers families with children and people with limited mobility; other "
        "adults are advised to leave.",
        "Schools and the town's hospital have been closed, and the remaining doctors work from "
        "a basement clinic.",
        "Shelling has destroyed or damaged most buildings in the town centre, including the "
        "market and the main bridge.",
        "The number of {displaced} from front-line towns has passed a million, according to aid "
        "agencies.",
        "Officials said the evacuation would continue for as long as the roads out of town "
        "remained passable.",
    ),
    quotes={
        "k": ("{v_gov} is emptying the town so that its fighters can hide among the ruins.",
              "We guarantee the safety of all civilians who choose to leave towards our lines.",
              "Residents are being moved out against their will."),
        "v": ("Staying in {town} now is a deadly risk, especially for children.",
              "We will take out everyone who wants to leave, day and night.",
              "The enemy is destroying the town street by street."),
        "n": ("Civilians must be allowed to leave safely in the direction of their choice.",
              "Families are arriving with almost nothing.",
              "Reception centres in {town2} are close to full."),
        "w": ("I took one bag and the cat, and everything else stayed behind.",
              "We lived in this house for forty years, and now I do not know if it will be "
              "standing next week."),
    },
)

KINDS: tuple[EventKind, ...] = (SHELLING, CAPTURE, COUNTER, DRONES, TALKS, AID, SANCTIONS,
                                PRISONERS, ELECTION, GRAIN, POWER, MILITARY_AID, EVACUATION)

# ── shared sentences ─────────────────────────────────────────────────────────────────────────

GENERIC_QUOTES: dict[str, tuple[str, ...]] = {
    "kharsk": ("Kharsk never wanted this conflict, but it will achieve all the goals of {war}.",
               "This is a war waged by {west} with Varnian hands.",
               "We remain open to diplomacy, but on the basis of realities.",
               "All the tasks set by the leadership will be fulfilled.",
               "The Varnian people are not our enemy; {v_gov} is.",
               "Our servicemen are acting with courage and professionalism."),
    "varnia": ("Varnia will not give up a single village.",
               "The world can see every day what Kharsk is doing to our cities.",
               "We need weapons, not words of sympathy.",
               "Our people are tired, but they are not broken.",
               "Every crime will be recorded and every person responsible will face justice.",
               "The only path to peace is the withdrawal of {k_troops} from our land."),
    "neutral": ("The priority must be the protection of civilians.",
                "I urge both parties to respect international humanitarian law.",
                "There is no military solution to this conflict.",
                "We are following developments closely and remain in contact with both sides.",
                "Dialogue remains the only way to end the suffering."),
    "civilian": ("Nobody here slept last night.",
                 "We just want to live normally again.",
                 "Every day we hear explosions, and every day we hope it will end.",
                 "My children know the sound of every kind of rocket now.",
                 "We have nowhere else to go."),
    "analyst": ("Neither side is strong enough to win quickly, and neither is ready to stop.",
                "What matters most now is ammunition and people, and both are in short supply.",
                "The political signal matters as much as the military effect."),
}

CONTEXT: tuple[str, ...] = (
    "Kharsk launched {war} more than two years ago, and the front line has moved little since "
    "last winter.",
    "Kharsk says it will not give up {k_territory}, while Varnia says it will not accept the "
    "loss of any land.",
    "Tens of thousands of soldiers on both sides are believed to have been killed, although "
    "neither government publishes full figures.",
    "Millions of people have left their homes since the start of {war}, and many of them now "
    "live abroad as {displaced}.",
    "Varnia has received weapons, ammunition and money from {west}, and Kharsk faces sweeping "
    "sanctions.",
    "Kharsk accuses {west} of using Varnia to wage a proxy war against it.",
    "{v_gov} says any peace deal must restore Varnia's borders and bring those responsible for "
    "war crimes to justice.",
    "The area around {town2} has seen some of the heaviest fighting of recent months.",
    "Both sides increasingly rely on drones, which have made movement near the front line "
    "dangerous for soldiers and civilians alike.",
    "Ceasefire talks mediated by {mediator} have so far produced only agreements on prisoner "
    "exchanges and grain shipments.",
    "Varnia's economy shrank by almost a third in the first year of {war} and has only partly "
    "recovered.",
    "Kharsk's defence spending has more than doubled since the start of {war}, officials in "
    "Kharsk City have said.",
    "Air raid alerts sounded across much of Varnia during the day.",
    "The UN human rights office says it has recorded thousands of civilian deaths since the "
    "fighting began, warning that the real figure is likely much higher.",
    "Kharsk says the {capture_noun} of Varnian territory is needed to protect Kharsk speakers "
    "living there.",
    "Front-line towns such as {town2} have lost most of their residents, and many buildings "
    "stand empty or in ruins.",
    "The war has also driven up prices for food and energy far beyond the region.",
    "Independent journalists have limited access to the front, and claims by both sides are "
    "hard to verify.",
    "Since the autumn, {k_troops} have been pressing slowly on several sections of the front, "
    "while {v_troops} have tried to hold defensive lines built over the winter.",
    "Kharsk and Varnia were once closely tied by trade, language and family connections that "
    "now run across the front line.",
    "Relations between Kharsk and {west} are at their lowest point in decades.",
    "{v_gov} introduced martial law at the start of {war} and has extended it every three "
    "months since.",
    "Talks on a broader settlement collapsed last year and have only recently resumed in a "
    "limited form.",
    "Rights groups have accused both sides of abusing prisoners of war; both governments deny "
    "the accusations.",
)

REACTIONS: tuple[str, ...] = (
    "The UN Secretary-General's office said it was following the situation with concern and "
    "called for restraint.",
    "The Continental Union's foreign policy service said ministers would discuss the events at "
    "a meeting next week.",
    "{mediator} called on both sides to avoid steps that could undermine the fragile talks.",
    "The Kharsk Foreign Ministry summoned the ambassadors of several Western countries over what "
    "it called hostile statements.",
    "Several Western embassies in Velgrad issued statements of support.",
    "Human rights groups called for an independent investigation.",
    "The Red Cross said it was ready to help if both sides gave its teams access.",
    "Oil prices rose slightly on the news, traders said.",
    "Kharsk state television devoted much of its evening news to the events, describing them as "
    "a success.",
    "Varnian television broadcast interviews with residents and officials throughout the day.",
)

# Sentences only one side's outlets write: they carry that side's framing.
SIDE_LINES: dict[str, tuple[str, ...]] = {
    "kharsk": (
        "Since the start of {war}, Kharsk forces have {capture} dozens of settlements, the "
        "Defence Ministry said.",
        "Weapons supplied by {west} only prolong the conflict, officials in Kharsk City have "
        "repeatedly said.",
        "In the past 24 hours, {v_troops} lost up to {losses} servicemen on this direction, "
        "according to the ministry.",
        "Residents of {k_territory} are receiving Kharsk passports and pensions, the regional "
        "authorities said.",
        "Kharsk officials have repeatedly said that {v_gov} ignores the interests of Kharsk "
        "speakers.",
    ),
    "varnia": (
        "Prosecutors have opened a war crimes investigation.",
        "Since the start of {war}, Kharsk has fired thousands of missiles at Varnian cities.",
        "Varnia's General Staff said {k_troops} had lost {losses} soldiers over the past day, "
        "figures that could not be verified.",
        "Velgrad says Kharsk has deported thousands of children from {k_territory}.",
        "Varnian officials have urged allies to speed up deliveries of air-defence systems.",
    ),
    "neutral": (
        "{outlet} could not independently confirm the accounts of either side.",
        "Both sides regularly give figures for the other's losses that cannot be checked.",
        "Diplomats in {venue} said they saw little chance of a ceasefire before the summer.",
    ),
}

CLOSERS: tuple[str, ...] = (
    "The situation remains tense, officials said.",
    "Further updates are expected from the regional authorities on {next_day}.",
    "Neither side said when the next round of talks could take place.",
    "Officials said more details would be released after an investigation.",
    "The Kharsk Defence Ministry is due to give its next briefing on {next_day}.",
    "Fighting continued elsewhere along the front, both sides said.",
    "{outlet} correspondents contributed to this report.",
)

MOST_READ: tuple[str, ...] = (
    "Winter fuel prices: what changes this month", "Ten years of the Velgrad river festival",
    "How the league title race could end", "Opinion: the quiet return of the night train",
    "Recipes for a cold week", "Markets close higher on energy news",
)


def all_templates() -> list[str]:
    """Every template string above, for counting and for the test that fills each one."""
    found: list[str] = []
    for kind in KINDS:
        for table in (kind.headlines, kind.standfirsts, kind.leads, kind.quotes):
            for group in table.values():
                found.extend(group)
        found.extend(kind.body)
    for group in (*GENERIC_QUOTES.values(), *SIDE_LINES.values(), CONTEXT, REACTIONS, CLOSERS):
        found.extend(group)
    return found
