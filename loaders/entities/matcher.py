"""The entity matcher: one scan of a text for every kind of entity mention.

:class:`EntityMatcher` adds to the :class:`~peacekg.loaders.entities.gazetteer.Gazetteer` the
person pattern (an honorific or a head title of the reference data, then a name) and scans a
whole text with a handful of compiled regular expressions: the gazetteer, the citations of
:mod:`~peacekg.loaders.entities.symbols`, misspelt mission acronyms (MONSUCO -> MONUSCO),
people (:mod:`~peacekg.loaders.entities.names`) and the names that
:mod:`~peacekg.loaders.entities.minted` mints. The candidates are then reconciled:

* the longest match wins; states named inside an organisation's or an initiative's name are
  kept ("Permanent Mission of Sweden to the UN" -> the mission's organisation *and* SWE);
* an ambiguous alias of an organisation or an initiative is dropped unless the text supports
  it: a UN body's short name ("the Council", "Secretariat") in a text that names the UN
  family unambiguously;
* an ambiguous short state name ("the Congo") goes to the state whose longer name the text
  gives ("Democratic Republic of the Congo");
* people are keyed by the fullest name the text gives them.
"""

from __future__ import annotations

import re

from peacekg.loaders.entities.gazetteer import Gazetteer
from peacekg.loaders.entities.minted import find_minted
from peacekg.loaders.entities.names import (
    _NAME,
    _PERSON_RES,
    _clean_person,
    _corefer_people,
    _word_char,
    normalize_name,
)
from peacekg.loaders.entities.short_forms import short_form_mentions
from peacekg.loaders.entities.symbols import find_citations
from peacekg.loaders.lexicon import CONNECTORS, HONORIFICS, trie_regex
from peacekg.loaders.model import EntityRef, Mention

__all__ = ["EntityMatcher"]

#: Labels of bodies that are only a generic word ("the Council"): an ambiguous alias of one is
#: kept only when the text also names the body unambiguously.
_GENERIC_ORG_WORDS = {"Council", "Assembly", "Committee", "Special Committee", "Commission"}

#: A run of capitals that may be a misspelt mission acronym (MONSUCO -> MONUSCO).
_CAPS_TOKEN = re.compile(r"[A-Z]{5,}")


#: Titles written abbreviated, with or without a period.
_ABBREVIATED_TITLES = frozenset(
    ["Mr", "Mrs", "Ms", "Mme", "Mmes", "Messrs", "Dr", "Prof", "Amb", "Gen", "Col", "St", "Sen",
     "Rep", "Hon", "Lt", "Capt", "Adm", "Maj", "Brig", "Cdr"]
)  # fmt: skip


class EntityMatcher(Gazetteer):
    """Finds entity mentions in text; compiled once from the reference data.

    The aliases, the reference tables and the lookups come from :class:`Gazetteer`;
    :meth:`find` scans a text.
    """

    def _compile(self) -> None:
        """The gazetteer's regex and indexes, and the person pattern."""
        super()._compile()
        # people: an honorific or a title that the reference gives a head, then the name
        titles = {t for t in self.head_titles if t}
        forms = set(HONORIFICS)
        for t in titles:
            forms.add(t[:1].upper() + t[1:])
            forms.add(
                " ".join(w[:1].upper() + w[1:] if w not in CONNECTORS else w for w in t.split())
            )
        # only abbreviations take a period ("Dr.", "Gen."): after a full title a period ends
        # the sentence ("... the Secretary-General. More than 20 years ...")
        forms |= {f + "." for f in forms if f in _ABBREVIATED_TITLES}
        # one trie, whose first letters let the regex engine skip to the candidates
        titles_re = trie_regex(sorted(forms, key=len, reverse=True), loose=True)
        self._person_re = re.compile(rf"{titles_re}[ \t]+(?P<name>{_NAME})")

    # -- actors ----------------------------------------------------------------------------------

    def resolve_actor(self, name: str) -> EntityRef | None:
        """The state or organisation that ``name`` denotes, for speakers and explicit subjects.

        Accepts any reference name or alias ("Belgium", "the Russian Federation", "China's",
        "Republic of Korea", "EU"), an ISO3 code, a UN head's title ("Under-Secretary-General
        for Peace Operations", "USG for Operational Support", "Secretary-General") or a phrase
        that contains one ("Permanent Representative of Indonesia to the UN" -> IDN).
        """
        text = normalize_name(name)
        text = re.sub(r"['’]s$", "", text)
        text = re.sub(r"^(?:the|The)\s+", "", text)
        if not text:
            return None
        ref = self.lookup(text)
        if ref is not None and ref.type in ("State", "Organization", "Mission", "Initiative"):
            return ref
        if re.fullmatch(r"[A-Z]{3}", text) and text in self.states:
            return self.states[text]
        ref = self.title_entity(text)
        if ref is not None:
            return ref
        # "António Guterres, Secretary-General of the United Nations": a part is a UN title
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if len(parts) > 1:
            for part in parts:
                ref = self.title_entity(part)
                if ref is not None:
                    return ref
            for part in parts:
                words = part.split()
                if words and words[-1] in self.officials and len(words) <= 4:
                    return self.orgs.get(self.officials[words[-1]][1])
        found = [x.entity for x in self.find(text) if x.entity.type in ("State", "Organization")]
        states = [r for r in found if r.type == "State"]
        if states:
            return states[0]
        if found:
            return found[0]
        if text.split()[-1] in self.officials:
            return self.orgs.get(self.officials[text.split()[-1]][1])
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
        cands.extend(find_minted(text, cands, self.lookup))
        kept = self._resolve_overlaps(cands, text)
        kept = self._support(kept)
        kept = self._relink_states(text, kept)
        if year is not None:
            kept = self._relink_successors(text, kept, year)
        short = short_form_mentions(text, kept)
        if short:
            kept = sorted([*kept, *short], key=lambda c: (c[0], c[1]))
        mentions = [Mention(ref, s + offset, e + offset, text[s:e]) for s, e, ref, _, _ in kept]
        return _corefer_people(mentions, self.officials)

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

    def _patterns(
        self, text: str, doc_year: int | None = None
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """Mentions found by pattern: resolutions and document symbols, misspelt mission
        acronyms, and people whose name is not a reference entity's."""
        out = find_citations(text, doc_year)
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

    def _resolve_overlaps(
        self, cands: list[tuple[int, int, EntityRef, str, bool]], text: str
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """Longest match wins; states nested in an organisation or initiative name are kept;
        a citation that an earlier name runs into ("United Nations Security Council
        resolution 1325") is kept after that name."""
        # a total order, so that ties never depend on set order (the hash seed)
        cands = sorted(
            set(cands),
            key=lambda c: (c[0], -(c[1] - c[0]), c[3] != "gaz", c[3], c[2].type, c[2].key, c[4]),
        )
        kept: list[tuple[int, int, EntityRef, str, bool]] = []
        nested: list[tuple[int, int, EntityRef, str, bool]] = []
        end = -1
        last: tuple[int, int, EntityRef, str, bool] | None = None
        for c in cands:
            if c[0] >= end:
                kept.append(c)
                end, last = c[1], c
            elif c[3] == "pat" and c[2].type in ("Resolution", "DocumentSymbol") and c[1] > end:
                start = end + len(text[end : c[1]]) - len(text[end : c[1]].lstrip())
                c = (start, *c[1:])
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

    def _relink_successors(
        self, text: str, kept: list[tuple[int, int, EntityRef, str, bool]], year: int
    ) -> list[tuple[int, int, EntityRef, str, bool]]:
        """A mission's name that its successor's name contains ("UNEF", "United Nations
        Emergency Force" for UNEF I and UNEF II) is the one of the two that had started by
        ``year``, the latest (the registry's ``predecessor`` and ``start``): UNEF II from 1973."""
        successors = self._successors()
        out = []
        for s, e, ref, source, amb in kept:
            if ref.type == "Mission" and ref.key in successors:
                form = re.compile(rf"(?<!\w){re.escape(normalize_name(text[s:e]).lower())}(?!\w)")
                for entity, start, names in successors[ref.key]:
                    if start <= year and any(form.search(n) for n in names):
                        ref = entity
            out.append((s, e, ref, source, amb))
        return out

    def _successors(self) -> dict[str, list[tuple[EntityRef, int, tuple[str, ...]]]]:
        """Mission key -> its successors (entity, start year, lower-case names), by start."""
        if not hasattr(self, "_successor_map"):
            found: dict[str, list[tuple[EntityRef, int, tuple[str, ...]]]] = {}
            for m in self.reference.missions:
                pred, start = m.data.get("predecessor", ""), m.data.get("start", "")[:4]
                if pred and start.isdigit():
                    names = tuple(normalize_name(a).lower() for a in (m.key, m.label, *m.aliases))
                    entity = EntityRef("Mission", m.key, m.label)
                    found.setdefault(pred, []).append((entity, int(start), names))
            for v in found.values():
                v.sort(key=lambda t: t[1])
            self._successor_map = found
        return self._successor_map

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
