"""The shared lexicon: one spelling of each word list, one trie builder, and the three wrong
outputs that two spellings of a list used to give (issue 11)."""

from __future__ import annotations

import ast
import re
from itertools import combinations
from pathlib import Path

import pytest
from conftest import REPO

from peacekg.loaders import lexicon
from peacekg.loaders.lexicon import HEADING_WORDS, NAME_PARTICLES, trie_regex, words
from peacekg.loaders.pipeline import extract
from peacekg.ontology.reference import load_reference

# -- no list spelt twice ------------------------------------------------------------------------

_WORD = re.compile(r"^[A-Za-z][A-Za-z'’.\- ]*$")
#: Two lists whose words overlap this much (Jaccard) are one list spelt twice.
SAME_LIST = 0.75


def _alternatives(pattern: str) -> list[list[str]]:
    """The plain-word alternations of a regex: "(?:said|stated|noted|added)" -> its words.
    Suffix groups ("support(?:s|ed|ing)") and ordinals ("(?:st|nd|rd|th)") are not lists."""
    text = pattern.replace(r"\s+", " ").replace(r"\s", " ").replace(r"\.", ".")
    text = re.sub(r"\(\?[:=!<]*", "(", text)
    found = []
    for m in re.finditer(r"\(([^()]*\|[^()]*)\)", text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        found.append([w.strip() for w in m.group(1).split("|")])
    return found


def _word_lists(path: Path) -> list[tuple[str, frozenset[str]]]:
    """Every list of four or more words in a module: literal tuples, lists and sets of strings,
    and the alternations of its regular expressions."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        candidates: list[list[str]] = []
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            candidates.append(
                [
                    e.value
                    for e in node.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            candidates += _alternatives(node.value)
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            candidates += _alternatives("".join(str(p) for p in parts))
        for items in candidates:
            items = [w for w in items if _WORD.match(w)]
            if len(items) >= 4 and any(len(w) > 2 for w in items):
                out.append((f"{path.relative_to(REPO)}:{node.lineno}", frozenset(items)))
    return out


def test_no_word_list_is_spelt_twice() -> None:
    lists = [
        (f"lexicon.{name}", frozenset(value))
        for name in lexicon.__all__
        if isinstance(value := getattr(lexicon, name), tuple | frozenset)
    ]
    for path in sorted((REPO / "loaders").rglob("*.py")):
        if path.name != "lexicon.py":
            lists += _word_lists(path)
    twice = [
        f"{a} ~ {b}: {sorted(x ^ y)}"
        for (a, x), (b, y) in combinations(lists, 2)
        if a != b and len(x & y) / len(x | y) >= SAME_LIST
    ]
    assert not twice, "word lists spelt twice (use peacekg.loaders.lexicon):\n" + "\n".join(twice)


def test_the_check_sees_a_list_spelt_again(tmp_path: Path) -> None:
    module = REPO / "loaders" / "_spelt_again_for_the_test.py"
    module.write_text('import re\nX = re.compile(r"(?:Statement|Remarks|Briefing|Address)")\n')
    try:
        found = _word_lists(module)
    finally:
        module.unlink()
    assert found and found[0][1] <= frozenset(HEADING_WORDS)


# -- patterns from lists ------------------------------------------------------------------------


@pytest.mark.parametrize("loose", [False, True])
def test_trie_regex_matches_each_item_whole_and_nothing_else(loose: bool) -> None:
    items = ["peace", "peacekeeping", "peacebuilding", "pea", "Côte d'Ivoire", "co-host"]
    rx = re.compile(f"(?:{trie_regex(items, loose=loose)})")
    for item in items:
        assert rx.fullmatch(item), item
    assert not rx.fullmatch("peacekeep")
    assert bool(rx.fullmatch("Côte d’Ivoire")) is loose  # any apostrophe, when loose


def test_words_joins_multiword_items_with_any_space() -> None:
    rx = re.compile(words(HEADING_WORDS))
    assert rx.fullmatch("Opening \n remarks") and rx.fullmatch("Declaration")
    assert re.fullmatch(words(NAME_PARTICLES), "della")


def test_un_system_comes_from_the_organisations_table() -> None:
    ref = load_reference()
    assert ref.un_system("Police Division")  # parent: Department of Peace Operations
    assert ref.un_system("World Food Programme")
    assert not ref.un_system("African Union")
    assert not ref.un_system("Challenges Forum")  # not in the table, no UN name


# -- the three wrong outputs of issue 11 -------------------------------------------------------


def _extract(tmp_path: Path, name: str, text: str, **meta: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path, meta=meta or None)


def test_a_declaration_heading_is_no_commitment(tmp_path: Path) -> None:
    heading = (
        "Declaration by the Permanent Representative of Norway in support of the protection "
        "of civilians"
    )
    ex = _extract(
        tmp_path,
        "norway.txt",
        f"{heading}\n\nNorway will deploy a police unit to strengthen the protection of "
        "civilians in peacekeeping operations.\n",
    )
    assert [s.key for s in ex.document.statements[0].speakers] == ["NOR"]
    assert ex.commitments, "the body's pledge is still found"
    assert all(heading not in c.evidence for c in ex.commitments)


EVENT = """Peacekeeping and the protection of civilians

A panel discussion co-hosted by Italy and the Netherlands.

Speakers:

Ms. Maria della Rosa, Permanent Representative of Italy to the United Nations

Mr. Jan ter Horst, Deputy Permanent Representative of the Netherlands

Moderator:

Dr. Amina Bello, Senior Fellow, International Peace Institute
"""


def test_event_page_names_with_particles_are_participants(tmp_path: Path) -> None:
    ex = _extract(tmp_path, "event.txt", EVENT)
    people = {
        p.name: p.affiliation.key if p.affiliation else None for p in ex.document.participants
    }
    assert people["Maria della Rosa"] == "ITA"
    assert people["Jan ter Horst"] == "NLD"
    assert "Amina Bello" in people
    assert {st.rule for st in ex.document.statements} == {"event-page"}


SPEECH = (
    "We deployed 200 police officers to MINUSCA last year to strengthen the protection of "
    "civilians in peacekeeping.\n"
)


def test_a_un_body_deploying_police_is_no_contribution(tmp_path: Path) -> None:
    ex = _extract(tmp_path, "police-division.txt", SPEECH, speaker="Police Division")
    assert ex.document.statements[0].speakers[0].key == "Police Division"
    assert not any(c.contributes_to for c in ex.commitments)
    # the same words said by a state are its contribution to the mission
    state = _extract(tmp_path, "rwanda.txt", SPEECH, speaker="Rwanda")
    assert [m.key for c in state.commitments for m in c.contributes_to] == ["MINUSCA"]
