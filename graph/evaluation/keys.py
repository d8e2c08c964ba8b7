"""Canonical keys that gold annotations and predictions are compared on: folded names,
people without titles, entity aliases from the reference data (:class:`Aliases`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The kinds scored, in report order (``entity`` also gets one row per entity type).
KINDS = ("entity", "speaker", "backs", "contributes")
#: Entity types that gold annotations use.
ENTITY_TYPES = ("State", "Organization", "Person", "Mission", "Resolution", "Initiative",
                "DocumentSymbol")  # fmt: skip
BACKS_TARGETS = ("priority", "initiative", "resolution")


# --- name normalisation ------------------------------------------------------------------


def fold_text(text: str) -> str:
    """Lower-case ASCII, punctuation as spaces, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'s ", " ").replace("’s ", " ")
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", ascii_text.lower()).split())


_TITLES = re.compile(
    r"^(?:h\s*e|mr|mrs|ms|dr|prof|sir|dame|ambassador|amb|president|minister|general|"
    r"under secretary general|secretary general|usg|asg)\s+"
)


def person_key(name: str) -> str:
    """A person's name without titles, accents, case or punctuation."""
    key = fold_text(name)
    while True:
        new = _TITLES.sub("", key)
        if new == key:
            return key
        key = new


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class Aliases:
    """Alias tables: folded alias -> canonical name, for organisations and initiatives."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, type_: str, canonical: str, aliases: Iterable[str]) -> None:
        """Register ``canonical`` and its aliases (the first registration of an alias wins)."""
        table = self.names.setdefault(type_, {})
        table.setdefault(fold_text(canonical), canonical)
        for alias in aliases:
            if alias:
                table.setdefault(fold_text(alias), canonical)
        self.slugs.setdefault(type_, {}).setdefault(_slug(canonical), canonical)

    def known(self, type_: str, *names: str) -> str | None:
        """The canonical name of the first of ``names`` that is a known alias, or ``None``."""
        table = self.names.get(type_, {})
        for name in names:
            if name and fold_text(name) in table:
                return table[fold_text(name)]
        for name in names:
            if name and fold_text(name).removeprefix("the ") in table:
                return table[fold_text(name).removeprefix("the ")]
        return None

    def canonical(self, type_: str, *names: str) -> str:
        """The canonical name of the first of ``names`` that is a known alias, else the first
        name without titles, accents, case or punctuation."""
        found = self.known(type_, *names)
        if found is not None:
            return found
        first = next((n for n in names if n), "")
        return person_key(first)

    def from_slug(self, type_: str, slug: str) -> str | None:
        """The canonical name whose slug is ``slug`` (IRIs are slugs of canonical names)."""
        return self.slugs.get(type_, {}).get(slug)

    @classmethod
    def load(cls, gold_dir: Path | None = None, *, reference: bool = True) -> Aliases:
        """Aliases from ``registry.json`` (next to or above ``gold_dir``) and the reference."""
        out = cls()
        if gold_dir is not None:
            for cand in (gold_dir / "registry.json", gold_dir.parent / "registry.json"):
                if cand.is_file():
                    data = json.loads(cand.read_text(encoding="utf-8"))
                    for type_ in ("Organization", "Initiative"):
                        for name, aliases in (data.get(type_) or {}).items():
                            out.add(type_, name, aliases)
                    break
        if reference:
            try:
                from peacekg.ontology.reference import load_reference

                ref = load_reference()
                for ent in ref.all():
                    if ent.type in ("Organization", "Initiative"):
                        out.add(ent.type, ent.key, [ent.label, *(ent.aliases or ()),
                                                    ent.acronym or ""])  # fmt: skip
            except Exception:  # pragma: no cover - reference data is optional for scoring
                pass
        return out


# --- canonical keys --------------------------------------------------------------------


def resolution_key(value: str) -> str:
    m = re.search(r"(\d+)", value)
    return str(int(m.group(1))) if m else fold_text(value)


def symbol_key(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def entity_key(type_: str, value: str, aliases: Aliases) -> str:
    """The canonical key of an entity id (gold ``id`` or a predicted key/label)."""
    if type_ == "State":
        return value.strip().upper()
    if type_ == "Mission":
        return re.sub(r"[^A-Za-z0-9]+", "", value).upper()
    if type_ == "Resolution":
        return resolution_key(value)
    if type_ == "DocumentSymbol":
        return symbol_key(value)
    if type_ == "Person":
        return person_key(value)
    if type_ in ("Organization", "Initiative"):
        return aliases.canonical(type_, value)
    return fold_text(value)


def actor_key(value: str, aliases: Aliases) -> str:
    """Canonical key of a gold actor: ISO3 for a state, else an organisation (or person)."""
    v = value.strip()
    if re.fullmatch(r"[A-Z]{3}", v):
        return v
    return aliases.known("Organization", v) or person_key(v)


def target_key(value: str, aliases: Aliases) -> str:
    """Canonical key of a gold target ``priority:wps``, ``initiative:<name>``, ..."""
    kind, _, rest = value.partition(":")
    kind = kind.strip().lower()
    if kind == "priority":
        return f"priority:{rest.strip().lower()}"
    if kind == "initiative":
        return f"initiative:{aliases.canonical('Initiative', rest)}"
    if kind == "resolution":
        return f"resolution:{resolution_key(rest)}"
    if kind == "mission":
        return f"mission:{entity_key('Mission', rest, aliases)}"
    return f"{kind}:{fold_text(rest)}"
