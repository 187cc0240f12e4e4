"""Invented names: people, companies and Tallywick staff. Any resemblance to real ones is coincidental."""

from __future__ import annotations

from . import lines

FIRST_NAMES = lines("""
Aisha
Alejandro
Amara
Anders
Anika
Arjun
Beatriz
Bongani
Brennan
Camille
Carlos
Chiara
Chloe
Dae-jung
Dana
Darius
Deepa
Diego
Dmitri
Ebony
Elif
Elena
Emeka
Esther
Fatima
Felix
Finn
Gabriela
Grace
Hannah
Hiroshi
Ibrahim
Ines
Isaac
Ivana
Jae
Jamal
Jana
Javier
Jonas
Joy
Kaito
Kamala
Karin
Keanu
Kofi
Laila
Lars
Lena
Leon
Lucia
Luis
Mads
Maite
Malik
Mara
Marcus
Mateo
Maya
Mei
Mila
Mohammed
Nadia
Naomi
Nikhil
Nina
Noah
Oksana
Olu
Omar
Paulo
Priya
Quentin
Rafael
Rania
Ravi
Rebecca
Rosa
Ruth
Sade
Samir
Sana
Santiago
Sara
Sean
Selin
Shreya
Simone
Sofia
Soren
Stellan
Tamar
Tariq
Teodora
Theo
Tomas
Tove
Uma
Valentina
Vikram
Wen
Wiktor
Xavier
Yara
Yusuf
Zainab
Zoe
Zuri
""")

LAST_NAMES = lines("""
Abara
Achterberg
Adeyemi
Almeida
Andersen
Arslan
Bauer
Bello
Bergstrom
Bianchi
Brandvold
Castillo
Chen
Costa
Dahl
Delacroix
Demir
Dubois
Ekwueme
Eriksen
Farouk
Ferreira
Fontaine
Garza
Gonzaga
Haddad
Halvorsen
Hayashi
Herrera
Ibsen
Iqbal
Ivanova
Jansen
Jovanovic
Kamau
Kapoor
Kaur
Keller
Kowalczyk
Lambert
Larsen
Lindqvist
Lombardi
Mahlangu
Marchetti
Mendoza
Moreau
Mwangi
Nakamura
Navarro
Nguyen
Nilsson
Novak
Nwosu
Oduya
Okafor
Olsen
Ortega
Osei
Papadakis
Park
Patel
Pereira
Petrov
Quispe
Rahman
Ramos
Rasmussen
Reyes
Richter
Rossi
Saarinen
Salazar
Santos
Sato
Schmidt
Sharma
Silva
Sokolova
Soto
Svensson
Tanaka
Tembo
Torres
Tran
Ueda
Vargas
Varga
Vasquez
Vogel
Wagner
Walsh
Wojcik
Yamamoto
Yilmaz
Zhou
Zielinski
""")

# Compound company stems for software companies: prefix + root ("Keenledger", "Stillforge").
STEM_PREFIXES = lines("""
North
Bright
Clear
Iron
Silver
Keen
Still
Swift
Amber
Cobalt
Far
Tidal
Lumen
Fern
Cinder
Pine
Cedar
Birch
Stone
River
Hollow
Copper
Quarry
Lark
Wren
Juniper
Saffron
Indigo
Granite
Harbor
""")

STEM_ROOTS = lines("""
ledger
stack
works
loop
beam
forge
grid
mark
wave
scale
sight
craft
flow
hive
nest
yard
vale
crest
wick
shift
tally
metric
quill
frame
sprout
lattice
kiln
mint
orbit
bloom
""")

SOFTWARE_SUFFIXES = lines("""
Software
Labs
Technologies
Cloud
Systems
HQ
AI
Inc.
Analytics
Platform
""")

# Tiny agencies and freelancers: a few invented studio names and person-named practices.
AGENCY_NAMES = lines("""
Paper Lantern Studio
Two Owls Creative
Loud Fern Digital
Sidequest Web Co.
Pixel & Pine
Moss Collective
Bright Nettle Media
Hopscotch Brand Lab
Blue Kettle Studio
Odd Socks Agency
Fig & Flint Design
Northbound Growth Co.
Little Giant Marketing
Saltwater Creative
Tin Robot Studio
Wild Clover Digital
Small Batch Brands
Magpie Web Studio
Cardinal Point Creative
Slow Burn Content
Quiet Riot Design
Orchard Street Digital
Goldfinch Growth
Polka Dot Pixels
Thistle & Co. Creative
Yellow Door Web
""")

FREELANCE_TRADES = lines("""
Design
Web Studio
Consulting
Digital
Creative
Copy & Content
Growth Marketing
Webflow Development
""")

REGULATED_NAMES = [
    ("Harborline National Bank", "Banking"),
    ("First Meridian Savings & Trust", "Banking"),
    ("Cascade Federal Credit Union", "Banking"),
    ("Westmarch Commercial Bank", "Banking"),
    ("Bluewater Mutual Insurance", "Insurance"),
    ("Granite State Life & Casualty", "Insurance"),
    ("Oakhaven Assurance Group", "Insurance"),
    ("Pellucid Re Insurance", "Insurance"),
    ("St. Aldric Health System", "Healthcare"),
    ("Tri-Valley Regional Medical Center", "Healthcare"),
    ("Northshore Care Partners", "Healthcare"),
    ("Meadowbrook University Hospitals", "Healthcare"),
    ("Westmarch Department of Revenue", "Government"),
    ("Port Avalon City Council", "Government"),
    ("Lakeshire County Services", "Government"),
    ("Sunmoor Transit Authority", "Government"),
    ("Kestrel Bay Savings Bank", "Banking"),
    ("Evergreen Benefit Assurance", "Insurance"),
]

ECOM_NAMES = [
    ("Driftwood Candle Co.", "E-commerce"),
    ("Peak Pedal Bikes", "Retail"),
    ("Tiny Sprout Baby Goods", "E-commerce"),
    ("Hearth & Loom Textiles", "E-commerce"),
    ("Salt Marsh Soap Works", "E-commerce"),
    ("The Tea Drawer", "E-commerce"),
    ("Ridgeback Outdoor Supply", "Retail"),
    ("Velvet Fox Vintage", "Retail"),
    ("Copperpot Kitchenware", "E-commerce"),
    ("Brightpaw Pet Pantry", "E-commerce"),
    ("Maple Lane Books", "Retail"),
    ("Sunday Ceramics", "E-commerce"),
    ("Greenhouse Plant Shop", "Retail"),
    ("Kettle Corn Kitchen", "E-commerce"),
    ("Northwind Running", "Retail"),
    ("Bloom & Bramble Florals", "Retail"),
    ("Fable Toys", "E-commerce"),
    ("Indigo Thread Apparel", "E-commerce"),
    ("Cobble Street Cycles", "Retail"),
    ("Honeycomb Home Goods", "E-commerce"),
    ("Wildroot Supplements", "E-commerce"),
    ("Seaglass Jewelry Studio", "E-commerce"),
    ("Lantern Hill Grocers", "Retail"),
    ("Pocketful Stationery", "E-commerce"),
]

TRIAL_NAMES = [
    ("Clearpath Coaching", "Coaching"),
    ("Brightside Tutors", "Education"),
    ("Open Door Community Fund", "Nonprofit"),
    ("Hilltop Advisory", "Consulting"),
    ("Sparrow Podcast Network", "Media"),
    ("Ledgerlight (side project)", "B2B SaaS"),
    ("Keystone Home Realty", "Real Estate"),
    ("Mindful Leaders Lab", "Coaching"),
    ("Riverstone Consulting", "Consulting"),
    ("Oak & Acorn Learning", "Education"),
    ("Second Wind Fitness Coaching", "Coaching"),
    ("Bridgewater Youth Arts", "Nonprofit"),
    ("Quietly Loud Newsletter", "Media"),
    ("Formfit (beta)", "B2B SaaS"),
    ("Northgate Property Group", "Real Estate"),
    ("Evenkeel Advisors", "Consulting"),
    ("Lumen Language School", "Education"),
    ("Trailhead Career Coaching", "Coaching"),
    ("Sundial Research Collective", "Consulting"),
    ("Pebble Apps", "B2B SaaS"),
    ("Greenline Food Bank", "Nonprofit"),
    ("The Weekly Ledger Podcast", "Media"),
    ("Anchor Point Realty", "Real Estate"),
    ("Crestview Consulting Partners", "Consulting"),
    ("Taskmoth", "B2B SaaS"),
    ("Kindling Writing Workshops", "Education"),
    ("Momentum Sales Coaching", "Coaching"),
    ("Harbor Lights Theatre Co.", "Nonprofit"),
    ("Flintlock Insights", "Consulting"),
    ("Dotgrid Studio Apps", "B2B SaaS"),
]

SMB_NAMES = [
    ("Brightwater Advisory", "Consulting"),
    ("Kessler & Moyo Partners", "Professional Services"),
    ("Fieldnote Media", "Media"),
    ("Junction Freight Software", "Logistics"),
    ("Goodhaven Staffing", "Professional Services"),
    ("Wavelength Content Group", "Agency"),
    ("Crowbar Creative", "Agency"),
    ("Threadline Marketplace", "Marketplace"),
    ("Lakeview Legal Ops", "Professional Services"),
    ("Sextant Logistics Cloud", "Logistics"),
    ("Paperweight Publishing", "Media"),
    ("Meridian Talent Partners", "Consulting"),
    ("Open Shelf Marketplace", "Marketplace"),
    ("Halcyon Performance Marketing", "Agency"),
    ("Grainhouse Research", "Consulting"),
    ("Beacon Hill Accounting Group", "Professional Services"),
    ("Tessellate Events", "Media"),
    ("Portside Courier Tech", "Logistics"),
    ("Foxglove Growth Partners", "Agency"),
    ("Ninefold Learning", "Media"),
    ("Cartwheel Marketplace", "Marketplace"),
    ("Atlas & Oar Consulting", "Consulting"),
    ("Redwood Payroll Services", "Professional Services"),
    ("Switchback Studios", "Agency"),
]

SAAS_INDUSTRIES = [
    "B2B SaaS",
    "Developer Tools",
    "HR Tech",
    "Marketing Tech",
    "Fintech",
    "Data & Analytics",
    "Security Software",
    "Vertical SaaS",
    "EdTech",
]

# Tallywick's own people who show up in call notes.
STAFF = [
    ("Maya Okonkwo", "CSM"),
    ("Tom Brandt", "Account Executive"),
    ("Lena Fischer", "Solutions Engineer"),
    ("Ravi Menon", "Support Lead"),
    ("Jules Arceneaux", "CSM"),
    ("Hanna Lindqvist", "Onboarding Specialist"),
    ("Owen Mbeki", "Account Executive"),
    ("Priscilla Duarte", "Head of Customer Success"),
    ("Kenji Watanabe", "Solutions Engineer"),
    ("Carla Benedetti", "CSM"),
]

CUSTOMER_ROLES = {
    "base": [
        "Controller",
        "VP Finance",
        "RevOps Manager",
        "Head of Finance",
        "Billing Specialist",
        "CFO",
        "Finance Operations Lead",
        "Data Analyst",
        "Director of Revenue Operations",
        "Accounting Manager",
        "Senior Accountant",
        "Head of Growth",
    ],
    "startup": ["Founder & CEO", "Co-founder", "Head of Operations", "Finance Lead", "COO"],
    "agency": [
        "Founder",
        "Owner",
        "Creative Director",
        "Freelance Designer",
        "Managing Partner",
        "Account Manager",
        "Studio Manager",
    ],
    "regulated": [
        "IT Security Analyst",
        "Procurement Manager",
        "Director of Finance Systems",
        "VP Enterprise Architecture",
        "Vendor Risk Analyst",
        "Treasury Operations Manager",
        "Program Manager, Digital Transformation",
    ],
    "trial": ["Founder", "Owner", "Consultant", "Office Manager", "Solo Founder", "Coach", "Director"],
    "ecom": [
        "Store Owner",
        "Operations Lead",
        "E-commerce Manager",
        "Co-owner",
        "Shop Manager",
        "Bookkeeper",
    ],
}
