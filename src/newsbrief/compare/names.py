"""Word tables of the entity recogniser (:mod:`.entities`): roles, suffixes, cues, aliases, known names, places."""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType


def key(name: str) -> str:
    """A name as entities compare them: lower case, no dots ("U.S." -> "us")."""
    return name.replace(".", "").lower()


ROLES = frozenset(
    """president prime minister secretary deputy foreign defense defence interior finance chancellor king queen
    prince princess pope senator sen rep representative governor gov mayor general gen colonel col judge justice
    chief ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman ceo director mr mrs ms dr prof
    professor sir lord lady rabbi imam bishop cardinal sheikh emir crown vice commander lieutenant captain
    admiral marshal sergeant leader premier pm coach manager minister's state attorney sheriff officer detective
    trooper sgt rev reverend pastor actor actress singer rapper comedian counsel speaker""".split()
)
FUNCTION_WORDS = frozenset(
    """now however still yet meanwhile even instead today yesterday tomorrow here thus although though since
    despite following according many several every another such less one two three also last next first
    this these those""".split()
)
HONORIFICS = frozenset("mr mrs ms dr prof sir lady lord".split())
ORG_SUFFIXES = frozenset(
    """inc corp corporation co ltd llc plc group party ministry agency council committee university college
    school army navy force forces bank association office service news post times journal organization
    organisation union federation commission department institute court parliament assembly company
    foundation fund authority board bureau network press police guard guards brigade brigades front movement
    affairs administration services
    congress senate cabinet club league church institution alliance coalition reuters""".split()
)
PLACE_SUFFIXES = frozenset(
    """sea ocean river mountains mountain island islands bay gulf valley city province region republic strait
    peninsula heights desert lake street square county district coast plateau canal states kingdom emirates
    airport road avenue highway boulevard bridge stadium""".split()
)
# prepositions before a place more than before anything else ("at", "from", "to" also precede people and
# organisations: "at UConn", "a call from Trump")
LOCATIVE = frozenset("in into near across toward towards outside inside throughout visited".split())
PLACE_PREFIXES = frozenset("mount mt lake cape fort port gulf isle".split())
# capitals written as acronyms that name no organisation
NOT_ORGS = frozenset(
    """tv ceo cfo coo pm am gmt est edt pst pdt utc ok dna hiv id phd gdp lgbt lgbtq car dj vip atm usb pc ad bc
    rip omg lol faq pdf url mp3 suv nfl""".split()
)
SPEECH = frozenset("said says told added stressed emphasized emphasised noted stated declared warned".split())
CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# one thing written several ways (keys as _key writes them: lower case, no dots) -> its name
ALIASES = MappingProxyType(
    {
        "us": "United States", "usa": "United States", "america": "United States",
        "united states of america": "United States", "uk": "United Kingdom", "britain": "United Kingdom",
        "great britain": "United Kingdom", "un": "United Nations", "eu": "European Union",
        "uae": "United Arab Emirates", "la": "Los Angeles", "ny": "New York", "nyc": "New York City", "ussr": "Soviet Union",
        "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State", "burma": "Myanmar",
        "türkiye": "Turkey", "czechia": "Czech Republic",
    }
)  # fmt: skip
# institutions named by one or two plain words, which no suffix or acronym gives away
KNOWN = MappingProxyType(
    {
        **dict.fromkeys(
            ("United Nations", "European Union", "Islamic State", "White House", "Pentagon", "Kremlin", "Congress",
             "Hezbollah", "Hamas", "Taliban", "NATO", "Al Qaeda", "al-Qaeda", "Interpol", "Vatican", "AP", "Senate", "Navy", "Army", "Parliament"), "ORG"),
        **dict.fromkeys(("Middle East", "Gaza", "Gaza Strip", "West Bank", "Palestine", "Hong Kong", "Macau",
                         "Ivory Coast", "Turkey", "Czech Republic", "Soviet Union", "Europe", "Asia", "Africa"),
                        "PLACE"),
    }
)  # fmt: skip
CITIES = """Tehran|Moscow|Damascus|Beirut|Baghdad|Jerusalem|Tel Aviv|Cairo|Riyadh|Ankara|Istanbul|Kabul|Islamabad|
    New Delhi|Delhi|Mumbai|Beijing|Shanghai|Tokyo|Seoul|Pyongyang|Bangkok|Manila|Jakarta|Sydney|Melbourne|London|
    Paris|Berlin|Madrid|Rome|Vienna|Brussels|Amsterdam|Geneva|Athens|Warsaw|Kiev|Kyiv|Minsk|Stockholm|Oslo|
    Copenhagen|Helsinki|Dublin|Lisbon|Prague|Budapest|Washington|New York|New York City|Los Angeles|Chicago|
    Houston|Boston|Philadelphia|San Francisco|Miami|Atlanta|Dallas|Seattle|Denver|Detroit|Toronto|Montreal|
    Ottawa|Vancouver|Mexico City|Havana|Caracas|Bogota|Lima|Santiago|Buenos Aires|Brasilia|Rio de Janeiro|
    Sao Paulo|Nairobi|Lagos|Johannesburg|Cape Town|Addis Ababa|Khartoum|Tripoli|Tunis|Algiers|Rabat|Doha|Dubai|
    Abu Dhabi|Kathmandu|Taipei|Hanoi|Singapore|Aleppo|Mosul|Latakia|Gaza City|Sanaa|Amman|Kuwait City"""
US_STATES = """Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|
    Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|
    Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|
    Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|
    Washington State|West Virginia|Wisconsin|Wyoming"""
_NOT_PLACES = frozenset("world|European Union|United Nations|Eurozone|Unknown Region|Outlying Oceania".split("|"))


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """Names (as :func:`key` writes them) that are places: the CLDR territory names Babel carries
    (countries, continents, regions), :data:`CITIES`, :data:`US_STATES` and :data:`KNOWN` places."""
    from babel import Locale

    names = {re.sub(r"\s*\(.*\)|\s+SAR China$", "", n) for n in Locale("en").territories.values()}
    names = {n for n in names if n not in _NOT_PLACES and not n.startswith("Pseudo")}
    names |= {n.replace("&", "and") for n in names if "&" in n}
    names |= {c.strip() for c in (CITIES + "|" + US_STATES).split("|")}
    names |= {n for n, lab in KNOWN.items() if lab == "PLACE"}
    return frozenset(key(n) for n in names)
