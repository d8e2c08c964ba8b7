"""Format converters on documents generated here: PDF (fpdf2), DOCX (python-docx), HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekg.loaders.formats.pdf import join_hyphenated, remove_running_lines
from peacekg.loaders.read import read_document

# Own words, checkable facts: UNIFIL was established by Security Council resolution 425
# (1978); MINUSMA by resolution 2100 (2013); UNMISS by resolution 1996 (2011).
PDF_PAGES = [
    [
        "United Nations A/99/999",
        "",
        "Distr.: General 19 March 2024",
        "",
        "Peacekeeping operations and their mandates",
        "",
        "The United Nations Interim Force in Lebanon was established by the",
        "Security Council in resolution 425 (1978), adopted in March 1978. The",
        "force is one of the oldest peace-",
        "keeping operations still deployed.",
        "",
        "The Multidimensional Integrated Stabilization Mission in Mali was created",
        "by resolution 2100 (2013) and relied on troop-",
        "contributing countries from several regions. Its closure was decided by",
    ],
    [
        "the Council in 2023 at the request of the transitional authorities.",
        "",
        "The United Nations Mission in South Sudan was established by resolution",
        "1996 (2011) on the day South Sudan became independent. The Secre-",
        "tariat reports to the Council on its mandate at regular intervals.",
    ],
    [
        "Women, peace and security",
        "",
        "Security Council resolution 1325 (2000) was the first resolution to",
        "address the impact of conflict on women and their role in peace pro-",
        "cesses, including peacekeeping.",
    ],
]


def make_pdf(path: Path, pages: list[list[str]], *, symbol: str = "A/99/999") -> Path:
    """A PDF with the given lines per page, a running header and a UN-style footer."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Helvetica", size=9)
                self.cell(0, 8, symbol, align="R")
            self.ln(14)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, f"24-01234 {self.page_no()}/{len(pages)}", align="C")

    pdf = Doc()
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            if line:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(5)
    pdf.output(str(path))
    return path


def test_pdf_headers_removed_and_hyphenation_repaired(tmp_path: Path) -> None:
    doc = read_document(make_pdf(tmp_path / "report.pdf", PDF_PAGES))
    text = doc.text
    assert doc.media_type == "application/pdf"
    assert "24-01234" not in text  # running footer
    assert "/3" not in text
    assert text.count("A/99/999") == 1  # the first-page line stays, the header goes
    assert "peacekeeping operations still deployed" in text  # peace- / keeping
    assert "troop-contributing countries" in text  # a real compound keeps its hyphen
    assert "The Secretariat reports" in text
    assert "peace processes" in text
    # a paragraph split by a page break is one paragraph again
    assert "Its closure was decided by the Council in 2023" in text
    # paragraphs: a blank line between them; wrapped lines joined
    assert "established by the Security Council in resolution 425 (1978)" in text
    assert "\n\nThe United Nations Mission in South Sudan" in text
    # headings on their own lines
    assert "\nWomen, peace and security\n" in text
    assert doc.symbol == "A/99/999"
    assert doc.date == "2024-03-19"


def test_remove_running_lines_repeated_and_page_numbers() -> None:
    pages = [
        ["Annual report 2023", "First page text.", "1"],
        ["Annual report 2023", "Second page text.", "2"],
        ["Annual report 2023", "Third page text.", "- 3 -"],
    ]
    out = remove_running_lines(pages)
    assert out == [["First page text."], ["Second page text."], ["Third page text."]]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("the peace-", "keeping force", "the peacekeeping force"),
        ("many troop-", "contributing States", "many troop-contributing States"),
        ("the Secre-", "tariat said", "the Secretariat said"),
        ("COVID-", "related measures", "COVID-related measures"),
        ("a long-", "term plan", "a long-term plan"),
    ],
)
def test_join_hyphenated(left: str, right: str, expected: str) -> None:
    assert join_hyphenated(left, right, set()) == expected


def test_join_hyphenated_uses_document_vocabulary() -> None:
    assert (
        join_hyphenated("a post-", "conflict State", {"post-conflict"}) == "a post-conflict State"
    )
    assert join_hyphenated("in Abyei a pro-", "gramme", {"programme"}) == "in Abyei a programme"


def test_docx_paragraphs_tables_and_lists_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Troop contributions fact sheet"
    d.add_heading("Statement by the Permanent Representative of Ghana", level=1)
    d.add_paragraph("Ghana has contributed troops to the United Nations Interim Force in Lebanon.")
    d.add_paragraph("UNIFIL was established in 1978.", style="List Bullet")
    d.add_paragraph("MINUSMA was established in 2013.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Mission"
    table.cell(0, 1).text = "Resolution"
    table.cell(1, 0).text = "UNMISS"
    table.cell(1, 1).text = "1996 (2011)"
    d.add_paragraph("Thank you.")
    path = tmp_path / "ghana.docx"
    d.save(str(path))

    doc = read_document(path)
    assert doc.text.splitlines() == [
        "Statement by the Permanent Representative of Ghana",
        "",
        "Ghana has contributed troops to the United Nations Interim Force in Lebanon.",
        "",
        "UNIFIL was established in 1978.",
        "MINUSMA was established in 2013.",
        "",
        "Mission | Resolution",
        "UNMISS | 1996 (2011)",
        "",
        "Thank you.",
    ]
    assert doc.media_type.endswith("wordprocessingml.document")
    assert doc.title == "Statement by the Permanent Representative of Ghana"
    assert doc.kind == "statement"


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Remarks on peacekeeping | Example Mission to the UN</title>
<meta property="og:title" content="Remarks at the Security Council open debate on peacekeeping">
<meta property="article:published_time" content="2023-09-12T15:00:00Z">
<link rel="canonical" href="https://example.org/remarks/peacekeeping-2023">
<script>window.tracking = {id: "UA-000"}; function menu() { return "Subscribe now"; }</script>
<style>body { font-family: serif } .nav { color: red }</style>
</head><body>
<header><div class="logo">Example Mission</div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav>
<main><article>
<h1>Remarks at the Security Council open debate on peacekeeping</h1>
<p>Thank you, Madam President. The United Nations Interim Force in Lebanon has been
deployed since 1978, when the Council adopted resolution 425.</p>
<p>We welcome the Action for Peacekeeping initiative that the Secretary-General launched
in March 2018, and we support its implementation across all missions.</p>
<ul><li>Protection of civilians</li><li>Safety and security of peacekeepers</li>
<li>Women, peace and security</li></ul>
<p>We will continue to contribute troops and police to United Nations peace operations.</p>
</article></main>
<aside>Related: Subscribe to our newsletter</aside>
<footer><p>Copyright 2023 Example Mission. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
<script>console.log("loaded")</script>
</body></html>
"""


def test_html_main_text_only(tmp_path: Path) -> None:
    path = tmp_path / "remarks.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_document(path)
    text = doc.text
    for boilerplate in (
        "tracking",
        "Subscribe",
        "Contact us",
        "Copyright",
        "Privacy",
        "font-family",
    ):
        assert boilerplate not in text
    assert "deployed since 1978, when the Council adopted resolution 425." in text
    assert "\n\nWe welcome the Action for Peacekeeping initiative" in text
    assert "Protection of civilians\nSafety and security of peacekeepers\n" in text
    assert text.splitlines()[0] == "Remarks at the Security Council open debate on peacekeeping"
    assert doc.title == "Remarks at the Security Council open debate on peacekeeping"
    assert doc.date == "2023-09-12"
    assert doc.source_url == "https://example.org/remarks/peacekeeping-2023"
    assert doc.media_type == "text/html"


def test_html_fallback_when_trafilatura_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    path = tmp_path / "remarks.htm"
    path.write_text(HTML_PAGE, encoding="utf-8")
    text = read_document(path).text
    assert "tracking" not in text and "Contact us" not in text and "Copyright" not in text
    assert "Subscribe" not in text
    assert "Thank you, Madam President." in text
    assert "Protection of civilians\nSafety and security of peacekeepers" in text
    assert "\n\nWe welcome the Action for Peacekeeping" in text


def test_markdown_markup_stripped(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Note on UNMISS\ndate: 2011-07-09\n---\n"
        "# The United Nations Mission in South Sudan\n\n"
        "UNMISS was established by **resolution 1996 (2011)** on *9 July 2011*, see "
        "[the resolution](https://undocs.org/S/RES/1996(2011)).\n\n"
        "- It protects civilians.\n- It supports the peace process.\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.text == (
        "The United Nations Mission in South Sudan\n\n"
        "UNMISS was established by resolution 1996 (2011) on 9 July 2011, see the resolution.\n\n"
        "It protects civilians.\nIt supports the peace process."
    )
    assert doc.title == "Note on UNMISS"  # front matter overrides detection
    assert doc.date == "2011-07-09"
    assert doc.media_type == "text/markdown"


def test_txt_with_markdown_markup_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(
        "United Nations S/2099/1\n\n\n\nDistr.: General 2 May 2024\n\n"
        "# Letter dated 1 May 2024 from the Secretary-General addressed to the President of "
        "the Security Council\n\n#### **Annex I**\n\n"
        "I have the honour to refer to **Security Council resolution 2100 (2013)**, by which "
        "the Council established\n\n20-12063 **3/23** \n\nthe Stabilization Mission in Mali.\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert "**" not in doc.text and "#" not in doc.text and "20-12063" not in doc.text
    assert "\nAnnex I\n" in doc.text
    assert "by which the Council established the Stabilization Mission in Mali." in doc.text
    assert "\n\n\n" not in doc.text
    assert doc.kind == "letter"
    assert doc.symbol == "S/2099/1"
    assert doc.date == "2024-05-02"


def test_hard_wrapped_text_is_unwrapped_and_headings_kept(tmp_path: Path) -> None:
    """Speeches converted at a fixed width break sentences and names at every line end."""
    from peacekg.loaders.text import split_sentences

    wrapped = (
        "Statement by the Permanent Representative\n"
        "of Ghana\n\n"
        "Mr. President, my delegation wishes to recall that\n"
        "the regional organization set up in 1993 its\n"
        "Central Mechanism for Conflict Prevention and\n"
        "Resolution, which Ghana supports without reserve.\n"
        "Peacekeeping partnerships with that body matter\n"
        "more every year, and we will keep funding them.\n"
    )
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    doc = read_document(path)
    assert len(doc.text) == len(wrapped.strip())  # soft wraps became spaces, nothing moved
    assert doc.text.startswith("Statement by the Permanent Representative\nof Ghana\n\n")
    sentences = [doc.text[a:b] for a, b in split_sentences(doc.text)]
    assert (
        "Mr. President, my delegation wishes to recall that the regional organization set up "
        "in 1993 its Central Mechanism for Conflict Prevention and Resolution, which Ghana "
        "supports without reserve." in sentences
    )
