"""Sentence splitting: UN abbreviations, symbols, decimals, headings and wrapped lines."""

from __future__ import annotations

from peacekg.loaders.text import paragraphs, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "We thank Mr. Lacroix and H.E. Mr. Cho Hyun. Dr. Di Razza spoke. Ms. Zetterlund agreed."
    assert _sentences(text) == [
        "We thank Mr. Lacroix and H.E. Mr. Cho Hyun.",
        "Dr. Di Razza spoke.",
        "Ms. Zetterlund agreed.",
    ]


def test_symbols_decimals_and_citations() -> None:
    text = (
        "The U.S. Department of State agreed (see S/2020/897). Women were 22.6 per cent. "
        "See para. 4 and No. 12 of A/74/19. Done!"
    )
    assert _sentences(text) == [
        "The U.S. Department of State agreed (see S/2020/897).",
        "Women were 22.6 per cent.",
        "See para. 4 and No. 12 of A/74/19.",
        "Done!",
    ]


def test_initials_and_lowercase_continuation() -> None:
    text = "Mr. Michael L. Smith, e.g. the director, spoke. It ended."
    assert _sentences(text) == ["Mr. Michael L. Smith, e.g. the director, spoke.", "It ended."]


def test_headings_and_wrapped_lines() -> None:
    text = "Partnerships\n\nThis sentence is hard\nwrapped. Next.\nA heading\nBody text here."
    assert _sentences(text) == [
        "Partnerships",
        "This sentence is hard\nwrapped.",
        "Next.",
        "A heading",
        "Body text here.",
    ]


def test_spans_are_within_bounds_and_trimmed() -> None:
    text = "  Intro. Middle sentence here. End.  "
    start, end = 9, 30
    spans = split_sentences(text, start, end)
    assert spans and all(start <= s < e <= end for s, e in spans)
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_paragraphs() -> None:
    text = "One.\n\nTwo\nlines.\n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two\nlines.", "Three."]
