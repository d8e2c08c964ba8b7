"""Entity mentions: states, missions, organisations, initiatives, resolutions, symbols, people.

One :class:`EntityMatcher` is compiled once from the reference data (:func:`get_matcher`)
and scans a whole text with a handful of compiled regular expressions:

* a **gazetteer**: every name, variant, acronym and demonym of the reference states,
  missions (English and French names), organisations and initiatives, compiled into one
  trie-shaped regex (case-sensitive), with the lower- and sentence-case forms of long
  multi-word names of initiatives and organisations ("the light coordination mechanism").
  Longest match wins;
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

The modules, by what they recognise:

* :mod:`~peacekg.loaders.entities.officials`: the UN senior officials table and UN titles;
* :mod:`~peacekg.loaders.entities.names`: people's names, honorifics and coreference;
* :mod:`~peacekg.loaders.entities.symbols`: resolutions and UN document symbols;
* :mod:`~peacekg.loaders.entities.gazetteer`: the aliases of the reference entities;
* :mod:`~peacekg.loaders.entities.minted`: programmes and institutions not in the reference;
* :mod:`~peacekg.loaders.entities.matcher`: :class:`EntityMatcher`, which runs them all.
"""

from __future__ import annotations

import functools
import re

from peacekg.loaders.entities.matcher import EntityMatcher
from peacekg.loaders.entities.names import _corefer_people, normalize_name
from peacekg.loaders.entities.officials import Official, load_officials, officials_by_alias
from peacekg.loaders.entities.symbols import document_year
from peacekg.loaders.model import Document, EntityRef, Mention

__all__ = [
    "EntityMatcher",
    "Official",
    "find_mentions",
    "get_matcher",
    "load_officials",
    "normalize_name",
    "officials_by_alias",
    "people_mentions",
    "resolve_actor",
]


@functools.cache
def get_matcher() -> EntityMatcher:
    """A default :class:`EntityMatcher` of the package's reference data, for callers outside
    the extraction pipeline (which is given its own: :class:`peacekg.loaders.pipeline.
    Pipeline`)."""
    return EntityMatcher()


def find_mentions(doc: Document, matcher: EntityMatcher | None = None) -> list[Mention]:
    """All entity mentions in ``doc.text``, sorted by start (``m.text == doc.text[m.start:m.end]``).

    People found by speaker attribution (participants, statement persons) are added where
    their names occur in the text (:func:`people_mentions`).
    """
    m = matcher or get_matcher()
    return people_mentions(doc, m.find(doc.text, year=document_year(doc)), m)


def people_mentions(
    doc: Document, mentions: list[Mention], matcher: EntityMatcher
) -> list[Mention]:
    """``mentions`` with the people that speaker attribution found (participants, statement
    persons) added where their names occur in the text, every person keyed by the fullest
    name the document gives."""
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
        mentions = _corefer_people(
            sorted(mentions + extra, key=lambda m: (m.start, m.end)), matcher.officials
        )
    return mentions


def resolve_actor(name: str) -> EntityRef | None:
    """The state or organisation that ``name`` denotes (:meth:`EntityMatcher.resolve_actor`
    of the default matcher)."""
    return get_matcher().resolve_actor(name)
