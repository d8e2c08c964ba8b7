"""Plain text and Markdown: encoding detection and markup clean-up.

Decoding: a byte-order mark wins; then strict UTF-8 (the fast path: no detection library
is touched); then, for bytes that are mostly UTF-8 with a few bad bytes, UTF-8 with the bad
bytes replaced; otherwise charset-normalizer picks a legacy encoding. Every replacement or
guess is reported as a warning naming the file.

Markdown markup that would pollute sentences is removed (emphasis markers, heading hashes,
link targets, ...) while the text itself, headings included, stays on its own lines. Plain
``.txt`` files that carry Markdown emphasis and headings (common in converted UN documents)
get the same treatment for emphasis and headings.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from peacekg.loaders.formats import MEDIA_TYPES, Converted, finish_text
from peacekg.loaders.model import LoadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A valid multi-byte UTF-8 sequence (2-4 bytes).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_BINARY_CTRL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode the bytes of a text file; return the text and warnings.

    UTF-16 without a byte-order mark is recognised by its NUL bytes; a few stray NUL bytes
    (at most 1 %) are removed with a warning. Raises :class:`LoadError` for bytes that are
    not text (more NUL bytes, or mostly control characters).
    """
    name = path.name
    warnings: list[str] = []
    for bom, bom_enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(bom_enc), warnings
            except UnicodeDecodeError as exc:
                text = body.decode(bom_enc, errors="replace")
                warnings.append(f"{name}: undecodable bytes replaced ({bom_enc}: {exc.reason})")
                return _check_textual(text, path), warnings
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is not None:
            text = data.decode(wide, errors="replace")
            warnings.append(f"{name}: no byte-order mark; decoded as {wide.upper()}")
            return _check_textual(text, path), warnings
        nuls = data.count(b"\x00")
        if nuls * 100 > len(data):
            raise LoadError(path, "binary file (NUL bytes), not text")
        data = data.replace(b"\x00", b"")
        warnings.append(f"{name}: {nuls} NUL byte(s) removed")
    try:
        return _check_textual(data.decode("utf-8"), path), warnings
    except UnicodeDecodeError as exc:
        first_error = exc
    bad = _count_invalid_utf8(data)
    good = len(_UTF8_MULTI.findall(data, 0, 1 << 20))
    if good and bad <= max(8, good // 4):
        text = data.decode("utf-8", errors="replace")
        warnings.append(
            f"{name}: {bad} undecodable byte(s) replaced (invalid UTF-8 at byte "
            f"{first_error.start})"
        )
        return _check_textual(text, path), warnings
    text, enc = _guess_legacy(data)
    if enc is None:
        warnings.append(f"{name}: encoding unknown; undecodable bytes replaced")
    else:
        warnings.append(f"{name}: not UTF-8; decoded as {enc}")
    return _check_textual(text, path), warnings


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the bytes look like UTF-16 text without a
    byte-order mark (a NUL beside nearly every Latin character), else ``None``."""
    head = data[:4096]
    half = len(head) // 2
    if half < 4:
        return None
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    if odd >= 0.9 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.9 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _count_invalid_utf8(data: bytes) -> int:
    """Number of replacement characters a lenient UTF-8 decode produces."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())


def _guess_legacy(data: bytes) -> tuple[str, str | None]:
    """Decode non-UTF-8 bytes with the encoding charset-normalizer finds (or cp1252)."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data[: 1 << 20])
    best = matches.best()
    if best is not None:
        # Western European code pages first among equally plausible guesses (UN documents
        # are mostly English, French and Spanish): cp775 and cp1252 often tie on French.
        for match in matches:
            if match.chaos <= best.chaos + 0.05:
                for enc in _WESTERN:
                    if enc in match.could_be_from_charset:
                        try:
                            return data.decode(enc), enc
                        except UnicodeDecodeError:
                            continue
        if best.encoding and best.encoding.replace("_", "-") not in ("utf-8", "ascii"):
            try:
                return data.decode(best.encoding), best.encoding
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), None


def _check_textual(text: str, path: Path) -> str:
    """Reject decoded text that is mostly control characters (binary data)."""
    sample = text[:4096]
    if sample and len(_BINARY_CTRL.findall(sample)) > max(2, len(sample) // 20):
        raise LoadError(path, "binary content, not text")
    return text


# --- Markdown ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^(.+)\n[ \t]*(?:=+|-{2,})[ \t]*$", re.MULTILINE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)((?:(?!\n[ \t]*\n).)+?)(?<=\S)\1", re.DOTALL)
_STRAY_STRONG = re.compile(r"\*\*")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^)\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_LINK_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~).*$", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)", re.MULTILINE)
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$", re.M
)
_TABLE_PIPES = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML-like front matter (``key: value`` lines between ``---``) from the text."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        lm = _FRONT_LINE.match(line)
        if lm and lm.group(2):
            meta[lm.group(1).lower()] = lm.group(2).strip("\"'")
    if not meta:
        return {}, text
    return meta, text[m.end() :]


def clean_markdown(text: str, *, full: bool = True) -> str:
    """Strip Markdown markup, keeping the words and the line structure.

    ``full=False`` (plain text that happens to contain Markdown) only removes heading hashes,
    strong emphasis, links and horizontal rules; ``full=True`` also removes single-character
    emphasis, code marks, block quotes, bullets, tables' pipes, HTML tags and escapes.
    """
    if "#" in text:
        text = _HEADING.sub(r"\1", text)
    if "](" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
        text = _STRONG.sub(r"\2", text)  # nested ***x*** / **__x__**
        text = _STRAY_STRONG.sub("", text)
    text = _RULE.sub("", text)
    if not full:
        return text
    text = _HTML_COMMENT.sub("", text)
    text = _FENCE.sub("", text)
    text = _SETEXT.sub(r"\1", text)
    text = _LINK_DEF.sub("", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("", text)
    if "|" in text:
        text = _TABLE_SEP.sub("", text)
        text = _TABLE_PIPES.sub(lambda m: "  ".join(c.strip() for c in m.group(1).split("|")), text)
    text = _HTML_TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return text


_MD_HINT = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]|\*\*|__\S|\]\(|^[ \t]*(?:\*\*\*|---|___)[ \t]*$", re.M
)


def convert(data: bytes, path: Path, *, markdown: bool = False) -> Converted:
    """Decode a ``.txt`` or ``.md`` file and clean its markup."""
    text, warnings = decode(data, path)
    explicit: dict[str, str] = {}
    if markdown:
        explicit, text = parse_front_matter(text.replace("\r\n", "\n"))
        text = clean_markdown(text, full=True)
    elif (
        "**" in text
        or "#" in text
        or "](" in text
        or "__" in text
        or "---" in text
        or "***" in text
    ) and _MD_HINT.search(text):
        text = clean_markdown(text, full=False)
    text = finish_text(text)
    if not text:
        raise LoadError(path, "no text (empty or whitespace only)")
    media = MEDIA_TYPES["markdown" if markdown else "text"]
    return Converted(text=text, media_type=media, explicit=explicit, warnings=warnings)
