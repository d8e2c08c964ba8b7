"""The people a document introduces with a title, for the components that meet them again
by name ("Ms. Macamo said", "Mr. Holmberg:"), and the state holding the Council presidency."""

from __future__ import annotations

import re

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.model import EntityRef
from peacekg.loaders.speakers.common import (
    _RANKED_NAME,
    _TITLE_WORD,
    Actors,
    _strip_rank,
)

#: People are introduced in the first characters of a document.
INTRODUCTIONS = 200_000
#: How far before "which holds the presidency" the presiding state is named.
PRESIDENCY_LOOKBACK = 150
#: How far before a name "chaired by" may stand.
CHAIRED_BY_LOOKBACK = 30

_PERSON_INTRO = re.compile(
    rf"(?<![\w'’.\-])(?P<name>{_RANKED_NAME}),\s+"
    rf"(?P<title>[^,;\n]{{3,200}}?)(?=,|\.(?:\s|$)|;|\s+(?:which|who)\b)"
)
_PRESIDENCY = re.compile(
    r"\bwhich\s+holds\s+the\s+(?:(?:Security\s+)?Council['’]s\s+)?(?:rotating\s+)?"
    r"(?:(?:Security\s+)?Council\s+)?presidency"
)
_CHAIRED_BY = re.compile(r"\b(?:chaired|presided\s+over|presided)\s+by\s+", re.IGNORECASE)


class _People:
    """People the document introduces with a title ("The meeting was chaired by Verónica
    Macamo, Minister for Foreign Affairs and Cooperation of Mozambique"), by full name and
    surname, and the state holding the Council presidency."""

    def __init__(self, actors: Actors, text: str) -> None:
        self.actors = actors
        self.by_name: dict[str, tuple[str, str, EntityRef]] = {}
        self.president: EntityRef | None = None
        head = text[:INTRODUCTIONS]
        pos = 0
        while True:
            pm = _PERSON_INTRO.search(head, pos)
            if pm is None:
                break
            title = pm.group("title")
            line_end = head.find("\n", pm.end())
            line = head[head.rfind("\n", 0, pm.start()) + 1 : line_end if line_end >= 0 else None]
            if (
                not _TITLE_WORD.search(title)
                or not actors.plausible_name(pm.group("name"))
                # a headline ("... Conflicts, Secretary-General Tells Security Council")
                or not re.search(r"[.!?:;\"”’)]\s*$", line)
            ):
                # the "name" may be the end of a clause ("Briefing the Council, Jean-Pierre
                # Lacroix, Under-Secretary-General ..."): look again from its next word
                nxt = re.search(r"\s", head[pm.start() : pm.end()])
                pos = pm.start() + (nxt.end() if nxt else len(pm.group("name")) + 1)
                continue
            pos = pm.end()
            ref = actors.title_actor(title)
            if ref is None:
                continue
            full = _strip_rank(pm.group("name"))
            entry = (full, normalize_name(title), ref)
            self.by_name.setdefault(full, entry)
            self.by_name.setdefault(full.split()[-1], entry)
            if ref.type == "State" and _CHAIRED_BY.search(
                head, max(0, pm.start() - CHAIRED_BY_LOOKBACK), pm.start("name")
            ):
                self.president = self.president or ref
        for pm in _PRESIDENCY.finditer(head):
            states = [
                x.entity
                for x in actors.mentions(
                    head[max(0, pm.start() - PRESIDENCY_LOOKBACK) : pm.start()]
                )
                if x.entity.type == "State"
            ]
            if states and self.president is None:
                self.president = states[-1]

    def get(self, name: str) -> tuple[str, str | None, EntityRef] | None:
        name = _strip_rank(name)
        if name in self.by_name:
            return self.by_name[name]
        last = name.split()[-1] if name else ""
        if last in self.by_name and (name == last or self.by_name[last][0].endswith(name)):
            return self.by_name[last]
        official = self.actors.matcher.officials.get(last)
        if official and (name == last or official[0].endswith(name) or name == official[0]):
            ref = self.actors.matcher.orgs.get(official[1])
            if ref is not None:
                return official[0], None, ref
        return None
