#!/usr/bin/env python3
# gen-examples.py -- generate the example CSV files used to exercise `vern`
# against the sandbox described in examples/seed.json.
#
# It writes, into examples/:
#   companies.csv          2,000 valid "Companies" rows
#   contacts-clean.csv     2,500 fully valid "Contacts" rows that also pass
#                          the sandbox writer (no 422, no hollow writes)
#   contacts-drifted.csv   the same 2,500 rows with renamed / re-cased /
#                          reordered headers that the sandbox self-heals
#   contacts-dirty.csv     2,400 rows with an exact, known set of planted
#                          defects (bad Status, empty Email, duplicate Email,
#                          bad Phone -> 422, long Title -> hollow)
#   contacts-broken.csv    2,000 rows missing the required Email column
#   connection.json        destination connection settings for the sandbox
#
# Standard library only. Every random choice comes from random.Random
# instances with fixed seeds, and nothing iterates over a set, so running the
# script again reproduces byte-identical files. After writing, the script
# re-reads every file and checks it against the rules in seed.json; any
# mismatch raises and the script exits non-zero.
#
# Usage: python3 scripts/gen-examples.py

import csv
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20240917
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "examples"))

N_COMPANIES = 2000
N_CLEAN = 2500
N_DIRTY = 2400
N_BROKEN = 2000
MAX_CSV_BYTES = 400 * 1024

CONTACT_HEADER = ["Email", "First Name", "Last Name", "Phone", "Title", "Status", "Account"]
COMPANY_HEADER = ["Name", "Domain", "Industry", "Employees", "Country"]
# Drifted header -> canonical column it must self-heal to.
DRIFTED_HEADER = [
    ("Company", "Account"),
    (" E-mail Address ", "Email"),
    ("first_name", "First Name"),
    ("SURNAME", "Last Name"),
    ("Job Title", "Title"),
    ("Stage", "Status"),
    ("Telephone", "Phone"),
]
BROKEN_HEADER = ["First Name", "Last Name", "Phone", "Title", "Status", "Account"]

# Planted defects in contacts-dirty.csv (exact counts).
DEFECT_COUNTS = {
    "bad_status": 37,
    "empty_email": 12,
    "duplicate_email": 9,
    "bad_phone": 6,
    "long_title": 4,
}
BAD_STATUSES = ["open", "in progress", "Done", "closed ", "Won"]
BAD_PHONES = ["call me", "n/a", "ext. 12", "ask for reception", "555-CALL-NOW", "TBD"]
LONG_TITLES = [
    "Senior Vice President, Global Strategic Partnerships and Alliances",
    "Head of Enterprise Customer Success and Renewals for North America",
    "Principal Solutions Architect, Data Platform and Analytics Infrastructure",
    "Director of Regulatory Affairs, Quality Assurance and Clinical Compliance",
]

# ---------------------------------------------------------------------------
# Seed rules
# ---------------------------------------------------------------------------

with open(os.path.join(EXAMPLES, "seed.json"), encoding="utf-8") as fh:
    SEEDDATA = json.load(fh)


def template(name):
    for t in SEEDDATA["templates"]:
        if t["name"] == name:
            return t
    raise SystemExit("seed.json has no template %r" % name)


def column(tmpl, name):
    for c in tmpl["columns"]:
        if c["name"] == name:
            return c
    raise SystemExit("template %r has no column %r" % (tmpl["name"], name))


def writer_object(tmpl_name):
    for o in SEEDDATA["writer"]["objects"]:
        if o["template"] == tmpl_name:
            return o
    raise SystemExit("writer has no object for %r" % tmpl_name)


T_COMPANIES = template("Companies")
T_CONTACTS = template("Contacts")
RE_DOMAIN = re.compile(column(T_COMPANIES, "Domain")["strictRule"])
RE_EMPLOYEES = re.compile(column(T_COMPANIES, "Employees")["strictRule"])
RE_COUNTRY = re.compile(column(T_COMPANIES, "Country")["strictRule"])
INDUSTRIES = list(column(T_COMPANIES, "Industry")["allowedValues"])
RE_EMAIL = re.compile(column(T_CONTACTS, "Email")["strictRule"])
STATUSES = list(column(T_CONTACTS, "Status")["allowedValues"])

_w_companies = writer_object("Companies")
_w_contacts = writer_object("Contacts")
RE_DOMAIN_FORBID = re.compile(
    [r for r in _w_companies["reject"] if r["column"] == "Domain"][0]["forbid"])
RE_PHONE = re.compile(
    [r for r in _w_contacts["reject"] if r["column"] == "Phone"][0]["pattern"])
TITLE_MAX = [h for h in _w_contacts["hollow"] if h["column"] == "Title"][0]["max_len"]

assert STATUSES == ["Open", "Closed", "Pending"], STATUSES
assert all(len(t) > TITLE_MAX for t in LONG_TITLES)
assert all(p.strip() and not RE_PHONE.match(p) for p in BAD_PHONES)
assert all(s not in STATUSES for s in BAD_STATUSES)

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

COMPANY_FIRST = [
    "Northwind", "Blue", "Silver", "Granite", "Cedar", "Summit", "Harbor", "Iron",
    "Golden", "Red", "Evergreen", "Pioneer", "Atlas", "Beacon", "Copper", "Crescent",
    "Falcon", "Frontier", "Horizon", "Juniper", "Keystone", "Lakeside", "Liberty",
    "Maple", "Meridian", "Nova", "Oakridge", "Orion", "Pacific", "Prairie", "Quantum",
    "Redwood", "Riverbend", "Sapphire", "Sterling", "Stonebridge", "Sunrise", "Tidewater",
    "Trident", "Vanguard", "Westfield", "Willow", "Zenith", "Alder", "Bright", "Clearwater",
    "Coastal", "Driftwood", "Eastgate", "Emerald", "Fairview", "Foxglove", "Greenfield",
    "Highland", "Hollow Oak", "Ivory", "Kestrel", "Lighthouse", "Lumen", "Magnolia",
    "Midland", "Northstar", "Oakhurst", "Parkside", "Polar", "Quarry", "Raven", "Saltmarsh",
    "Seaside", "Solstice", "Southpoint", "Spruce", "Tallgrass", "Thistle", "Timberline",
    "Union", "Upland", "Vista", "Wren", "Yellowstone", "Aurora", "Bluebird", "Canyon",
    "Cobalt", "Delta", "Ember", "Fjord", "Glacier", "Harvest", "Indigo", "Jasper",
]
COMPANY_MIDDLE = [
    "Harbor", "Ridge", "Peak", "Valley", "Bridge", "River", "Stone", "Pine", "Field",
    "Lake", "Forge", "Point", "Bay", "Creek", "Grove", "Hill", "Mill", "Rock", "Star",
    "Wave", "Wind", "Crest", "Gate", "Haven", "Brook", "Meadow", "Path", "Shore", "Arc",
    "Bloom", "Circle", "Compass", "Current", "Harvest", "Key", "Line", "Loop", "Orbit",
    "Spark", "Spring", "Tide", "Trail", "Vale", "Yard", "Anchor", "Signal", "Cloud",
]
INDUSTRY_SUFFIXES = {
    "Software": ["Software", "Systems", "Labs", "Technologies", "Digital", "Analytics",
                 "Cloud", "Data", "Networks", "Interactive", "Computing", "Apps"],
    "Manufacturing": ["Manufacturing", "Industries", "Works", "Fabrication", "Machining",
                      "Components", "Metals", "Plastics", "Tooling", "Castings", "Textiles"],
    "Retail": ["Traders", "Outfitters", "Supply", "Market", "Goods", "Provisions",
               "Mercantile", "Stores", "Home", "Apparel", "Grocers"],
    "Finance": ["Capital", "Financial", "Partners", "Holdings", "Advisors", "Bancorp",
                "Investments", "Trust", "Wealth", "Credit", "Insurance"],
    "Healthcare": ["Health", "Medical", "Clinics", "Pharma", "Biotech", "Care",
                   "Diagnostics", "Therapeutics", "Dental", "Wellness", "Labs"],
    "Education": ["Academy", "Learning", "Institute", "Education", "Tutoring", "Schools",
                  "Training", "Publishing", "Campus"],
    "Other": ["Logistics", "Consulting", "Group", "Energy", "Foods", "Media", "Studios",
              "Freight", "Hospitality", "Agency", "Construction", "Brewing", "Farms",
              "Realty", "Travel"],
}
INDUSTRY_WEIGHTS = {"Software": 24, "Manufacturing": 16, "Retail": 15, "Finance": 12,
                    "Healthcare": 12, "Education": 7, "Other": 14}
LEGAL_SUFFIXES = ["Inc.", "Ltd", "LLC", "GmbH", "Co.", "PLC", "AG", "S.A."]
# Hand-written names that need CSV quoting or carry non-ASCII characters.
SPECIAL_COMPANIES = [
    ("Baker, Lowe & Co.", "Finance", "GB"),
    ("Smith, Carter and Sons", "Manufacturing", "US"),
    ("Hart, Pryce & Vale", "Finance", "GB"),
    ("Ng, Okafor & Partners", "Other", "SG"),
    ("Rivera, Holt & Associates", "Other", "US"),
    ("Northwind Traders, Inc.", "Retail", "US"),
    ('The "Blue Door" Bakery', "Retail", "IE"),
    ('Studio "Nine" Media', "Other", "NL"),
    ("O'Malley & Daughters", "Retail", "IE"),
    ("Café Lumière", "Retail", "FR"),
    ("Müller Präzisionstechnik", "Manufacturing", "DE"),
    ("Łódź Software House", "Software", "PL"),
    ("Søndergaard Biotech", "Healthcare", "DK"),
    ("Björk & Åberg Logistik", "Other", "SE"),
    ("São Paulo Fintech", "Finance", "BR"),
]
COUNTRIES = [  # (code, weight, tld)
    ("US", 34, "com"), ("GB", 12, "co.uk"), ("DE", 9, "de"), ("FR", 6, "fr"),
    ("CA", 6, "ca"), ("AU", 5, "com.au"), ("NL", 4, "nl"), ("ES", 3, "es"),
    ("IT", 3, "it"), ("SE", 3, "se"), ("IE", 2, "ie"), ("CH", 2, "ch"),
    ("PL", 2, "pl"), ("DK", 2, "dk"), ("NO", 1, "no"), ("FI", 1, "fi"),
    ("BE", 1, "be"), ("AT", 1, "at"), ("PT", 1, "pt"), ("BR", 1, "com.br"),
    ("MX", 1, "com.mx"), ("JP", 1, "jp"), ("IN", 2, "in"), ("SG", 1, "sg"),
    ("NZ", 1, "co.nz"), ("ZA", 1, "co.za"),
]
COUNTRY_TLD = {c: t for c, _, t in COUNTRIES}
DIAL_CODES = {
    "US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "AU": "61", "NL": "31",
    "ES": "34", "IT": "39", "SE": "46", "IE": "353", "CH": "41", "PL": "48", "DK": "45",
    "NO": "47", "FI": "358", "BE": "32", "AT": "43", "PT": "351", "BR": "55", "MX": "52",
    "JP": "81", "IN": "91", "SG": "65", "NZ": "64", "ZA": "27",
}
US_AREA = ["212", "312", "415", "503", "617", "646", "702", "713", "206", "303",
           "404", "512", "602", "720", "919", "416", "604", "514"]

FIRST_NAMES = [
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
    "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
    "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa",
    "Anthony", "Betty", "Mark", "Margaret", "Steven", "Sandra", "Paul", "Ashley",
    "Andrew", "Emily", "Joshua", "Michelle", "Kevin", "Amanda", "Brian", "Melissa",
    "George", "Rebecca", "Edward", "Laura", "Ronald", "Stephanie", "Timothy", "Hannah",
    "Jason", "Olivia", "Ryan", "Emma", "Jacob", "Sophia", "Nathan", "Isabella",
    "Oliver", "Amelia", "Liam", "Charlotte", "Noah", "Mia", "Ethan", "Harper",
    "Lucas", "Grace", "Aiden", "Chloe", "Samuel", "Priya", "Arjun", "Aisha",
    "Mohammed", "Fatima", "Omar", "Leila", "Wei", "Mei", "Hiroshi", "Yuki",
    "Kenji", "Sakura", "Min-jun", "Ji-woo", "Carlos", "Lucia", "Diego", "Camila",
    "Mateo", "Valentina", "Pedro", "Ines", "Hans", "Greta", "Lars", "Ingrid",
    "Pieter", "Anouk", "Giovanni", "Giulia", "Marco", "Francesca", "Ivan", "Olga",
    "Dmitri", "Anya", "Kwame", "Amara", "Chidi", "Ngozi", "Tariq", "Yasmin",
    "Sean", "Niamh", "Connor", "Aoife", "Rhys", "Seren",
    # non-ASCII
    "José", "Zoë", "Łukasz", "Søren", "Björn", "François", "Chloé", "Renée",
    "Jürgen", "Małgorzata", "Siobhán", "Ångström", "Élodie", "Raúl", "Nuño",
    "Agnès", "Dagný", "Çağla", "Þór", "Anaïs", "Jiří", "Zoltán", "Görkem",
]
FIRST_NONASCII_START = FIRST_NAMES.index("José")
NICKNAMED = [('Robert "Bob"', "Robert"), ('Elizabeth "Liz"', "Elizabeth"),
             ('William "Bill"', "William"), ('Katherine "Kate"', "Katherine"),
             ('Margaret "Peggy"', "Margaret")]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
    "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
    "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
    "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward",
    "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
    "Patel", "Shah", "Singh", "Kumar", "Gupta", "Khan", "Ahmed", "Hussain",
    "Chen", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Suzuki", "Sato",
    "Kim", "Park", "Choi", "Nguyen", "Tran", "Santos", "Silva", "Costa",
    "Fernandez", "Lopez", "Gonzalez", "Rodriguez", "Hernandez", "Rossi", "Bianchi",
    "Romano", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker",
    "Jansen", "de Vries", "van Dijk", "Bakker", "Andersson", "Johansson", "Larsen",
    "Nielsen", "Novak", "Ivanov", "Petrov", "Okafor", "Mensah", "Adeyemi", "Byrne",
    "Walsh", "Doyle", "McCarthy", "MacLeod", "Fraser", "Jenkins", "Price",
    # apostrophes (need no CSV quoting, but exercise escaping elsewhere)
    "O'Neil", "O'Brien", "D'Angelo", "O'Connor", "D'Souza",
    # non-ASCII
    "Müller", "García", "Núñez", "Jørgensen", "Łukasiewicz", "Dvořák", "Yılmaz",
    "Çelik", "Šimůnek", "Böhm", "Lefèvre", "Håkansson", "Kováč", "Ó Súilleabháin",
    "Peña", "Gößmann", "Wójcik", "Strauß",
]
TITLE_BASES = [
    "Account Executive", "Senior Account Executive", "Sales Manager", "Sales Director",
    "VP, Sales", "VP of Marketing", "Marketing Manager", "Marketing Coordinator",
    "Product Manager", "Senior Product Manager", "Director of Product",
    "Software Engineer", "Senior Software Engineer", "Staff Engineer",
    "Engineering Manager", "CTO", "CEO", "COO", "CFO", "Founder", "Co-Founder",
    "Operations Manager", "Office Manager", "Procurement Lead", "Buyer",
    "Customer Success Manager", "Director, Customer Success", "Support Specialist",
    "IT Manager", "Systems Administrator", "Data Analyst", "Data Scientist",
    "Finance Manager", "Controller", "Accountant", "HR Business Partner",
    "Recruiter", "Head of People", "Legal Counsel", "General Counsel",
    "Project Manager", "Program Manager", "Business Analyst", "Consultant",
    "Partner", "Managing Director", "Plant Manager", "Quality Engineer",
    "Store Manager", "Regional Manager", "Nurse Practitioner", "Practice Manager",
    "Teacher", "Head of Curriculum", "Dean of Admissions", "Chief Medical Officer",
    "Head of Operations, EMEA", "Partnerships Lead", "Designer", "UX Researcher",
]
REGION_SUFFIXES = ["EMEA", "APAC", "North America", "LATAM", "DACH", "Nordics", "UK & Ireland"]
GENERIC_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com",
                "hotmail.co.uk", "gmx.de", "fastmail.com"]

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_TRANSLIT = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE", "æ": "ae",
             "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i", "Œ": "OE", "œ": "oe"}


def ascii_fold(s):
    s = "".join(_TRANSLIT.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).encode(
        "ascii", "ignore").decode("ascii")


def slug_words(s):
    return re.findall(r"[a-z0-9]+", ascii_fold(s).lower())


def weighted(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def norm_header(h):
    return re.sub(r"[^a-z0-9]", "", h.lower())


def write_csv(name, header, rows):
    path = os.path.join(EXAMPLES, name)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
    return path


def read_csv(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


# ---------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------

def make_domain(rng, name, country, industry, used):
    stop = {"inc", "ltd", "llc", "gmbh", "co", "plc", "ag", "s", "a", "the", "and"}
    words = [w for w in slug_words(name) if w not in stop] or ["company"]
    tld = COUNTRY_TLD[country]
    if industry == "Software" and rng.random() < 0.3:
        tld = rng.choice(["io", "dev", "ai", "app"])
    elif country == "US" and rng.random() < 0.1:
        tld = rng.choice(["net", "co", "us"])
    candidates = ["".join(words), "-".join(words)]
    if len(words) > 1:
        candidates.append("".join(words[:-1]))
    candidates += ["".join(words) + "-" + s for s in ["hq", "group", "global", "online"]]
    for base in candidates:
        d = "%s.%s" % (base[:60].strip("-"), tld)
        if d not in used:
            return d
    n = 2
    while True:
        d = "%s%d.%s" % ("".join(words)[:55], n, tld)
        if d not in used:
            return d
        n += 1


def employees(rng):
    n = int(round(rng.lognormvariate(4.2, 1.6)))
    return max(1, min(n, 250000))


def gen_companies():
    rng = random.Random(SEED + 1)
    names_seen = {}
    domains_seen = {}
    rows = []
    special_at = sorted(rng.sample(range(N_COMPANIES), len(SPECIAL_COMPANIES)))
    special = dict(zip(special_at, SPECIAL_COMPANIES))
    industries = list(INDUSTRY_WEIGHTS.items())
    while len(rows) < N_COMPANIES:
        if len(rows) in special:
            name, industry, country = special[len(rows)]
        else:
            industry = weighted(rng, industries)
            country = weighted(rng, [(c, w) for c, w, _ in COUNTRIES])
            suffix = rng.choice(INDUSTRY_SUFFIXES[industry])
            r = rng.random()
            if r < 0.45:
                name = "%s %s" % (rng.choice(COMPANY_FIRST), suffix)
            else:
                name = "%s %s %s" % (rng.choice(COMPANY_FIRST), rng.choice(COMPANY_MIDDLE), suffix)
            if rng.random() < 0.04:
                name += " " + rng.choice(LEGAL_SUFFIXES)
            first = name.split()[0]
            if len(name.split()) > 2 and first == name.split()[1]:
                continue
        key = name.lower()
        if key in names_seen:
            continue
        domain = make_domain(rng, name, country, industry, domains_seen)
        names_seen[key] = True
        domains_seen[domain] = True
        rows.append([name, domain, industry, str(employees(rng)), country])
    return rows


# ---------------------------------------------------------------------------
# Contacts
# ---------------------------------------------------------------------------

def make_phone(rng, country):
    for _ in range(50):
        if country in ("US", "CA"):
            a = rng.choice(US_AREA)
            b = "01%02d" % rng.randrange(100)
            p = rng.choice(["+1 %s 555 %s", "+1 (%s) 555-%s", "%s-555-%s",
                            "%s.555.%s", "+1-%s-555-%s"]) % (a, b)
        elif country == "GB":
            tail = "0%03d" % rng.randrange(1000)
            p = rng.choice(["+44 20 7946 %s", "020 7946 %s", "+44 (0)20 7946 %s"]) % tail
        elif country == "FR":
            p = "+33 %d %02d %02d %02d %02d" % (rng.randrange(1, 6), rng.randrange(100),
                                                 rng.randrange(100), rng.randrange(100),
                                                 rng.randrange(100))
        elif country == "DE":
            p = "+49 %s %d" % (rng.choice(["30", "40", "89", "69", "221"]),
                               rng.randrange(1000000, 99999999))
        elif country == "AU":
            p = "+61 %d %04d %04d" % (rng.choice([2, 3, 7, 8]), rng.randrange(10000),
                                      rng.randrange(10000))
        else:
            cc = DIAL_CODES.get(country, "1")
            p = "+%s %d %03d %04d" % (cc, rng.randrange(1, 100), rng.randrange(1000),
                                      rng.randrange(10000))
        if RE_PHONE.match(p):
            return p
    raise AssertionError("could not build a phone for %s" % country)


def make_title(rng):
    r = rng.random()
    if r < 0.03:
        return ""
    t = rng.choice(TITLE_BASES)
    if "," not in t and rng.random() < 0.06:
        t = "%s, %s" % (t, rng.choice(REGION_SUFFIXES))
    assert len(t) <= TITLE_MAX, t
    return t


class ContactFactory:
    """Builds valid contacts; email uniqueness is shared across all files."""

    def __init__(self, companies):
        self.companies = companies  # list of rows
        self.used_emails = {}
        self.nonascii_first = FIRST_NAMES[FIRST_NONASCII_START:]
        self.ascii_first = FIRST_NAMES[:FIRST_NONASCII_START]

    def email_for(self, rng, first, last, domain):
        f = "".join(slug_words(first)) or "contact"
        lw = slug_words(last)
        l = "".join(lw) or "x"
        patterns = ["%s.%s" % (f, l), "%s%s" % (f[0], l), "%s_%s" % (f, l),
                    "%s.%s" % (f, l[0]), "%s%s" % (f, l)]
        start = rng.randrange(3) if rng.random() < 0.4 else 0
        order = patterns[start:] + patterns[:start]
        for local in order:
            e = "%s@%s" % (local, domain)
            if e.lower() not in self.used_emails:
                return e
        n = 2
        while True:
            e = "%s.%s%d@%s" % (f, l, n, domain)
            if e.lower() not in self.used_emails:
                return e
            n += 1

    def make(self, rng):
        r = rng.random()
        if r < 0.006:
            first, email_first = rng.choice(NICKNAMED)
        elif r < 0.09:
            first = email_first = rng.choice(self.nonascii_first)
        else:
            first = email_first = rng.choice(self.ascii_first)
        last = rng.choice(LAST_NAMES)
        if rng.random() < 0.01:
            last = ""  # Last Name is optional
        if rng.random() < 0.05:
            account, country = "", weighted(rng, [(c, w) for c, w, _ in COUNTRIES])
            domain = rng.choice(GENERIC_MAIL)
        else:
            comp = rng.choice(self.companies)
            account, country = comp[0], comp[4]
            domain = comp[1] if rng.random() < 0.9 else rng.choice(GENERIC_MAIL)
        email = self.email_for(rng, email_first, last or "contact", domain)
        self.used_emails[email.lower()] = True
        phone = "" if rng.random() < 0.10 else make_phone(rng, country)
        title = make_title(rng)
        status = weighted(rng, [("Open", 50), ("Pending", 22), ("Closed", 28)])
        return [email, first, last, phone, title, status, account]


def gen_clean(factory):
    rng = random.Random(SEED + 2)
    return [factory.make(rng) for _ in range(N_CLEAN)]


def gen_dirty(factory):
    rng = random.Random(SEED + 3)
    rows = [factory.make(rng) for _ in range(N_DIRTY)]
    EMAIL, PHONE, TITLE, STATUS = 0, 3, 4, 5
    kinds = {}
    dup_pos = sorted(rng.sample(range(200, N_DIRTY), DEFECT_COUNTS["duplicate_email"]))
    for p in dup_pos:
        kinds[p] = "duplicate_email"
    free = [i for i in range(N_DIRTY) if i not in kinds]
    other = rng.sample(free, sum(v for k, v in DEFECT_COUNTS.items() if k != "duplicate_email"))
    k = 0
    for kind in ["bad_status", "empty_email", "bad_phone", "long_title"]:
        for p in other[k:k + DEFECT_COUNTS[kind]]:
            kinds[p] = kind
        k += DEFECT_COUNTS[kind]

    statuses = [BAD_STATUSES[i % len(BAD_STATUSES)] for i in range(DEFECT_COUNTS["bad_status"])]
    rng.shuffle(statuses)
    phones = list(BAD_PHONES)
    rng.shuffle(phones)
    titles = list(LONG_TITLES)
    rng.shuffle(titles)
    sources = {}
    for p in sorted(kinds):
        kind = kinds[p]
        row = rows[p]
        if kind == "bad_status":
            row[STATUS] = statuses.pop()
        elif kind == "empty_email":
            row[EMAIL] = ""
        elif kind == "bad_phone":
            row[PHONE] = phones.pop()
        elif kind == "long_title":
            row[TITLE] = titles.pop()
        elif kind == "duplicate_email":
            cands = [i for i in range(p) if i not in kinds and i not in sources]
            src = rng.choice(cands)
            sources[src] = p
            # Same person entered twice: same email, name and account; the
            # phone, title and status may differ.
            for c in (EMAIL, 1, 2, 6):
                row[c] = rows[src][c]
    return rows, kinds


def gen_broken(factory):
    rng = random.Random(SEED + 4)
    return [factory.make(rng)[1:] for _ in range(N_BROKEN)]


# ---------------------------------------------------------------------------
# Checks (re-read files from disk; fail loudly)
# ---------------------------------------------------------------------------

class CheckError(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise CheckError(msg)


def check_file_bytes(name):
    path = os.path.join(EXAMPLES, name)
    data = open(path, "rb").read()
    check(len(data) <= MAX_CSV_BYTES, "%s is %d bytes (> %d)" % (name, len(data), MAX_CSV_BYTES))
    check(b"\r" not in data, "%s contains CR characters" % name)
    check(not data.startswith(b"\xef\xbb\xbf"), "%s has a BOM" % name)
    check(data.endswith(b"\n"), "%s does not end with a newline" % name)
    data.decode("utf-8")


def check_companies():
    check_file_bytes("companies.csv")
    header, rows = read_csv("companies.csv")
    check(header == COMPANY_HEADER, "companies.csv header %r" % header)
    check(len(rows) == N_COMPANIES, "companies.csv has %d rows" % len(rows))
    names, domains = {}, {}
    for n, r in enumerate(rows, 1):
        check(len(r) == 5, "companies row %d has %d fields" % (n, len(r)))
        name, domain, industry, emp, country = r
        check(name and name == name.strip(), "companies row %d: bad Name %r" % (n, name))
        check(name.lower() not in names, "companies row %d: duplicate Name %r" % (n, name))
        names[name.lower()] = True
        check(RE_DOMAIN.search(domain), "companies row %d: Domain %r" % (n, domain))
        check(not RE_DOMAIN_FORBID.search(domain), "companies row %d: forbidden Domain" % n)
        check(domain not in domains, "companies row %d: duplicate Domain %r" % (n, domain))
        domains[domain] = True
        check(industry in INDUSTRIES, "companies row %d: Industry %r" % (n, industry))
        check(RE_EMPLOYEES.search(emp), "companies row %d: Employees %r" % (n, emp))
        check(RE_COUNTRY.search(country), "companies row %d: Country %r" % (n, country))
    check(any("," in r[0] for r in rows), "no company name with a comma")
    check(any('"' in r[0] for r in rows), "no company name with a quote")
    return [r[0] for r in rows]


def contact_problems(r, company_names, seen_emails):
    """Return the list of defect kinds for one contacts row (canonical order)."""
    email, first, last, phone, title, status, account = r
    problems = []
    if email == "":
        problems.append("empty_email")
    elif email.lower() in seen_emails:
        problems.append("duplicate_email")
    else:
        if not RE_EMAIL.search(email):
            problems.append("bad_email")
        seen_emails[email.lower()] = True
    if status not in STATUSES:
        problems.append("bad_status")
    if phone != "" and not RE_PHONE.search(phone):
        problems.append("bad_phone")
    if len(title) > TITLE_MAX:
        problems.append("long_title")
    if not first.strip():
        problems.append("empty_first_name")
    if account != "" and account not in company_names:
        problems.append("bad_account")
    for v in r:
        if v != v.strip() and v not in BAD_STATUSES:
            problems.append("whitespace")
    return problems


def check_contacts_clean(company_names):
    check_file_bytes("contacts-clean.csv")
    header, rows = read_csv("contacts-clean.csv")
    check(header == CONTACT_HEADER, "contacts-clean.csv header %r" % header)
    check(len(rows) == N_CLEAN, "contacts-clean.csv has %d rows" % len(rows))
    seen = {}
    for n, r in enumerate(rows, 1):
        check(len(r) == 7, "clean row %d has %d fields" % (n, len(r)))
        p = contact_problems(r, company_names, seen)
        check(not p, "clean row %d has problems %r: %r" % (n, p, r))
    titles_commas = sum(1 for r in rows if "," in r[4])
    check(titles_commas > 0, "no title with a comma")
    check(any("'" in r[2] for r in rows), "no last name with an apostrophe")
    check(any('"' in r[1] or '"' in r[2] for r in rows), "no name with a double quote")
    check(any("," in r[6] or '"' in r[6] for r in rows), "no account needing quoting")
    for s in ["José", "Zoë", "Łukasz"]:
        check(any(r[1] == s for r in rows), "no first name %r" % s)
    empty_phone = sum(1 for r in rows if r[3] == "") / len(rows)
    empty_acct = sum(1 for r in rows if r[6] == "") / len(rows)
    check(0.06 < empty_phone < 0.14, "empty phone ratio %.3f" % empty_phone)
    check(0.02 < empty_acct < 0.08, "empty account ratio %.3f" % empty_acct)
    return rows


def check_contacts_drifted(clean_rows):
    check_file_bytes("contacts-drifted.csv")
    raw = open(os.path.join(EXAMPLES, "contacts-drifted.csv"), encoding="utf-8").readline()
    check(raw == "Company, E-mail Address ,first_name,SURNAME,Job Title,Stage,Telephone\n",
          "contacts-drifted.csv header line %r" % raw)
    header, rows = read_csv("contacts-drifted.csv")
    check(header == [h for h, _ in DRIFTED_HEADER], "contacts-drifted.csv header %r" % header)
    check(len(rows) == N_CLEAN, "contacts-drifted.csv has %d rows" % len(rows))
    # Each drifted header must resolve (case/punctuation-insensitively) to
    # exactly the intended Contacts column, by name or alias.
    for h, canon in DRIFTED_HEADER:
        hits = [c["name"] for c in T_CONTACTS["columns"]
                if norm_header(h) in [norm_header(x) for x in [c["name"]] + c.get("aliases", [])]]
        check(hits == [canon], "drifted header %r resolves to %r, want %r" % (h, hits, canon))
    idx = [CONTACT_HEADER.index(canon) for _, canon in DRIFTED_HEADER]
    for n, (d, c) in enumerate(zip(rows, clean_rows), 1):
        check(d == [c[i] for i in idx], "drifted row %d differs from clean row %d" % (n, n))


def check_contacts_dirty(company_names):
    check_file_bytes("contacts-dirty.csv")
    header, rows = read_csv("contacts-dirty.csv")
    check(header == CONTACT_HEADER, "contacts-dirty.csv header %r" % header)
    check(len(rows) == N_DIRTY, "contacts-dirty.csv has %d rows" % len(rows))
    seen = {}
    found = {k: [] for k in DEFECT_COUNTS}
    first_rows = {}
    for n, r in enumerate(rows, 1):
        check(len(r) == 7, "dirty row %d has %d fields" % (n, len(r)))
        p = contact_problems(r, company_names, seen)
        check(len(p) <= 1, "dirty row %d carries several defects %r" % (n, p))
        for kind in p:
            check(kind in found, "dirty row %d has unplanned defect %r: %r" % (n, kind, r))
            found[kind].append(n)
        if r[0] and r[0].lower() not in first_rows:
            first_rows[r[0].lower()] = n
    for kind, want in DEFECT_COUNTS.items():
        check(len(found[kind]) == want,
              "dirty: %d %s rows, want %d" % (len(found[kind]), kind, want))
    # The earlier row of each duplicate pair must itself be valid.
    bad = {n for ns in found.values() for n in ns}
    originals = []
    for n in found["duplicate_email"]:
        o = first_rows[rows[n - 1][0].lower()]
        check(o < n and o not in bad, "dirty dup row %d: original row %d not valid" % (n, o))
        originals.append(o)
    check(len(set(originals)) == len(originals), "dirty: duplicate originals repeat")
    check(sorted(set(r[5] for r in rows if r[5] not in STATUSES)) == sorted(BAD_STATUSES),
          "dirty: bad status mix incomplete")
    return found, dict(zip(found["duplicate_email"], originals))


def check_contacts_broken(company_names):
    check_file_bytes("contacts-broken.csv")
    header, rows = read_csv("contacts-broken.csv")
    check(header == BROKEN_HEADER, "contacts-broken.csv header %r" % header)
    check(len(rows) == N_BROKEN, "contacts-broken.csv has %d rows" % len(rows))
    email_col = column(T_CONTACTS, "Email")
    email_names = {norm_header(x) for x in [email_col["name"]] + email_col["aliases"]}
    check(not any(norm_header(h) in email_names for h in header), "broken header has Email")
    seen = {}
    for n, r in enumerate(rows, 1):
        check(len(r) == 6, "broken row %d has %d fields" % (n, len(r)))
        p = contact_problems(["x%d@example.com" % n] + r, company_names, seen)
        check(not p, "broken row %d has problems %r" % (n, p))


def check_connection():
    with open(os.path.join(EXAMPLES, "connection.json"), encoding="utf-8") as fh:
        conn = json.load(fh)
    check(conn == CONNECTION, "connection.json content %r" % conn)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

CONNECTION = {"destination": {"base_url": SEEDDATA["destination"]["base_url"],
                              "auth": {"api_key": SEEDDATA["destination"]["auth"]["api_key"]}}}


def main():
    companies = gen_companies()
    factory = ContactFactory(companies)
    clean = gen_clean(factory)
    dirty, kinds = gen_dirty(factory)
    broken = gen_broken(factory)

    write_csv("companies.csv", COMPANY_HEADER, companies)
    write_csv("contacts-clean.csv", CONTACT_HEADER, clean)
    idx = [CONTACT_HEADER.index(canon) for _, canon in DRIFTED_HEADER]
    write_csv("contacts-drifted.csv", [h for h, _ in DRIFTED_HEADER],
              [[r[i] for i in idx] for r in clean])
    write_csv("contacts-dirty.csv", CONTACT_HEADER, dirty)
    write_csv("contacts-broken.csv", BROKEN_HEADER, broken)
    with open(os.path.join(EXAMPLES, "connection.json"), "w", encoding="utf-8",
              newline="\n") as fh:
        json.dump(CONNECTION, fh, indent=2)
        fh.write("\n")

    try:
        names = set(check_companies())
        clean_rows = check_contacts_clean(names)
        check_contacts_drifted(clean_rows)
        found, dup_of = check_contacts_dirty(names)
        check_contacts_broken(names)
        check_connection()
    except CheckError as e:
        print("CHECK FAILED: %s" % e, file=sys.stderr)
        return 1

    # Cross-check the checker's view with what the generator planted.
    planted = {k: sorted(p + 1 for p, kk in kinds.items() if kk == k) for k in DEFECT_COUNTS}
    if planted != found:
        print("CHECK FAILED: planted defects differ from detected ones", file=sys.stderr)
        return 1

    for name in ["companies.csv", "contacts-clean.csv", "contacts-drifted.csv",
                 "contacts-dirty.csv", "contacts-broken.csv", "connection.json"]:
        path = os.path.join(EXAMPLES, name)
        print("wrote examples/%-22s %7d bytes" % (name, os.path.getsize(path)))
    print("contacts-dirty.csv planted defects (1-based data-row numbers):")
    for kind, rows in found.items():
        extra = ""
        if kind == "duplicate_email":
            extra = "  (duplicates of rows %s)" % ", ".join(str(dup_of[n]) for n in rows)
        print("  %-16s %3d  rows %s%s" % (kind, len(rows), ", ".join(map(str, rows)), extra))
    print("  total defective rows: %d of %d" % (sum(len(v) for v in found.values()), N_DIRTY))
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
