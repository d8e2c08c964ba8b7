"""Entity mentions: states, missions, organisations, initiatives, resolutions, symbols, people.

One :class:`EntityMatcher` is compiled once from the reference data (:func:`get_matcher`)
and scans a whole text with a handful of compiled regular expressions:

* a **gazetteer**: every name, variant, acronym and demonym of the reference states,
  missions (English and French names), organisations and initiatives, compiled into one
  trie-shaped regex (case-sensitive), plus a case-insensitive one for long multi-word
  names of initiatives and organisations ("the light coordination mechanism"). Longest
  match wins;
* **patterns** for Security Council resolutions ("resolutions 1325 (2000) and 2538 (2020)",
  "S/RES/2436 (2018)", "resolution 2518"), UN document symbols (S/2020/911, A/74/19,
  S/PV.8760, S/PRST/2018/10), people (honorific or title + name, "(Signed) Name", statement
  headings ending with a name), misspelt mission acronyms (MONSUCO -> MONUSCO) and named
  programmes or institutions that are not in the reference data ("the Casualty Tracking
  System" -> a minted Initiative, "Ministry of Defence of Ghana" -> a minted Organization).

Conventions (those of the gold annotations, ``shared/eval/README.md``):

* a state named inside a mission's name is not a mention of the state ("United Nations
  Mission in South Sudan" is UNMISS only); a state named inside an organisation's or an
  initiative's name is ("Permanent Mission of Sweden to the UN" -> the mission's
  organisation *and* SWE);
* Security Council resolutions have ``key`` = the number and ``label`` = ``S/RES/<n> (<year>)``
  (``S/RES/<n>`` without a year). General Assembly resolutions ("General Assembly resolution
  72/199", "resolution 1514 (XV)", "A/RES/72/199") are cited documents: type
  ``DocumentSymbol`` with key ``A/RES/72/199`` (``A/RES/1514 (XV)``), because resolution IRIs
  are keyed by Security Council number;
* reference aliases marked ambiguous ("the Council", "Secretariat", "Jordan", "Korean") are
  only taken with support: a UN body's short name in a document that names the UN family
  unambiguously, a state's ambiguous name when it is not part of a longer proper name, a
  demonym not preceded by "Latin"/"North"/... ("Latin American");
* people are keyed by their fullest name in the document ("Under-Secretary-General Lacroix"
  after "Jean-Pierre Lacroix" is Jean-Pierre Lacroix), else by a short table of UN senior
  officials, else as written.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from peacekg.loaders.model import Document, EntityRef, Mention
from peacekg.ontology.reference import sc_resolution_bound

__all__ = [
    "KNOWN_OFFICIALS",
    "EntityMatcher",
    "Official",
    "find_mentions",
    "get_matcher",
    "load_officials",
    "normalize_name",
    "resolve_actor",
]

# ---------------------------------------------------------------------------------------------
# Small general lexicons
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Official:
    """A senior UN official of ``ontology/data/officials.csv`` and the body he or she heads."""

    name: str
    aliases: tuple[str, ...]
    role: str
    organization_key: str
    start: str
    end: str
    source: str


@functools.cache
def load_officials() -> tuple[Official, ...]:
    """The officials table (Secretaries-General and heads of UN departments), read once from
    the package data ``peacekg.ontology`` / ``data/officials.csv``."""
    import csv
    import io
    from importlib import resources

    raw = resources.files("peacekg.ontology").joinpath("data/officials.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(raw)):
        row = {k: (v or "").strip() for k, v in row.items()}
        out.append(
            Official(
                name=row["name"],
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                role=row["role"],
                organization_key=row["organization_key"],
                start=row["start"],
                end=row["end"],
                source=row["source"],
            )
        )
    return tuple(out)


def _officials_by_alias() -> dict[str, tuple[str, str]]:
    """Alias (surname, as written) -> (full name, organisation key); the latest post wins."""
    out: dict[str, tuple[str, str, str]] = {}
    for o in load_officials():
        for alias in o.aliases:
            if alias not in out or o.start > out[alias][2]:
                out[alias] = (o.name, o.organization_key, o.start)
    return {k: (v[0], v[1]) for k, v in out.items()}


#: Senior UN officials by surname: full name and the entity they speak for (registry name),
#: from ``ontology/data/officials.csv`` (the latest post of each).
KNOWN_OFFICIALS: dict[str, tuple[str, str]] = _officials_by_alias()

#: Abbreviated titles, expanded before looking a title up (``USG for Peace Operations``).
_TITLE_ABBREVIATIONS = {
    "USG": "Under-Secretary-General",
    "ASG": "Assistant Secretary-General",
    "SG": "Secretary-General",
    "DSG": "Deputy Secretary-General",
    "SRSG": "Special Representative of the Secretary-General",
}

#: Short names that denote a specific body only in context (accepted with support).
#: Last words of names that stay names in lower case ("the light coordination mechanism").
_LOWERCASE_OK_HEADS = frozenset(
    [
        "Mechanism",
        "Framework",
        "System",
        "Programme",
        "Program",
        "Strategy",
        "Policy",
        "Fund",
        "Plan",
        "Initiative",
        "Compact",
        "Agenda",
        "Declaration",
        "Pipeline",
        "Toolkit",
        "Team",
        "Group",
        "Force",
    ]
)

_GENERIC_ORG_WORDS = {"Council", "Assembly", "Committee", "Special Committee", "Commission"}

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğģīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_NAME_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]*[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*"
    rf"|[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*|[{_UPPER}]\.)"
)
_PARTICLE = r"(?:di|de|da|del|della|van|von|der|den|bin|ibn|al|el|le|la|dos|das|du|ter)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,4}}"

#: Words that end a person's name or show the "name" is a title or an institution.
_NOT_NAME = frozenset(
    [
        "President",
        "Vice",
        "Secretary-General",
        "Secretary",
        "Under-Secretary-General",
        "Minister",
        "Prime",
        "Chairman",
        "Chair",
        "Chairperson",
        "Chairwoman",
        "Under",
        "Deputy",
        "Ambassador",
        "Council",
        "Assembly",
        "Government",
        "General",
        "Foreign",
        "Special",
        "High",
        "Permanent",
        "Acting",
        "Director",
        "Executive",
        "Head",
        "Chief",
        "Commissioner",
        "Representative",
        "Coordinator",
        "Adviser",
        "Advisor",
        "Officer",
        "The",
        "Of",
        "Our",
        "Department",
        "Ministry",
        "Office",
        "Administration",
        "Nations",
        "United",
        "Union",
        "Court",
        "Republic",
        "Kingdom",
        "States",
        "State",
        "Security",
        "Mission",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Madam",
        "Sir",
        "Excellency",
        "Excellencies",
        "Speaker",
        "Delegation",
        "Delegate",
        "Member",
        "Members",
        "Peace",
        "Operations",
        "Affairs",
        "Operational",
        "Support",
        "Political",
        "Peacebuilding",
        "Prosecutor",
        "Judge",
        "Envoy",
        "Rapporteur",
        "Force",
        "Commander",
        "Police",
        "House",
        "Senate",
        "Parliament",
        "Congress",
        "Cabinet",
        "Chamber",
        "Emir",
        "King",
        "Queen",
        "Prince",
        "Council's",
        "Organization",
        "Secretariat",
        "Committee",
        "Commission",
        "Ladies",
        "Gentlemen",
        "Colleagues",
        "Friends",
        "Brothers",
        "Sisters",
        "Sirs",
        "I",
        "We",
        "It",
        "This",
        "That",
        "In",
        "On",
        "At",
        "As",
        # reporting verbs of title-case headlines ("Under-Secretary-General Tells Council")
        "Tells",
        "Says",
        "Urges",
        "Calls",
        "Warns",
        "Briefs",
        "Stresses",
        "Welcomes",
        "Highlights",
        "Underlines",
        "Emphasizes",
        "Reaffirms",
        "Announces",
        "Launches",
        "Opens",
        "Praises",
        "Commends",
        "Condemns",
        "Appeals",
        "Pledges",
        "Hails",
        "Addresses",
        "Notes",
        "Expresses",
        "Outlines",
        "Presents",
        "Informs",
        "Cautions",
    ]
)

#: Honorifics and titles that introduce a person's name ("Mr.", "H.E. Mr.", "President").
_HONORIFICS = [  # noqa: RUF005
    "Mr",
    "Mrs",
    "Ms",
    "Mme",
    "Mmes",
    "Messrs",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Madam",
    "Madame",
    "Ambassador",
    "Amb",
    "Judge",
    "Justice",
    "Senator",
    "Gen",
    "Colonel",
    "Col",
    "Major",
    "Captain",
    "Admiral",
    "Sheikh",
    "Sheikha",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emir",
    "Pope",
    "President",
    "Vice-President",
    "USG",
    "ASG",
    "SRSG",
    "Secretary-General",
    "Under-Secretary-General",
    "Minister",
    "Chancellor",
] + [
    "Lt. Gen",
    "Lieutenant General",
    "Lieutenant-General",
    "Major General",
    "Major-General",
    "Brigadier General",
    "Brigadier-General",
    "Vice Admiral",
    "Rear Admiral",
    "Maj. Gen",
    "Brig. Gen",
    "Vice President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Deputy Secretary-General",
    "Assistant Secretary-General",
    "Special Envoy",
    "High Commissioner",
    "Foreign Secretary",
    "Secretary of State",
]

_LANGUAGE_CONTEXT = re.compile(
    r"(?:Original|Language|Translated from|original)\s*:\s*[\w ,;]*$"
    r"|\b(?:in|into|from|speaking)\s+$"
)
_LANGUAGE_AFTER = re.compile(r"\s*(?:language|-speaking|translation|version|text)\b")
_DEMONYM_PREFIX = re.compile(r"(?:Latin|North|South|Central|Pan|Inter|Ibero|Afro|African)[- ]$")
_IN_MISSION_NAME = re.compile(
    r"(?:Mission|Force|Operation|Office|Group|Presence|Administration|Authority|Observers?)"
    r"(?:\s+for\s+the\s+Referendum)?\s+(?:in|for|to|on)\s+(?:the\s+)?$"
)

_STOP_LEFT = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "Our",
        "Its",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "With",
        "Through",
        "Under",
        "As",
        "To",
        "From",
        "We",
        "I",
        "It",
        "And",
        "But",
        "If",
        "While",
        "Since",
        "Also",
        "Such",
        "Each",
        "All",
        "Any",
        "Both",
        "Every",
        "Within",
        "Without",
        "Of",
        "Via",
        "Per",
        "Like",
        "Unlike",
        "Including",
        "Following",
        "After",
        "Before",
        "During",
        "Despite",
        "Currently",
        "Meanwhile",
        "Moreover",
        "However",
        "Therefore",
        "Furthermore",
        "Secondly",
        "Firstly",
        "Thirdly",
        "Finally",
        "Lastly",
        "Once",
        "Then",
        "Thus",
        "Here",
        "There",
        "What",
        "When",
        "Where",
        "Which",
        "Who",
        "How",
        "Why",
        "New",
    ]
) - {"New"}

#: Heads of named programmes (-> Initiative) and institutions (-> Organization).
_INITIATIVE_HEADS = [
    "Programme",
    "Program",
    "Initiative",
    "Mechanism",
    "Framework",
    "System",
    "Strategy",
    "Fund",
    "Declaration",
    "Toolkit",
    "Plan",
    "Policy",
    "Agenda",
    "Project",
    "Compact",
    "Pipeline",
    "Facility",
    "Roadmap",
    "Platform",
    "Doctrine",
]
_ORG_HEADS = [
    "Network",
    "Group",
    "Ministry",
    "Department",
    "Office",
    "Bureau",
    "Embassy",
    "Directorate",
    "Division",
    "Service",
    "Section",
    "Institute",
    "Agency",
    "Commission",
    "Council",
    "Committee",
    "Centre",
    "Center",
    "Academy",
    "Foundation",
    "Organization",
    "Organisation",
    "Association",
    "Secretariat",
    "Authority",
]
#: Heads that may open a name with no capitalised word before them ("Ministry of Defence").
_PREFIX_HEADS = frozenset(
    [
        "Ministry",
        "Department",
        "Office",
        "Bureau",
        "Embassy",
        "Directorate",
        "Institute",
        "Commission",
        "Council",
        "Committee",
        "Declaration",
        "Strategy",
        "Policy",
        "Programme",
        "Program",
        "Framework",
        "Plan",
        "Agenda",
    ]
)
_HEAD_RE = re.compile(
    r"(Permanent\s+Mission|Action\s+Plan|"
    + "|".join(sorted(_INITIATIVE_HEADS + _ORG_HEADS, key=len, reverse=True))
    + r")\b"
)
_CAPW = rf"(?:[{_UPPER}0-9][\w’'+-]*[\w+]|[{_UPPER}]|U\.S\.|U\.K\.|UN|EU|AU)"
_TAIL_RE = re.compile(
    rf"(?:[ \t]+(?:of|for|on|in|to)[ \t]+(?:the[ \t]+)?{_CAPW}"
    rf"(?:[ \t]+(?:(?:of|for|on|in|to)(?:[ \t]+the)?|and|&)?[ \t]*{_CAPW})*)+"
)
_LEFT_TOKEN = re.compile(r"\S+")
#: Titles that end an institution's name on the left ("Representative of the X Secretariat").
_ROLE_LEFT = frozenset(
    [
        "Representative",
        "Representatives",
        "Director",
        "Minister",
        "Head",
        "Chief",
        "Adviser",
        "Advisor",
        "Officer",
        "Coordinator",
        "Ambassador",
        "President",
        "Chair",
        "Chairperson",
        "Member",
        "Members",
        "Secretary",
        "Envoy",
        "Commissioner",
        "Spokesperson",
        "Delegate",
    ]
)
_NAME_GOES_ON = re.compile(rf"[ \t]+(?!(?:The|A|An|In|On|At|By|For|To|Of|And)\b){_CAPW}")
_TAIL_CHUNK = re.compile(r"[ \t]+(?P<c>of|for|on|in|to)[ \t]+")
_LOWER_NEXT = re.compile(
    r"[ \t]+(?!(?:and|or|of|for|on|in|to|the|a|an|is|are|was|were|has|have"
    r"|had|will|would|which|that|who|with|by|at|as|from|since|during|under|through)\b)[a-z]"
)
# "the UNITE Aware platform": a capitalised name before a lower-case programme noun (the
# nouns are found with str.find, the name with a regex anchored at the noun)
_LOWER_HEADS = (" platform", " programme", " initiative")
_LOWER_HEAD_NAME = re.compile(rf"\bthe[ \t]+(?P<name>(?:{_CAPW}[ \t]+){{0,3}}{_CAPW})$")
# "Vision 4,000 Peacekeepers", "Agenda 2063": a programme named with a number
_NUMBER_HEADS = ("Vision ", "Agenda ")
_NUMBERED_NAME = re.compile(r"[A-Z][a-z]+[ \t]+\d[\d,.]*\d(?:[ \t]+[A-Z][a-z][\w-]*){0,3}")
# the words after an organisation's name that name its own office, not another body
_OWN_SECRETARIAT = re.compile(r"[ \t]+(?:International[ \t]+)?Secretariat")
_CONNECTORS = frozenset({"of", "for", "and", "on", "in", "the", "to", "&"})

# Resolutions and symbols ---------------------------------------------------------------------
_RES_NUM = (
    r"(?:\d{1,4}/\d{1,4}|ES-\d+/\d+|\d{1,4})(?:\s*\((?:\d{4}|[IVXL]+|ES-[IVX]+|S-(?:\d+|[IVXL]+))\))?"
)
# (the regexes below start with a literal, never with a look-behind or an optional group, so
# that the regex engine can skip ahead fast; boundaries are checked in Python)
_RES_BODY = re.compile(r"(?:Security\s+Council|General\s+Assembly|Assembly|Council)\s+$")
_RES_RE = re.compile(
    r"[Rr]esolutions?\s+(?:No\.\s*)?"
    rf"(?P<list>{_RES_NUM}(?:\s*(?:,\s*and|,|and|&)\s*(?:No\.\s*)?{_RES_NUM})*)"
    r"(?![\w/])"
)
_RES_ITEM = re.compile(
    r"(?P<num>\d{1,4}/\d{1,4}|ES-\d+/\d+|\d{1,4})"
    r"(?:\s*\((?P<year>\d{4}|[IVXL]+|ES-[IVX]+|S-(?:\d+|[IVXL]+))\))?"
)
_SYMBOL_RE = re.compile(
    r"(?:A|S|E|ST|UNEP|DP|TD|CRC|CEDAW|CERD|CCPR|HRI|UNW|ICC|CAT|CMW|CRPD)"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s*\((?:\d{4}|[IVXL]+)\))?"
)
_CAPS_TOKEN = re.compile(r"[A-Z]{5,}")

_PERSON_RES = (
    # honorific or title, then the name
    None,  # the honorific pattern, compiled as a trie below
    # "(Signed) Name"
    re.compile(rf"\(Signed\)[ \t]+(?P<name>{_NAME})"),
    # a heading "Statement by the ..., Name" ending the line
    re.compile(
        rf"(?m)^[ \t#*]*(?:Joint\s+)?(?:Statement|Remarks|Briefing|Address|Speech|Intervention"
        rf"|Opening\s+remarks|Closing\s+remarks|Keynote)\b[^\n]*,[ \t]*(?P<name>{_NAME})[ \t*]*$"
    ),
)

_SPACE = re.compile(r"\s+")
_OF_THE_UN = re.compile(r"\s+(?:of|at)\s+the\s+(?:United\s+Nations|UN|U\.N\.)$")


def _could_be_council(number: int, year: int | None) -> bool:
    """Whether Security Council resolution ``number`` could exist by the end of ``year``."""
    if year is None:
        return True
    bound = sc_resolution_bound(year)
    return bound is None or number <= bound


def document_year(doc: Document) -> int | None:
    """The year ``doc`` was written (from its date), or ``None`` when it has no date."""
    m = re.match(r"(\d{4})", doc.date or "")
    return int(m.group(1)) if m else None


def normalize_name(text: str) -> str:
    """A name as a lookup key: straight apostrophes, single spaces, no surrounding space."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("‑", "-")
    return _SPACE.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One gazetteer alias: the entity, how it names it and whether it needs support."""

    entity: EntityRef
    kind: str  # "name", "acronym", "demonym"
    ambiguous: bool = False


def _char_pattern(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch in "'’":
        return "['’]"
    if ch in "-‐‑":
        return "[-‐‑]"
    return re.escape(ch)


def _trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of ``words`` (longest first), shaped as a character trie."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            key = " " if ch == " " else ("'" if ch in "'’" else ("-" if ch in "-‐‑" else ch))
            node = node.setdefault(key, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [_char_pattern(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            if len(alts) == 1 and len(body) > 1 and not body.startswith("(?:"):
                body = "(?:" + body + ")"
            return body + "?"
        return body

    return build(trie)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


class EntityMatcher:
    """Finds entity mentions in text; compiled once from the reference data."""

    def __init__(self, reference: object | None = None) -> None:
        if reference is None:
            from peacekg.ontology.reference import load_reference

            reference = load_reference()
        self.reference = reference
        self._cs: dict[str, list[_Entry]] = {}
        self._ci: dict[str, list[_Entry]] = {}
        self._parents: dict[str, str] = {}
        self._country: dict[str, str] = {}
        self.head_titles: dict[str, EntityRef] = {}
        self.orgs: dict[str, EntityRef] = {}
        self.states: dict[str, EntityRef] = {}
        self.mission_acronyms: dict[str, EntityRef] = {}
        #: mission key -> its kind in the reference table ("peacekeeping", "political")
        self.mission_kinds: dict[str, str] = {}
        self._load(reference)
        self._compile()

    # -- building ------------------------------------------------------------------------------

    def _add(self, alias: str, entry: _Entry, *, ci: bool = False) -> None:
        alias = normalize_name(alias)
        if not alias:
            return
        if alias.lower().startswith("the ") and len(alias) > 4 and not entry.ambiguous:
            # "the Sudan" is matched as "Sudan": a leading article would make the match
            # start early and hide a longer name ("the United Nations Mission in ...")
            alias = alias[4:]
        self._cs.setdefault(alias, []).append(entry)
        if ci:
            # lower-case and sentence-case forms of long names ("the light coordination
            # mechanism"): added to the case-sensitive trie, far faster than IGNORECASE
            low = alias.lower()
            for form in (low, low[:1].upper() + low[1:]):
                if form != alias:
                    self._cs.setdefault(form, []).append(entry)
            self._ci.setdefault(low, []).append(entry)

    def _load(self, ref: object) -> None:
        for e in getattr(ref, "states", ()):
            ent = EntityRef("State", e.key, e.label)
            self.states[e.key] = ent
            data = getattr(e, "data", {}) or {}
            amb_names = set(_split(data.get("ambiguous_aliases")))
            amb_names |= set(_split(data.get("ambiguous_variants")))
            amb_dem = set(_split(data.get("ambiguous_demonyms")))
            names = {
                e.label,
                *e.aliases,
                *_split(data.get("un_name")),
                *_split(data.get("formal_name")),
            }
            names |= set(_split(data.get("variants")))
            for name in names - amb_names:
                self._add(name, _Entry(ent, "name"))
            if e.acronym:
                self._add(e.acronym, _Entry(ent, "acronym"))
            for name in amb_names:
                self._add(name, _Entry(ent, "name", ambiguous=True))
            for dem in set(e.demonyms) - amb_dem:
                self._add(dem, _Entry(ent, "demonym"))
                if not dem.endswith(("s", "se", "ese")):
                    self._add(dem + "s", _Entry(ent, "demonym"))
            for dem in amb_dem:
                self._add(dem, _Entry(ent, "demonym", ambiguous=True))
        for e in getattr(ref, "missions", ()):
            ent = EntityRef("Mission", e.key, e.label)
            data = getattr(e, "data", {}) or {}
            self.mission_acronyms[e.key.replace(" ", "")] = ent
            self.mission_kinds[e.key] = (data.get("kind") or "").strip().lower()
            for name in {e.key, e.label, *e.aliases, *_split(data.get("name_fr"))}:
                self._add(name, _Entry(ent, "acronym" if name.isupper() else "name"))
            if e.acronym:
                self._add(e.acronym, _Entry(ent, "acronym"))
                self.mission_acronyms.setdefault(e.acronym.replace(" ", ""), ent)
        for typ, group in (
            ("Organization", getattr(ref, "organizations", ())),
            ("Initiative", getattr(ref, "initiatives", ())),
        ):
            for e in group:
                ent = EntityRef(typ, e.key, e.label)
                data = getattr(e, "data", {}) or {}
                ambiguous = set(_split(data.get("ambiguous_aliases")))
                if typ == "Organization":
                    self.orgs[e.key] = ent
                    if data.get("parent"):
                        self._parents[e.key] = data["parent"]
                    if data.get("country"):
                        self._country[e.key] = data["country"]
                    if data.get("head_title"):
                        self.head_titles.setdefault(normalize_name(data["head_title"]).lower(), ent)
                for name in {e.key, e.label, *e.aliases} | ({e.acronym} if e.acronym else set()):
                    if not name:
                        continue
                    amb = name in ambiguous
                    words = name.split()
                    ci = (
                        not amb
                        and len(words) >= 3
                        and not name.isupper()
                        and words[-1].capitalize() in _LOWERCASE_OK_HEADS
                    )
                    kind = (
                        "acronym"
                        if name.replace("+", "").replace("-", "").isalnum() and name.upper() == name
                        else "name"
                    )
                    self._add(name, _Entry(ent, kind, ambiguous=amb), ci=ci)
                for name in ambiguous - {e.key, e.label, *e.aliases}:
                    self._add(name, _Entry(ent, "name", ambiguous=True))

    def _compile(self) -> None:
        # the entity each alias names, decided once
        self._chosen = {k: self._choose(v) for k, v in self._cs.items()}
        self._lower: dict[str, list[_Entry]] = {}
        for k, v in self._cs.items():
            self._lower.setdefault(k.lower(), []).extend(v)
        cs = sorted(self._cs, key=len, reverse=True)
        self._cs_re = re.compile(rf"(?<![\w.])(?:{_trie_regex(cs)})(?![\w+]|\.\w)")
        titles = {t for t in self.head_titles if t}
        forms = set(_HONORIFICS)
        for t in titles:
            forms.add(t[:1].upper() + t[1:])
            forms.add(
                " ".join(w[:1].upper() + w[1:] if w not in _CONNECTORS else w for w in t.split())
            )
        self._person_re = re.compile(
            rf"(?:{_trie_regex(sorted(forms, key=len, reverse=True))})\.?[ \t]+(?P<name>{_NAME})"
        )

    # -- lookups ---------------------------------------------------------------------------------

    def _choose(self, entries: list[_Entry]) -> _Entry | None:
        """The entity an alias names: unambiguous listings first, then a unique ambiguous one."""
        sure = {(x.entity.type, x.entity.key): x for x in entries if not x.ambiguous}
        if len(sure) >= 1:
            # a name shared by several entities goes to the first listed (types differ rarely)
            return next(iter(sure.values()))
        unsure = {(x.entity.type, x.entity.key): x for x in entries}
        return next(iter(unsure.values())) if len(unsure) == 1 else None

    def lookup(self, name: str) -> EntityRef | None:
        """The entity exactly named by ``name`` (any alias, then case-insensitively)."""
        key = normalize_name(name)
        entries = self._cs.get(key) or self._ci.get(key.lower())
        if not entries:
            entries = self._lower.get(key.lower())
        entry = self._choose(entries) if entries else None
        return entry.entity if entry else None

    def is_un_body(self, key: str) -> bool:
        """Whether an organisation is the UN or one of its organs, departments or offices."""
        seen = set()
        while key and key not in seen:
            if key == "United Nations":
                return True
            seen.add(key)
            key = self._parents.get(key, "")
        return False

    def country_of(self, key: str) -> EntityRef | None:
        """The state a national institution belongs to (reference ``country``), if any."""
        code = self._country.get(key)
        return self.states.get(code) if code else None

    def mission_department(self, mission: EntityRef) -> EntityRef | None:
        """The Secretariat department that directs a UN field mission: the Department of
        Peace Operations for a peacekeeping operation, the Department of Political and
        Peacebuilding Affairs for a special political mission."""
        kind = self.mission_kinds.get(mission.key, "")
        if kind == "political":
            return self.orgs.get("Department of Political and Peacebuilding Affairs")
        return self.orgs.get("Department of Peace Operations")

    def title_entity(self, title: str) -> EntityRef | None:
        """The body whose head bears ``title`` ("Under-Secretary-General for Peace Operations",
        "USG for Operational Support", "Secretary-General")."""
        t = normalize_name(title)
        t = re.sub(r"^(?:the|The)\s+", "", t)
        for abbr, full in _TITLE_ABBREVIATIONS.items():
            t = re.sub(rf"\b{abbr}\b", full, t)
        # "Secretary-General of the United Nations": the organisation is implied
        t = _OF_THE_UN.sub("", t)
        low = t.lower()
        if low in ("secretary-general", "secretary general", "deputy secretary-general"):
            return self.orgs.get("United Nations Secretariat")
        if low in self.head_titles:
            return self.head_titles[low]
        m = re.match(r"(?:under-secretary-general|assistant secretary-general) for (.+)", low)
        if m:
            for key, ent in self.orgs.items():
                if key.lower() in (f"department of {m.group(1)}", f"office of {m.group(1)}"):
                    return ent
        return None

    # -- scanning --------------------------------------------------------------------------------

    def find(self, text: str, offset: int = 0, year: int | None = None) -> list[Mention]:
        """All entity mentions in ``text``, sorted by start; offsets are shifted by ``offset``.

        ``year``, the year the text was written, tells a General Assembly resolution cited by
        its bare number from a Council one: in 1974 "resolution 3201" cannot be the
        Council's (see :func:`peacekg.ontology.reference.sc_resolution_bound`).
        """
        cands: list[tuple[int, int, EntityRef, str, bool]] = []  # start, end, ref, source, amb
        chosen = self._chosen
        for m in self._cs_re.finditer(text):
            key = m.group()
            if key not in chosen:  # most surface forms are already lookup keys
                key = normalize_name(key)
            entry = chosen.get(key)
            if entry is None:
                continue
            s, e = m.span()
            if not self._accept(text, s, e, entry):
                continue
            cands.append((s, e, entry.entity, "gaz", entry.ambiguous))
            if entry.entity.type in ("Organization", "Initiative") and " " in key:
                cands.extend(self._nested_states(text, s, e))
        cands.extend(self._patterns(text, year))
        cands.extend(self._minted(text, cands))
        kept = self._resolve_overlaps(cands)
        kept = self._support(kept)
        kept = self._relink_states(text, kept)
        mentions = [Mention(ref, s + offset, e + offset, text[s:e]) for s, e, ref, _, _ in kept]
        return _corefer_people(mentions)

    def _nested_states(
        self, text: str, s: int, e: int
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """States named inside an organisation's or initiative's name ("of Japan", "U.S.")."""
        out = []
        inner = text[s:e]
        starts = [0] + [i + 1 for i, ch in enumerate(inner) if ch in " -/"]
        for pos in starts:
            endpos = len(inner) if pos else inner.rfind(" ")
            m = self._cs_re.match(inner, pos, endpos) if endpos > pos else None
            if m is None:
                continue
            entry = self._choose(self._cs.get(normalize_name(m.group()), []))
            if entry is not None and entry.entity.type == "State":
                out.append((s + m.start(), s + m.end(), entry.entity, "gaz", entry.ambiguous))
        return out

    def _accept(self, text: str, s: int, e: int, entry: _Entry) -> bool:
        ent = entry.entity
        if ent.type != "State":
            if entry.ambiguous and entry.kind == "name" and s and text[s - 1] in " \t":
                # "the Fund Secretariat" is the fund's secretariat, not the UN Secretariat
                prev = text[max(0, s - 40) : s].split()[-1:]
                if prev and prev[0][:1].isupper() and prev[0] not in _STOP_LEFT:
                    return prev[0].endswith((",", ";", ":", "."))
            return True
        before = text[max(0, s - 40) : s]
        if _IN_MISSION_NAME.search(before):
            return False
        if entry.kind == "demonym":
            if _LANGUAGE_CONTEXT.search(text[max(0, s - 60) : s]) or _LANGUAGE_AFTER.match(text, e):
                return False
            if _DEMONYM_PREFIX.search(before):
                return False
        if entry.ambiguous and entry.kind == "name":
            prev = before.split()[-1:] if before[-1:] in (" ", "\t") else []
            if prev and prev[0][:1].isupper() and prev[0] not in _STOP_LEFT and prev[0].isalpha():
                return False
            nxt = re.match(r"[ \t]+([A-Z][a-z]+)", text[e : e + 30])
            if nxt and nxt.group(1) not in ("And", "The"):
                return False
        return True

    def _patterns(
        self, text: str, doc_year: int | None = None
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        out: list[tuple[int, int, EntityRef, str, bool]] = []
        # resolutions
        for m in _RES_RE.finditer(text):
            if m.start() and _word_char(text[m.start() - 1]):
                continue
            bm = _RES_BODY.search(text, max(0, m.start() - 30), m.start())
            body = bm.group() if bm else ""
            ga_body = body.startswith(("General", "Assembly"))
            first = True
            for it in _RES_ITEM.finditer(text, m.start("list"), m.end("list")):
                num, year = it.group("num"), it.group("year")
                s = (bm.start() if bm else m.start()) if first else it.start()
                first = False
                ga = (
                    ga_body
                    or "/" in num
                    or (year is not None and not year.isdigit())
                    or not _could_be_council(int(num), int(year) if year else doc_year)
                )
                if ga:
                    sym = f"A/RES/{num}" + (f" ({year})" if year and not year.isdigit() else "")
                    out.append((s, it.end(), EntityRef("DocumentSymbol", sym, sym), "pat", False))
                else:
                    n = str(int(num))
                    label = f"S/RES/{n} ({year})" if year else f"S/RES/{n}"
                    out.append((s, it.end(), EntityRef("Resolution", n, label), "pat", False))
        # document symbols (S/RES/... are resolutions)
        for m in _SYMBOL_RE.finditer(text):
            if m.start() and (_word_char(text[m.start() - 1]) or text[m.start() - 1] in "/."):
                continue
            sym = m.group().rstrip(".-")
            if not any(c.isdigit() for c in sym):
                continue
            s, e = m.start(), m.start() + len(sym)
            rm = re.match(r"S/RES/(\d{1,4})(?:\s*\((\d{4})\))?$", sym)
            if rm:
                n, year = str(int(rm.group(1))), rm.group(2)
                label = f"S/RES/{n} ({year})" if year else f"S/RES/{n}"
                out.append((s, e, EntityRef("Resolution", n, label), "pat", False))
                continue
            ym = re.search(r"\s*\((\d{4}|[IVXL]+)\)$", sym)
            if ym and not sym.startswith("A/RES/"):
                sym, e = sym[: ym.start()], s + ym.start()
            key = normalize_name(sym)
            out.append((s, e, EntityRef("DocumentSymbol", key, key), "pat", False))
        # misspelt mission acronyms
        for m in _CAPS_TOKEN.finditer(text):
            if (m.start() and _word_char(text[m.start() - 1])) or (
                m.end() < len(text) and _word_char(text[m.end()])
            ):
                continue
            tok = m.group()
            if tok in self._cs:
                continue
            ent = self._fuzzy_mission(tok)
            if ent is not None:
                out.append((m.start(), m.end(), ent, "fuzzy", False))
        # people
        for rx in (self._person_re, *_PERSON_RES):
            if rx is None:
                continue
            for m in rx.finditer(text):
                if m.start() and (_word_char(text[m.start() - 1]) or text[m.start() - 1] == "."):
                    continue
                name, s, e = _clean_person(text, m.start("name"), m.end("name"))
                if not name or self.lookup(name) is not None:
                    continue
                out.append((s, e, EntityRef("Person", name, name), "person", False))
        return out

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process
    def _fuzzy_mission(self, token: str) -> EntityRef | None:
        hits = {
            ent.key: ent
            for acr, ent in self.mission_acronyms.items()
            if len(acr) >= 4 and _within_one_edit(token, acr)
        }
        return next(iter(hits.values())) if len(hits) == 1 else None

    def _minted(
        self, text: str, cands: list[tuple[int, int, EntityRef, str, bool]]
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """Named programmes and institutions that the reference data does not hold."""
        out: list[tuple[int, int, EntityRef, str, bool]] = []
        gaz = sorted(c for c in cands if c[3] == "gaz")
        gaz_starts = [c[0] for c in gaz]
        for m in _HEAD_RE.finditer(text):
            head = m.group(1)
            hs, he = m.span(1)
            if (hs and _word_char(text[hs - 1])) or (he < len(text) and _word_char(text[he])):
                continue
            # a head inside a reference name ("Security Council") needs no minting
            k = bisect.bisect_right(gaz_starts, hs) - 1
            if k >= 0 and gaz[k][1] >= he and gaz[k][2].type != "State":
                continue
            # left: capitalised words (and connectors between them), same line
            s = hs
            window = text[max(0, hs - 160) : hs]
            toks = list(_LEFT_TOKEN.finditer(window))
            base = hs - len(window)
            accepted: list[tuple[int, str]] = []
            rev = list(reversed(toks))
            for j, t in enumerate(rev):
                gap = text[base + t.end() : (accepted[-1][0] if accepted else hs)]
                if "\n" in gap:
                    break
                w = t.group()
                if w == "the" and (j + 1 >= len(rev) or rev[j + 1].group() not in _CONNECTORS):
                    break  # "the" only after "of", "for"...: "Ministry of X and the Y Division"
                if w in ("and", "&") and accepted and accepted[-1][1] == "the":
                    break
                if w in _CONNECTORS:
                    accepted.append((base + t.start(), w))
                    continue
                if (
                    w in _STOP_LEFT
                    or w in _ROLE_LEFT
                    or not re.fullmatch(_CAPW, w)
                    or w.endswith(("'s", "’s"))
                ):
                    break
                accepted.append((base + t.start(), w))
            while accepted and accepted[-1][1] in _CONNECTORS:
                accepted.pop()
            if accepted:
                s = accepted[-1][0]
            if _NAME_GOES_ON.match(text, he):
                continue  # "Framework Convention on ...": the head is not the last word
            tail = _TAIL_RE.match(text, he)
            e = tail.end() if tail else he
            if tail:
                e = _trim_tail(text, he, e, head.split()[0] in _ORG_HEADS)
            if s == hs and (e == he or head.split()[0] not in _PREFIX_HEADS):
                continue
            name = normalize_name(text[s:e])
            if head == "Permanent Mission":
                name = re.sub(r"\bto the (?:UN|U\.N\.)$", "to the United Nations", name)
                if e == he:
                    continue
            typ = (
                "Organization"
                if head.split()[0] in _ORG_HEADS or head == "Permanent Mission"
                else "Initiative"
            )
            known = self.lookup(name)
            if known is not None and known.type in ("Organization", "Initiative"):
                out.append((s, e, known, "gaz", False))
                continue
            # a gazetteer entity covering the head names the thing; so does a name that is
            # only a known entity plus the head ("UN System", "Indonesian Strategy")
            covered = False
            lo = bisect.bisect_left(gaz_starts, s - 200)
            hi = bisect.bisect_right(gaz_starts, e)
            for cs_, ce_, ref, _src, _ in gaz[lo:hi]:
                if ce_ <= s or cs_ >= e:
                    continue
                if (
                    ref.type == "Organization"
                    and cs_ == s
                    and e == he
                    and _OWN_SECRETARIAT.fullmatch(text, ce_, e)
                ):
                    # "the Challenges Forum International Secretariat": the body's own office
                    out.append((s, e, ref, "gaz", False))
                    covered = True
                    break
                if (
                    ref.type in ("Organization", "Initiative", "Mission")
                    and cs_ <= hs
                    and ce_ >= he
                ):
                    covered = True
                    break
                if cs_ <= s and ce_ >= hs - 1 and e == he:
                    covered = True
                    break
            if covered:
                continue
            out.append((s, e, EntityRef(typ, name, name), "minted", False))
        for s, e in _named_programmes(text):
            if True:
                name = normalize_name(text[s:e])
                words = name.split()
                if words[0] in _STOP_LEFT or any(w in _NOT_NAME for w in words):
                    continue
                known = self.lookup(name)
                if known is not None:
                    if known.type == "Initiative":
                        out.append((s, e, known, "gaz", False))
                    continue
                lo = bisect.bisect_left(gaz_starts, s - 200)
                hi = bisect.bisect_right(gaz_starts, e)
                if any(cs_ < e and ce_ > s for cs_, ce_, *_ in gaz[lo:hi]):
                    continue  # a known entity's programme ("the UN Women programme")
                out.append((s, e, EntityRef("Initiative", name, name), "minted", False))
        return out

    def _resolve_overlaps(
        self, cands: list[tuple[int, int, EntityRef, str, bool]]
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """Longest match wins; states nested in an organisation or initiative name are kept."""
        cands = sorted(set(cands), key=lambda c: (c[0], -(c[1] - c[0]), c[3] != "gaz"))
        kept: list[tuple[int, int, EntityRef, str, bool]] = []
        nested: list[tuple[int, int, EntityRef, str, bool]] = []
        end = -1
        last: tuple[int, int, EntityRef, str, bool] | None = None
        for c in cands:
            if c[0] >= end:
                kept.append(c)
                end, last = c[1], c
            elif (
                last is not None
                and c[2].type == "State"
                and last[2].type in ("Organization", "Initiative")
                and c[1] <= last[1]
            ):
                nested.append(c)
        return sorted(kept + nested, key=lambda c: (c[0], c[1]))

    def _relink_states(
        self, text: str, kept: list[tuple[int, int, EntityRef, str, bool]]
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """An ambiguous short state name ("the Congo") goes to the state whose longer name
        contains it and that the document names unambiguously ("Democratic Republic of the
        Congo"), unless the short name's own state is also named unambiguously."""
        sure = {c[2].key for c in kept if c[2].type == "State" and not c[4]}
        if not sure:
            return kept
        out = []
        for c in kept:
            ref = c[2]
            if ref.type == "State" and c[4] and ref.key not in sure:
                short = re.sub(r"^the\s+", "", normalize_name(text[c[0] : c[1]]), flags=re.I)
                hosts = [
                    self.states[k]
                    for k in sure
                    if k in self.states
                    and re.search(rf"\b{re.escape(short)}\b", self.states[k].label)
                    and self.states[k].label != short
                ]
                if len(hosts) == 1:
                    c = (c[0], c[1], hosts[0], c[3], c[4])
            out.append(c)
        return out

    def _support(
        self, kept: list[tuple[int, int, EntityRef, str, bool]]
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """Drop ambiguous organisation/initiative aliases that nothing in the text supports."""
        sure = {(r.type, r.key) for _, _, r, _, amb in kept if not amb}
        un_family = any(
            (r.type == "Organization" and self.is_un_body(r.key)) or r.type == "Mission"
            for _, _, r, _, amb in kept
            if not amb
        )
        out = []
        for c in kept:
            ref, amb = c[2], c[4]
            if (
                amb
                and ref.type in ("Organization", "Initiative")
                and (ref.type, ref.key) not in sure
            ):
                generic = normalize_name(re.sub(r"^the\s+", "", c[2].label)) in _GENERIC_ORG_WORDS
                if (
                    not (ref.type == "Organization" and self.is_un_body(ref.key) and un_family)
                    or generic
                ):
                    continue
            out.append(c)
        return out


def _named_programmes(text: str) -> list[tuple[int, int]]:
    """Spans of programme names that no head word marks: "the UNITE Aware platform" (a
    capitalised name before a lower-case programme noun) and "Vision 4,000 Peacekeepers"
    (a programme named with a number)."""
    out = []
    for noun in _LOWER_HEADS:
        i = text.find(noun)
        while i >= 0:
            m = _LOWER_HEAD_NAME.search(text, max(0, i - 80), i)
            if m:
                out.append(m.span("name"))
            i = text.find(noun, i + 1)
    for head in _NUMBER_HEADS:
        i = text.find(head)
        while i >= 0:
            nxt = text[i + len(head) : i + len(head) + 1]
            if nxt.isdigit() and (i == 0 or not _word_char(text[i - 1])):
                m = _NUMBERED_NAME.match(text, i)
                if m:
                    out.append(m.span())
            i = text.find(head, i + 1)
    return out


def _trim_tail(text: str, he: int, e: int, organization: bool) -> int:
    """Cut a name's tail before a location ("Centre in Accra", for institutions) and before a
    last chunk that modifies the following lower-case noun ("... to United Nations
    standards")."""
    chunks = [m for m in _TAIL_CHUNK.finditer(text, he, e) if m.start() >= he]
    if organization:
        for m in chunks:
            if m.group("c") == "in":
                e = m.start()
                chunks = [c for c in chunks if c.start() < e]
                break
    if chunks and chunks[-1].group("c") in ("to", "in", "for") and _LOWER_NEXT.match(text, e):
        e = chunks[-1].start()
    return e


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of at most one (an adjacent transposition counts one)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la != lb:
        # insertions and deletions turn other acronyms into missions (UNESCO -> UNSCO)
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _clean_person(text: str, s: int, e: int) -> tuple[str, int, int]:
    """Trim a matched name to its person words (stop at title or institution words)."""
    words = list(re.finditer(r"\S+", text[s:e]))
    keep = []
    for w in words:
        token = w.group()
        if token.rstrip(".,") in _NOT_NAME:
            break
        keep.append(w)
    if not keep:
        return "", s, s
    end = s + keep[-1].end()
    name = text[s:end]
    if name.endswith(("'s", "’s")):
        name, end = name[:-2], end - 2
    # a trailing initial-like "Suh." is a sentence end, not an initial
    if name.endswith(".") and len(keep[-1].group()) > 2:
        name, end = name[:-1], end - 1
    if len(name) < 2 or (name.endswith(".") and len(keep) == 1):
        return "", s, s
    return normalize_name(name), s, end


def _corefer_people(mentions: list[Mention]) -> list[Mention]:
    """Key each person by the fullest name the document gives (or the officials table)."""
    people = [m for m in mentions if m.entity.type == "Person"]
    if not people:
        return mentions
    full = sorted({m.entity.key for m in people}, key=len, reverse=True)
    out = []
    for m in mentions:
        if m.entity.type != "Person":
            out.append(m)
            continue
        key = m.entity.key
        best = key
        for cand in full:
            if cand != key and len(cand) > len(key) and cand.endswith(" " + key):
                best = cand
                break
        if best == key and key in KNOWN_OFFICIALS:
            best = KNOWN_OFFICIALS[key][0]
        out.append(
            Mention(EntityRef("Person", best, best), m.start, m.end, m.text) if best != key else m
        )
    return out


@functools.cache
def get_matcher() -> EntityMatcher:
    """The process-wide :class:`EntityMatcher`, compiled once from the reference data."""
    return EntityMatcher()


def find_mentions(doc: Document) -> list[Mention]:
    """All entity mentions in ``doc.text``, sorted by start (``m.text == doc.text[m.start:m.end]``).

    People found by speaker attribution (participants, statement persons) are added where
    their names occur in the text.
    """
    mentions = get_matcher().find(doc.text, year=document_year(doc))
    persons = [p for p in doc.participants] + [s.person for s in doc.statements if s.person]
    have = {(m.start, m.end) for m in mentions}
    extra: list[Mention] = []
    for p in persons:
        if not p or not p.name:
            continue
        for m in re.finditer(
            r"(?<!\w)" + re.escape(p.name).replace(r"\ ", r"\s+") + r"(?!\w)", doc.text
        ):
            if (m.start(), m.end()) in have or any(
                x.start <= m.start() < x.end and x.entity.type == "Person" for x in mentions
            ):
                continue
            extra.append(
                Mention(EntityRef("Person", p.name, p.name), m.start(), m.end(), m.group())
            )
    if extra:
        mentions = _corefer_people(sorted(mentions + extra, key=lambda m: (m.start, m.end)))
    return mentions


def resolve_actor(name: str) -> EntityRef | None:
    """The state or organisation that ``name`` denotes, for speakers and explicit subjects.

    Accepts any reference name or alias ("Belgium", "the Russian Federation", "China's",
    "Republic of Korea", "EU"), an ISO3 code, a UN head's title ("Under-Secretary-General for
    Peace Operations", "USG for Operational Support", "Secretary-General") or a phrase that
    contains one ("Permanent Representative of Indonesia to the UN" -> IDN).
    """
    m = get_matcher()
    text = normalize_name(name)
    text = re.sub(r"['’]s$", "", text)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    if not text:
        return None
    ref = m.lookup(text)
    if ref is not None and ref.type in ("State", "Organization", "Mission", "Initiative"):
        return ref
    if re.fullmatch(r"[A-Z]{3}", text) and text in m.states:
        return m.states[text]
    ref = m.title_entity(text)
    if ref is not None:
        return ref
    # "António Guterres, Secretary-General of the United Nations": a part is a UN title
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        for part in parts:
            ref = m.title_entity(part)
            if ref is not None:
                return ref
        for part in parts:
            words = part.split()
            if words and words[-1] in KNOWN_OFFICIALS and len(words) <= 4:
                return m.orgs.get(KNOWN_OFFICIALS[words[-1]][1])
    found = [x.entity for x in m.find(text) if x.entity.type in ("State", "Organization")]
    states = [r for r in found if r.type == "State"]
    if states:
        return states[0]
    if found:
        return found[0]
    if text.split()[-1] in KNOWN_OFFICIALS:
        return m.orgs.get(KNOWN_OFFICIALS[text.split()[-1]][1])
    return None
