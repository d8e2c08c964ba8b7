"""HTML pages: main text via trafilatura, with an lxml fallback; title, date and URL.

The main text keeps one blank line between blocks (paragraphs, headings, quotes) and puts
each list item and table row on its own line: speaker attribution works on lines. The page
title (``og:title``, else the first ``<h1>``, else ``<title>``) is put on the first line when
the extracted text does not already start with it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from peacekg.loaders.formats import MEDIA_TYPES, Converted, finish_text
from peacekg.loaders.formats.text import decode
from peacekg.loaders.model import LoadError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WS = re.compile(r"\s+")

#: Elements whose text is never main text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "head",
    "menu",
    "dialog",
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu"}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "figcaption",
    "address",
    "hr",
    "body",
    "center",
    "details",
    "summary",
}
_LINE_TAGS = {"li", "tr", "dt", "dd", "caption"}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "citation_date",
    "citation_publication_date",
    "pubdate",
    "publish-date",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)


def _decode_html(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode using the declared charset when it works, else like a text file."""
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        enc = m.group(1).decode("ascii", "replace")
        try:
            return data.decode(enc), []
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)


def _text_of(el: Any) -> str:
    """The whitespace-normalised text of an element."""
    return _WS.sub(" ", "".join(el.itertext())).strip()


def page_metadata(tree: Any) -> dict[str, str]:
    """Title, date and source URL from an lxml HTML tree's head and first heading."""
    meta: dict[str, str] = {}
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    h1 = next(iter(tree.iter("h1")), None)
    title_el = next(iter(tree.iter("title")), None)
    title = metas.get("og:title") or metas.get("twitter:title") or metas.get("dc.title")
    if not title and h1 is not None:
        title = _text_of(h1)
    if not title and title_el is not None:
        title = re.split(r"\s+[|–—]\s+|\s+-\s+", _text_of(title_el))[0]
    if title:
        meta["title"] = _WS.sub(" ", title).strip()
    for key in _DATE_META:
        if metas.get(key):
            meta["date"] = metas[key]
            break
    else:
        for el in tree.iter("time"):
            if el.get("datetime"):
                meta["date"] = el.get("datetime").strip()
                break
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            meta["source_url"] = el.get("href").strip()
            break
    else:
        if metas.get("og:url"):
            meta["source_url"] = metas["og:url"]
    return meta


def _blocks_from_trafilatura(body: Any) -> list[str]:
    """Blocks of trafilatura's XML body: paragraphs, headings, list items, table rows."""
    blocks: list[str] = []

    def inline(el: Any) -> str:
        parts: list[str] = [el.text or ""]
        for child in el:
            if child.tag == "lb" or child.tag in ("list", "table"):
                parts.append("\n")
            else:
                parts.append(inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == "list":
                items = []
                for item in child.iter("item"):
                    t = _WS.sub(
                        " ", "".join(x for x in item.xpath("text()|*[not(self::list)]//text()"))
                    )
                    if t.strip():
                        items.append(t.strip())
                if items:
                    blocks.append("\n".join(items))
            elif tag == "table":
                rows = []
                for row in child.iter("row"):
                    cells = [_text_of(c) for c in row if c.tag == "cell"]
                    line = " | ".join(c for c in cells if c)
                    if line:
                        rows.append(line)
                if rows:
                    blocks.append("\n".join(rows))
            elif tag in ("div", "main", "body", "doc"):
                walk(child)
            else:
                text = "\n".join(_WS.sub(" ", ln).strip() for ln in inline(child).split("\n"))
                if text.strip():
                    blocks.append(text.strip())

    walk(body)
    return blocks


def _blocks_from_lxml(tree: Any) -> list[str]:
    """Fallback: the text of ``<body>`` without scripts, navigation, headers and footers."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        role = (el.get("role") or "").lower()
        hidden = el.get("hidden") is not None or el.get("aria-hidden") == "true"
        style = (el.get("style") or "").replace(" ", "").lower()
        if (
            role in _DROP_ROLES or hidden or "display:none" in style
        ) and el.getparent() is not None:
            el.drop_tree()
    parts: list[str] = []
    block, line = "\x00", "\x01"

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append(block)
        elif tag in _LINE_TAGS or tag == "br":
            parts.append(line)
        elif tag in ("td", "th"):
            parts.append(" | ")
        if tag and el.text:
            parts.append(_WS.sub(" ", el.text))
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append(block)
        elif tag in _LINE_TAGS:
            parts.append(line)
        if el.tail:
            parts.append(_WS.sub(" ", el.tail))

    walk(root)
    blocks = []
    for chunk in "".join(parts).split(block):
        lines = [ln.strip(" |") for ln in chunk.split(line)]
        text = "\n".join(ln for ln in lines if ln)
        if text:
            blocks.append(text)
    return blocks


def convert(data: bytes, path: Path) -> Converted:
    """Extract the main text and metadata of an HTML page."""
    import lxml.etree
    import lxml.html

    source, warnings = _decode_html(data, path)
    source = _XML_DECL.sub("", source, count=1)
    if not source.strip():
        raise LoadError(path, "no text (empty HTML)")
    try:
        tree = lxml.html.document_fromstring(source)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError) as exc:
        raise LoadError(path, f"corrupt HTML: {exc}") from None
    meta = page_metadata(tree)

    blocks: list[str] = []
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            source,
            output_format="python",
            with_metadata=True,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura is a large dependency; never let it kill a load
        result = None
        warnings.append(f"{path.name}: trafilatura failed ({type(exc).__name__}); used fallback")
    body = getattr(result, "body", None)
    if result is not None and body is not None:
        blocks = _blocks_from_trafilatura(body)
        for key, attr in (("title", "title"), ("date", "date"), ("source_url", "url")):
            value = getattr(result, attr, None)
            if value and key not in meta:
                meta[key] = str(value)
    if not blocks:
        blocks = _blocks_from_lxml(tree)
    title = meta.get("title")
    if title and blocks and title.casefold() not in "\n".join(blocks[:3]).casefold():
        blocks.insert(0, title)
    # an HTML line break is structure (a list item, a <br>), never a hard wrap
    text = finish_text("\n\n".join(blocks), unwrap=False)
    if not text:
        raise LoadError(path, "no text extracted from HTML")
    return Converted(text=text, media_type=MEDIA_TYPES["html"], meta=meta, warnings=warnings)
