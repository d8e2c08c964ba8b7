"""Format converters: the bytes of one file -> clean text and format-level metadata.

Each module (:mod:`.text`, :mod:`.html`, :mod:`.pdf`, :mod:`.docx`) exposes
``convert(data, path) -> Converted`` and raises :class:`~peacekg.loaders.model.LoadError`
naming the file and the reason when the bytes cannot be turned into text. Heavy libraries
(trafilatura, pypdf, python-docx) are imported inside their module's ``convert`` so that the
plain-text path stays cheap.

This package also holds the text clean-up shared by every format (:func:`finish_text`):
downstream offsets refer to the cleaned :attr:`Document.text`, so text is cleaned once, here.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

#: Media types by format name.
MEDIA_TYPES: dict[str, str] = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

#: Format name by (lower-case) file suffix.
FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
#: Suffixes :func:`~peacekg.loaders.read.read_document` accepts (compared case-insensitively).
SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)


@dataclass
class Converted:
    """The result of one format conversion.

    ``meta`` holds metadata the format itself carries (HTML meta tags, PDF info, DOCX core
    properties): used where text detection finds nothing. ``explicit`` holds metadata the
    author wrote down (Markdown front matter): it overrides detection.
    """

    text: str
    media_type: str
    meta: dict[str, str] = field(default_factory=dict)
    explicit: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 file (old .doc/.xls)"),
    (b"{\\rtf", "RTF document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)


def sniff(data: bytes) -> str | None:
    """Name the format the bytes' content announces, or ``None`` for plain text.

    Returns ``"pdf"``, ``"docx"`` (a ZIP holding ``word/document.xml``), ``"zip"``,
    ``"html"`` (a page starting with a doctype or ``<html>``), or a description of another
    binary format (``"PNG image"``, ...).
    """
    head = data[:16]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            if name == "zip" and b"word/document.xml" in data[:65536] + data[-65536:]:
                return "docx"
            return name
    # PDF allows junk before the header, within the first kilobyte.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if _HTML_START.match(data[:512].removeprefix(b"\xef\xbb\xbf")):
        return "html"
    return None


# --- text clean-up shared by all formats -------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r" {2,}")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BLANKS = re.compile(r"\n{3,}")

# Running page markers of UN documents: job number + page ("20-12063 3/23", "4/23 20-12063"),
# the first-page job line "20-12063 (E) 250920" and the barcode "*2012063*".
UN_PAGE_MARKER = re.compile(
    r"^[ \t]*(?:"
    r"\d{2}-\d{5}(?:[ \t]*\([A-Z]\))?[ \t]+\d{1,4}/\d{1,4}"
    r"|\d{1,4}/\d{1,4}[ \t]+\d{2}-\d{5}(?:[ \t]*\([A-Z]\))?"
    r"|\d{2}-\d{5}[ \t]*\([A-Z]\)(?:[ \t]+\d{6})?(?:[ \t]+\d{6})?"
    r"|\*\d{7}\*"
    r")[ \t]*$",
    re.MULTILINE,
)
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", "»", ")", "]")


def join_broken_paragraphs(text: str, marker: re.Pattern[str]) -> str:
    """Remove page-marker lines; rejoin a paragraph that a marker split across pages.

    A paragraph is rejoined when the text before the marker does not end a sentence and
    the text after it starts with a lower-case letter.
    """
    if "/" not in text and "*" not in text and "(" not in text:
        return text
    if not marker.search(text):
        return text
    parts = marker.split(text)
    out = parts[0]
    for nxt in parts[1:]:
        before = out.rstrip()
        after = nxt.lstrip()
        if before and after and not before.endswith(_TERMINAL) and after[0].islower():
            out = before + " " + after
        else:
            out = before + "\n\n" + after if before else after
    return out


_LIST_ITEM = re.compile(r"[-•*–—▪●◦#>|]|\d{1,3}[.)]\s|\(?[a-z]\)\s|\(?[ivx]+\)\s")


# a hyphenation mark inside a word, as OCR renders soft hyphens ("Interna¬tional"); the soft
# hyphen itself goes with the control characters
_SOFT_HYPHEN = re.compile(r"(?<=\w)¬[ \t]*\n?[ \t]*(?=\w)")
_BLANK_LINES = re.compile(r"(\n[ \t]*(?:\n[ \t]*)+)")


def unwrap_lines(text: str) -> str:
    r"""Join the lines of hard-wrapped paragraphs (prose broken at a width, as in many
    converted speeches) with spaces, so that sentences and names are not cut at line ends.

    A paragraph (between blank lines) is hard-wrapped when it has at least four lines, their
    median length is at least 30 and four in five of them (the last aside) are at least 70 %
    of that median: lines of similar length, unlike a stack of headings. In such a paragraph
    a line break becomes a space unless the next line is a list item or the line is shorter
    than half the median (the end of a paragraph, or a heading). The text keeps its length.

    >>> wrapped = ("On behalf of my delegation, I wish to\ncongratulate you, Sir, on your election"
    ...     "\nas President. The Organization of\nAfrican Unity established a Central\n"
    ...     "Mechanism for Conflict Prevention.\nWe support it.")
    >>> "African Unity established a Central Mechanism for" in unwrap_lines(wrapped)
    True
    >>> unwrap_lines("Annex\nStatement by Ghana\nMr. President,\nWe support it.")
    'Annex\nStatement by Ghana\nMr. President,\nWe support it.'
    """
    if len(text) > 200 * (text.count("\n") + 1):
        return text  # long lines: nothing is hard-wrapped
    chars: list[str] | None = None
    pos = 0
    for para in _BLANK_LINES.split(text):
        lines = para.split("\n")
        if len(lines) >= 4 and not _BLANK_LINES.fullmatch(para):
            sizes = sorted(len(ln) for ln in lines[:-1])
            median = sizes[len(sizes) // 2]
            if median >= 30 and sum(n >= 0.7 * median for n in sizes) >= 0.8 * len(sizes):
                chars = chars if chars is not None else list(text)
                at = pos
                for line, nxt in itertools.pairwise(lines):
                    at += len(line)
                    if len(line) >= median / 2 and nxt and not _LIST_ITEM.match(nxt):
                        chars[at] = " "
                    at += 1
        pos += len(para)
    return "".join(chars) if chars is not None else text


def finish_text(text: str, *, unwrap: bool = True) -> str:
    """Normalise text the same way for every format.

    Newlines to ``\\n``, Unicode NFC, no control or zero-width characters, runs of spaces
    (including no-break spaces) to one space, no trailing spaces, UN running page markers
    removed, hyphenation marks inside words ("Interna¬tional") removed, hard-wrapped
    paragraphs unwrapped (:func:`unwrap_lines`), at most one blank line between blocks, no
    leading/trailing blank lines. ``unwrap=False`` keeps every line break: a format whose
    lines are its structure (HTML's list items and line breaks) is never hard-wrapped.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" in text:
        text = text.replace("\x0c", "\n")
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if not text.isascii():
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join([ln.strip(" ") for ln in text.split("\n")])
    if "¬" in text:
        text = _SOFT_HYPHEN.sub("", text)
    text = join_broken_paragraphs(text, UN_PAGE_MARKER)
    if unwrap:
        text = unwrap_lines(text)
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip("\n ")
