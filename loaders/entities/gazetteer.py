"""The gazetteer: every name of the reference entities, compiled into one trie-shaped regex.

Every name, variant, acronym and demonym of the reference states, missions (English and
French names), organisations and initiatives is an alias of its entity (:class:`_Entry`).
The aliases are compiled into one case-sensitive regex shaped as a character trie
(:func:`peacekg.loaders.lexicon.trie_regex`); long multi-word names of initiatives and
organisations are added in lower and sentence case too ("the light coordination
mechanism"), which is far faster than matching case-insensitively.

Aliases that the reference data marks ambiguous ("the Council", "Secretariat", "Jordan",
"Korean") are only taken with support (:meth:`Gazetteer._accept` here, the document-level
rules in :mod:`peacekg.loaders.entities.matcher`). A state named inside a mission's name is
not a mention of the state, nor is a demonym that names a language ("Original: French") or
is part of a longer adjective ("Latin American").

:class:`Gazetteer` also holds the reference tables that the lookups need (states,
organisations and their parents, head titles, mission acronyms and kinds).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from peacekg.loaders.entities.names import normalize_name
from peacekg.loaders.entities.officials import (
    _OF_THE_UN,
    _TITLE_ABBREVIATIONS,
    Official,
    load_officials,
    officials_by_alias,
)
from peacekg.loaders.lexicon import NAME_PREPOSITIONS, STOP_LEFT, trie_regex, words
from peacekg.loaders.model import EntityRef
from peacekg.ontology.reference import Reference

__all__ = ["Gazetteer"]

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

# contexts in which a state's name or demonym is not a mention of the state: a language
# ("Original: French", "in Arabic", "Spanish-speaking"), a longer adjective ("Latin
# American") or a mission's name ("United Nations Mission in South Sudan"; not "of": the
# "Permanent Mission of Sweden" is Sweden's)
_LANGUAGE_CONTEXT = re.compile(
    r"(?:Original|Language|Translated from|original)\s*:\s*[\w ,;]*$"
    r"|\b(?:in|into|from|speaking)\s+$"
)
_LANGUAGE_AFTER = re.compile(r"\s*(?:language|-speaking|translation|version|text)\b")
_DEMONYM_PREFIX = re.compile(r"(?:Latin|North|South|Central|Pan|Inter|Ibero|Afro|African)[- ]$")
_IN_MISSION_NAME = re.compile(
    r"(?:Mission|Force|Operation|Office|Group|Presence|Administration|Authority|Observers?)"
    rf"(?:\s+for\s+the\s+Referendum)?\s+{words(p for p in NAME_PREPOSITIONS if p != 'of')}"
    r"\s+(?:the\s+)?$"
)


@dataclass(frozen=True)
class _Entry:
    """One gazetteer alias: the entity, how it names it and whether it needs support."""

    entity: EntityRef
    kind: str  # "name", "acronym", "demonym"
    ambiguous: bool = False


def _split(value: str | None) -> list[str]:
    """The items of a ``;``-separated reference field."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _same_length_one_edit(a: str, b: str) -> bool:
    """Whether equal-length ``a`` and ``b`` differ by one substitution or one transposition
    of adjacent letters (MONSUCO -> MONUSCO). Other lengths never match: an insertion or a
    deletion turns other acronyms into missions (UNESCO -> UNSCO)."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) <= 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


class Gazetteer:
    """The reference entities' aliases and tables, compiled once; the lookups over them.

    :class:`~peacekg.loaders.entities.matcher.EntityMatcher` builds on it to scan texts.
    """

    def __init__(
        self, reference: Reference | None = None, officials: Iterable[Official] | None = None
    ) -> None:
        if reference is None:
            from peacekg.ontology.reference import load_reference

            reference = load_reference()
        self.reference = reference
        #: senior UN officials by surname: full name and the body they speak for
        self.officials = officials_by_alias(load_officials() if officials is None else officials)
        self._cs: dict[str, list[_Entry]] = {}
        self._ci: dict[str, list[_Entry]] = {}
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
        """Record ``alias`` of ``entry`` (with its lower- and sentence-case forms if ``ci``)."""
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
        """The aliases and tables of the reference states, missions, organisations and
        initiatives."""
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
        """The alias choices, the lower-case index and the gazetteer regex."""
        # the entity each alias names, decided once
        self._chosen = {k: self._choose(v) for k, v in self._cs.items()}
        self._lower: dict[str, list[_Entry]] = {}
        for k, v in self._cs.items():
            self._lower.setdefault(k.lower(), []).extend(v)
        cs = sorted(self._cs, key=len, reverse=True)
        self._cs_re = re.compile(rf"(?<![\w.])(?:{trie_regex(cs, loose=True)})(?![\w+]|\.\w)")

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
        """Whether an organisation is the UN or one of its organs, departments or offices
        (:attr:`~peacekg.ontology.reference.Reference.un_system_keys`)."""
        return key in self.reference.un_system_keys

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

    def _accept(self, text: str, s: int, e: int, entry: _Entry) -> bool:
        """Whether a gazetteer match ``text[s:e]`` of ``entry`` names its entity in context."""
        ent = entry.entity
        if ent.type != "State":
            if entry.ambiguous and entry.kind == "name" and s and text[s - 1] in " \t":
                # "the Fund Secretariat" is the fund's secretariat, not the UN Secretariat
                prev = text[max(0, s - 40) : s].split()[-1:]
                if prev and prev[0][:1].isupper() and prev[0] not in STOP_LEFT:
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
            if prev and prev[0][:1].isupper() and prev[0] not in STOP_LEFT and prev[0].isalpha():
                return False
            nxt = re.match(r"[ \t]+([A-Z][a-z]+)", text[e : e + 30])
            if nxt and nxt.group(1) not in ("And", "The"):
                return False
        return True

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process
    def _fuzzy_mission(self, token: str) -> EntityRef | None:
        """The mission whose acronym ``token`` misspells (one letter or one swap), if only one."""
        hits = {
            ent.key: ent
            for acr, ent in self.mission_acronyms.items()
            if len(acr) >= 4 and _same_length_one_edit(token, acr)
        }
        return next(iter(hits.values())) if len(hits) == 1 else None
