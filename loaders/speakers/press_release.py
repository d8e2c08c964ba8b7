"""Press releases (meetings coverage, third person): a paragraph whose first sentence
attributes speech with a reporting verb opens a statement.

"China's representative said", "Brazil's delegate stressed", "The representative of X, noting
..., called for", "[Opening the debate,] Secretary-General António Guterres said",
"[Briefing the Council,] NAME, TITLE, said" (the title decides: a UN title its body,
"Minister ... of X" X, "Executive Director of the Challenges Forum ..." that organisation),
"Speaking in her national capacity, Ms. NAME said" (a person the document introduced:
"chaired by NAME, Minister ... of Y"), "the Council President, speaking in his national
capacity", "For X, ... Its representative said", "Speaking for the European Union, ... the
bloc's representative", "The United States delegate said", "the delegate from Brazil", "the
observer for the Holy See", "Kenya said" (a state as the subject). In a press release a later
sentence of a paragraph whose subject attributes speech to another speaker ("... . Argentina's
delegate said") opens that speaker's statement. Joint statements add the states and
reference organisations of "Speaking for the Nordic countries — A, B and C —" before the
attribution or "speaking also on behalf of A and B" after it (informal groups, "the African
Group", are no speakers).
Paragraphs that go on in the third person ("He added...") or, in a press release, go on
reporting without a new attribution continue it; headings ("Statements"), narration ("The
meeting began at ...", "The Council observed ...") close it; "Also speaking were the
representatives of A, B and C" gives a ``kind="participation"`` statement per state, spanning
its name.
"""

from __future__ import annotations

import re

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.lexicon import DELEGATE_WORDS, REPORTING_VERBS, SPEECH_VERBS, words
from peacekg.loaders.model import Document, EntityRef, Person
from peacekg.loaders.speakers.common import (
    _PNAME,
    _RANK,
    _RANKED_NAME,
    _TITLE_WORD,
    _UN_TITLE,
    Actors,
    Component,
    Pattern,
    _strip_rank,
    add_statement,
)
from peacekg.loaders.speakers.people import _People
from peacekg.loaders.text import paragraphs, split_sentences

NAME = "press-release"
#: The kinds of document read as meetings coverage.
KINDS = ("press-release", "document", "record")
#: The first sentence of a paragraph is looked for in its first characters.
FIRST_SENTENCE = 700
#: A reporting verb must follow an attribution within this many characters.
REPORTED_WITHIN = 300
#: "speaking also on behalf of A and B" joins the attribution it follows within this gap.
JOINT_GAP = 80
#: A heading paragraph ("Statements") is one short line.
MAX_HEADING = 120
#: A statement's heading is its first sentence, cut to this length.
HEADING_CUT = 200
# a speaker named inside a later sentence as one of those it reports on ("He noted that
# several speakers, including the representative of the United Kingdom, had called for")
_NOT_SUBJECT = re.compile(r"\b(?:including|such\s+as|among\s+them|like|that)\s*(?:\S\s*)?$")
#: Continuation and narration are told by a paragraph's first characters.
PARAGRAPH_HEAD = 300
#: A later sentence of a paragraph opens a new statement when its attribution starts within
#: this many characters of it ("Also stressing training, Argentina's delegate said"): the
#: attribution is the sentence's subject, not a speaker the sentence reports on.
SUBJECT_WITHIN = 80

_VERBS = "|".join(REPORTING_VERBS)
_DELEGATE = "|".join(DELEGATE_WORDS)
_ROLE_WORDS = (
    _DELEGATE + r"|[Oo]bserver|Ambassador|Permanent\s+Representative|Deputy\s+Permanent"
    r"\s+Representative|Minister(?:\s+(?:for|of)\s+[A-Z][\w ]+?)?|Foreign\s+Minister|President"
    r"|Prime\s+Minister|Vice-President|Head\s+of\s+State"
    # an event page's panellists: "the Senior Adviser from the African Union Commission"
    r"|(?:Senior\s+|Special\s+|Research\s+|Executive\s+)?(?:Adviser|Advisor|Fellow"
    r"|Director|Commissioner|Researcher)"
)
# a state's or an organisation's name ("Bosnia and Herzegovina", "the Union of the Comoros",
# "Côte d'Ivoire"): its first word, then a group of the next words that the patterns repeat
# {0,6} times
_ACTOR_NAME = (
    r"[A-Z][\w'’\-]*(?:\s+(?:and\s+the\s+|and\s+|of\s+the\s+|of\s+|the\s+)?"
    r"(?:d['’])?[A-Z][\w'’\-]*)"
)
_ATTR_POSSESSIVE = re.compile(
    rf"(?:^|[.;]\s+|,\s+)(?:the\s+)?(?P<who>{_ACTOR_NAME}{{0,6}})['’]s\s+(?:{_ROLE_WORDS})\b"
)
_ATTR_OF = re.compile(
    rf"(?:^|[.;,]\s+|\s)(?:The|the)\s+(?:{_ROLE_WORDS})\s+(?:of|for|from)\s+"
    rf"(?P<who>(?:the\s+)?{_ACTOR_NAME}{{0,6}}?)"
    rf"(?=\s*(?:,|\(|\s(?:{_VERBS})\b|\s+also\b|\s+who\b|\s+in\s+his\b|\s+in\s+her\b))"
)
# "The United States delegate said", "the Chinese representative": a state named before the
# delegate word (a state only: "the Council President" is no speaker of the Council)
_ATTR_ATTRIBUTIVE = re.compile(
    rf"(?:^|[.;]\s+|,\s+)(?:The|the)\s+(?P<who>{_ACTOR_NAME}{{0,6}}?)\s+(?:{_ROLE_WORDS})\b"
)
# "Kenya said ...", "Ghana, speaking also on behalf of Gabon and Kenya, said": a state as the
# subject of a reporting verb, or of "speaking for" a group (a state only: "The Council said"
# is narration)
_ATTR_STATE_SUBJECT = re.compile(
    rf"(?:^|[.;]\s+)(?P<who>(?:the\s+)?{_ACTOR_NAME}{{0,6}}?)"
    rf"(?=,\s+speaking\s+(?:also\s+)?(?:on\s+behalf\s+of|for)\b|\s+(?:also\s+)?{words(SPEECH_VERBS)}\b)"
)
_JOINT = re.compile(
    r"(?:also\s+speaking\s+(?:for|on\s+behalf\s+of)|speaking\s+(?:also\s+)?(?:on\s+behalf\s+of|for)"
    r"|(?:also\s+)?on\s+behalf\s+of)\s+(?P<list>[^.;]+?)"
    rf"(?=,\s*{words(SPEECH_VERBS)}\b|[.;]|$)"
)
# "NAME, TITLE, said": a briefer introduced by name and title (anywhere a clause starts)
_ATTR_APPOSITIVE = re.compile(
    rf"(?:^|,\s+|[—–]\s*)(?P<name>{_RANKED_NAME}),\s+(?P<title>[^,;]{{3,200}}?),"
    rf"\s+(?:who\s+\w+\s+[^,]{{0,80}},\s+)?(?:{_VERBS})\b"
)
# "Secretary-General António Guterres said", "Deputy Secretary-General Amina Mohammed said"
_ATTR_TITLED = re.compile(
    rf"(?:^|,\s+)(?P<title>(?:Deputy\s+|Assistant\s+|Under-)?Secretary-General(?:\s+for\s+"
    rf"[A-Z][\w ]+?)?|(?:Foreign\s+|Prime\s+)?Minister(?:\s+(?:for|of)\s+[A-Z][\w ]+?)?"
    rf"|President|Ambassador)\s+(?P<name>{_PNAME}),?\s+(?:{_VERBS})\b"
)
# "Ms. Macamo said", "Speaking in her national capacity, Ms. Macamo said": a person of the
# document (introduced earlier with a title) or a known UN official
_ATTR_NAMED = re.compile(
    rf"(?:^|,\s+)(?:{_RANK}\s+)*(?P<name>{_PNAME}),?\s+(?:also\s+|then\s+)?(?:{_VERBS})\b"
)
# the Council President: "the President of the Council, speaking in her national capacity"
_ATTR_PRESIDENT = re.compile(
    r"(?:^|,\s+)(?:the\s+|The\s+)?(?:Council\s+)?President(?:\s+of\s+the\s+(?:Security\s+)?"
    r"Council)?(?=,?\s+speaking\s+in\s+(?:his|her|their)\s+(?:national\s+)?capacity)"
    r"|(?:^|,\s+)Speaking\s+in\s+(?:his|her|their)\s+national\s+capacity,\s+the\s+(?:Council\s+)?"
    r"President\b"
)
# "the bloc's representative", "its delegate": the group named by "Speaking for X"
_ATTR_GROUP_SELF = re.compile(
    r"(?:^|,\s+|[—–]\s*)(?:(?:the|The|that|That)\s+(?:bloc|group|organization|organisation"
    r"|Union|Movement|Group|Community)['’]s|[Ii]ts|[Tt]heir)\s+"
    rf"(?:{_DELEGATE}|observer)\b"
)
# "Speaking for the Nordic countries — Denmark, ... —", "On behalf of the African Group,"
_GROUP_INTRO = re.compile(
    r"^(?:Also\s+)?(?:Speaking\s+(?:also\s+)?(?:for|on\s+behalf\s+of)|On\s+behalf\s+of)\s+"
)
# "For the United States, ... Its representative said": the state fronted, then "its"
_FRONTED = re.compile(r"^For\s+(?P<who>(?:the\s+)?[A-Z][^,]{1,60}?),\s+")
_ITS_SPEAKER = re.compile(
    rf"(?:^|[.;]\s+|,\s+)(?:[Ii]ts|[Tt]heir|[Tt]hat\s+(?:country|State|delegation)['’]s)"
    rf"\s+(?:{_DELEGATE})\s+(?:also\s+)?(?:{_VERBS})\b"
)
# "Also speaking were the representatives of A, B and C[, as well as the European Union]."
_ALSO_SPEAKING = re.compile(
    r"^(?:Also\s+speaking\s+(?:were|was)|Speaking\s+also\s+(?:were|was)|Statements\s+were"
    r"\s+also\s+(?:made|delivered)\s+by|The\s+representatives?\s+of\s+[^.]{2,400}?\s+also"
    r"\s+(?:spoke|took\s+the\s+floor|made\s+statements?))\b"
)
# narration of the meeting, which belongs to no speaker
_NARRATION = re.compile(
    r"^(?:The\s+meeting|The\s+(?:Security\s+)?Council|Council\s+members|Members\s+of\s+the"
    r"\s+Council|The\s+(?:General\s+)?Assembly|The\s+(?:Special\s+|Fourth\s+)?Committee"
    r"|Before\s+the|After\s+the|At\s+the\s+(?:outset|start|end|close|opening)|Following\s+the"
    r"|In\s+the\s+(?:afternoon|morning|evening)|For\s+information\s+media|Delegates\s+(?:then|also)"
    r"|Speakers\s+(?:also|then|throughout)|Action\s+on|Draft\s+resolution|Background)\b"
    r"|\bmeeting\s+(?:began|ended|was\s+(?:suspended|adjourned|called|opened))\b"
    r"|\b(?:unanimously\s+)?adopted\s+(?:resolution|the\s+draft|by\s+a\s+(?:recorded\s+)?vote)"
)
_CONTINUE = re.compile(
    rf"^(?:He|She|They|The\s+speaker|The\s+representative|The\s+delegate|Also|In\s+addition"
    rf"|Further|Furthermore|Moreover|Turning|Continuing|Concluding|In\s+closing|Finally"
    rf"|However|Nevertheless|Meanwhile|Similarly|Likewise)\b"
    rf"|\b(?:he|she|they|the\s+speaker)\s+(?:also\s+|further\s+|then\s+)?(?:{_VERBS})\b"
)


def _first_sentence_end(par: str) -> int:
    spans = split_sentences(par, 0, min(len(par), FIRST_SENTENCE))
    return spans[0][1] if spans else len(par)


def _attribution(
    par: str, people: _People, within: int | None = None
) -> tuple[list[EntityRef], Person | None] | None:
    """Speakers attributed by the first sentence of a press-release paragraph, if any.

    The earliest attribution of the first sentence wins, provided a reporting verb follows
    it in that sentence: "NAME, TITLE, said", "Secretary-General NAME said", "Ms. NAME said"
    (a person the document introduced, or a known UN official), "the Council President,
    speaking in her national capacity", "X's representative|delegate", "the representative
    of X", "the bloc's representative" after "Speaking for X", "For X, ... Its
    representative said". Joint statements add the states and organisations of "Speaking for
    A, B and C" before it, or of "speaking also on behalf of A, B and C" after it. With
    ``within``, only an attribution that starts within that many characters counts.
    """
    actors = people.actors
    first_end = _first_sentence_end(par)
    first = par[:first_end]
    verb = re.compile(rf"\b(?:{_VERBS})\b")
    hits: list[tuple[int, int, list[EntityRef], Person | None]] = []

    def reported(end: int) -> bool:
        return bool(verb.search(first, end, min(len(first), end + REPORTED_WITHIN)))

    for am in _ATTR_APPOSITIVE.finditer(first):
        name, title = am.group("name"), am.group("title")
        if not _TITLE_WORD.search(title) and not _UN_TITLE.search(title):
            continue
        if not actors.plausible_name(name):
            continue
        ref = actors.title_actor(title)
        if ref is not None:
            full = _strip_rank(name)
            known = people.get(full)
            full = known[0] if known and known[2] == ref else full
            briefer = Person(name=full, role=normalize_name(title), affiliation=ref)
            hits.append((am.start("name"), am.end("title"), [ref], briefer))
            break
    for am in _ATTR_TITLED.finditer(first):
        name, title = am.group("name"), am.group("title")
        known = people.get(name)
        ref = known[2] if known else actors.title_actor(title)
        if ref is not None and actors.plausible_name(name):
            full = known[0] if known else _strip_rank(name)
            hits.append((am.start("title"), am.end("name"), [ref], Person(full, title, ref)))
            break
    for am in _ATTR_NAMED.finditer(first):
        known = people.get(am.group("name"))
        if known is not None:
            introduced = Person(name=known[0], role=known[1], affiliation=known[2])
            hits.append((am.start("name"), am.end("name"), [known[2]], introduced))
            break
    pm = _ATTR_PRESIDENT.search(first)
    if pm and people.president is not None and reported(pm.end()):
        hits.append((pm.start(), pm.end(), [people.president], None))
    for rx, types in (
        (_ATTR_POSSESSIVE, ("State", "Organization")),
        (_ATTR_OF, ("State", "Organization")),
        (_ATTR_ATTRIBUTIVE, ("State",)),
        (_ATTR_STATE_SUBJECT, ("State",)),
    ):
        for am in rx.finditer(first):
            ref = actors.resolve(am.group("who"))
            if ref is not None and ref.type in types and reported(am.end()):
                hits.append((am.start(), am.end(), [ref], None))
                break
    intro = _GROUP_INTRO.match(first)
    gm = _ATTR_GROUP_SELF.search(first) if intro else None
    if intro and gm and reported(gm.end()):
        group = actors.group_members(first[intro.end() : gm.start()])
        if group:
            hits.append((gm.start(), gm.end(), group, None))
    fm = _FRONTED.match(par)
    if fm:
        im = _ITS_SPEAKER.search(par, fm.end(), min(len(par), FIRST_SENTENCE))
        ref = actors.resolve(fm.group("who")) if im else None
        if im and ref is not None and ref.type in ("State", "Organization"):
            hits.append((0, im.end(), [ref], None))
    if not hits:
        return None
    start, end, speakers, person = min(hits, key=lambda h: h[0])
    if within is not None and (start > within or _NOT_SUBJECT.search(first, 0, start + 1)):
        return None
    speakers = list(speakers)
    if intro and intro.end() <= start:
        for ref in actors.group_members(first[intro.end() : start]):
            if ref not in speakers:
                speakers.append(ref)
    jm = _JOINT.search(first, start)
    if jm and jm.start() - end < JOINT_GAP:
        for ref in actors.group_members(jm.group("list")):
            if ref not in speakers:
                speakers.append(ref)
    return speakers, person


def _units(
    text: str, a: int, b: int, people: _People, press: bool
) -> list[tuple[int, int, tuple[list[EntityRef], Person | None] | None]]:
    """A paragraph with its attribution; in a press release, cut where a later sentence
    attributes speech to another speaker ("The representative of Kenya said ... . Rwanda's
    delegate called for ..."), each piece with its own: a paragraph that reports several
    speakers gives each its own statement, so that no speaker takes the next one's stances.
    (In a record or a document, such a sentence may be a speaker quoting another.)"""
    units = [(a, b, _attribution(text[a:b], people))]
    if not press:
        return units
    for s, _ in split_sentences(text, a, b)[1:]:
        at = _attribution(text[s:b], people, within=SUBJECT_WITHIN)
        current = units[-1][2]
        if at is None or (current is not None and set(at[0]) == set(current[0])):
            continue
        units[-1] = (units[-1][0], s, current)
        units.append((s, b, at))
    return units


def _is_heading(par: str) -> bool:
    line = par.strip()
    return "\n" not in line and len(line) <= MAX_HEADING and not re.search(r"[.!?:;\"”’)]$", line)


def _participants(actors: Actors, doc: Document, a: int, b: int) -> None:
    """ "Also speaking were the representatives of A, B and C": one participation statement
    per state or organisation, spanning its name."""
    seen: set[EntityRef] = set()
    for x in actors.mentions_in(doc, a, b):
        if x.entity.type in ("State", "Organization") and x.entity not in seen:
            seen.add(x.entity)
            add_statement(doc, x.start, x.end, [x.entity], None, None, kind="participation")


def attribute(doc: Document, actors: Actors) -> bool:
    """Meetings coverage: an attributing paragraph opens a statement; paragraphs that go on
    in the third person ("He added ..."), or (in a press release) go on reporting without a
    new attribution, continue it; headings ("Statements"), narration of the meeting ("The
    meeting began at ...", "The Council adopted ...") and "Also speaking were ..." close
    it. Only press releases, records and documents of no known kind are read this way."""
    if doc.kind not in KINDS:
        return False
    text = doc.text
    pars = paragraphs(text)
    people = _People(actors, text)
    press = doc.kind == "press-release"
    found = [unit for a, b in pars for unit in _units(text, a, b, people, press)]
    if sum(1 for *_, at in found if at) < (1 if press else 2):
        return False
    current: list | None = None

    def close() -> None:
        nonlocal current
        if current:
            add_statement(doc, current[0], current[1], current[2], current[3], current[4])
        current = None

    for a, b, at in found:
        par = text[a:b]
        if at is not None:
            close()
            first_sentence = split_sentences(text, a, b)[:1]
            heading = text[slice(*first_sentence[0])] if first_sentence else None
            current = [a, b, at[0], at[1], (heading or "")[:HEADING_CUT]]
        elif _ALSO_SPEAKING.match(par):
            close()
            _participants(actors, doc, a, b)
        elif current is None:
            continue
        elif _CONTINUE.search(par[:PARAGRAPH_HEAD]) or (
            press and not _is_heading(par) and not _NARRATION.search(par[:PARAGRAPH_HEAD])
        ):
            current[1] = b
        else:
            close()
    close()
    return bool(doc.statements)


PATTERNS = (
    Pattern(
        "possessive",
        _ATTR_POSSESSIVE,
        examples=("China's representative said", "the United Kingdom's delegate stressed"),
        counterexamples=("the representative said",),
    ),
    Pattern(
        "representative-of",
        _ATTR_OF,
        examples=("The representative of Brazil said", "the delegate of Japan, noting that"),
        counterexamples=("The representative said",),
    ),
    Pattern(
        "attributive",
        _ATTR_ATTRIBUTIVE,
        examples=("The United States delegate said", "the Chinese representative stressed"),
        counterexamples=("The delegate said", "the representative of China"),
    ),
    Pattern(
        "state-subject",
        _ATTR_STATE_SUBJECT,
        examples=("Kenya said", "Ghana, speaking also on behalf of Gabon and Kenya, said"),
        counterexamples=("In Kenya, the mission said", "The peacekeepers of Kenya serve"),
    ),
    Pattern(
        "joint",
        _JOINT,
        examples=("speaking also on behalf of Denmark and Finland, said",),
        counterexamples=("speaking in her national capacity",),
    ),
    Pattern(
        "appositive",
        _ATTR_APPOSITIVE,
        examples=(
            "Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations, said",
            "Briefing the Council, Maria della Rosa, Force Commander, stressed",
        ),
        counterexamples=("Jean-Pierre Lacroix said",),
    ),
    Pattern(
        "titled",
        _ATTR_TITLED,
        examples=("Secretary-General António Guterres said", "President Jan ter Horst said"),
        counterexamples=("The Secretary-General said",),
    ),
    Pattern(
        "named",
        _ATTR_NAMED,
        examples=("Ms. Macamo said", "Speaking in her national capacity, Ms. Macamo said"),
        counterexamples=("the delegation said",),
    ),
    Pattern(
        "council-president",
        _ATTR_PRESIDENT,
        examples=(
            "The Council President, speaking in her national capacity",
            "Speaking in his national capacity, the Council President",
        ),
        counterexamples=("The Council President opened the meeting",),
    ),
    Pattern(
        "group-self",
        _ATTR_GROUP_SELF,
        examples=("the bloc's representative", "its delegate"),
        counterexamples=("the representative of the bloc",),
    ),
    Pattern(
        "group-intro",
        _GROUP_INTRO,
        examples=("Speaking for the Nordic countries — ", "On behalf of the African Group, "),
        counterexamples=("He spoke on behalf of the Group",),
    ),
    Pattern(
        "fronted",
        _FRONTED,
        examples=("For the United States, the mandate matters.",),
        counterexamples=("For this reason the Council acted.",),
    ),
    Pattern(
        "its-speaker",
        _ITS_SPEAKER,
        examples=("Its representative said", "That country's delegate stressed"),
        counterexamples=("Its mandate was renewed",),
    ),
    Pattern(
        "also-speaking",
        _ALSO_SPEAKING,
        examples=("Also speaking were the representatives of Chad, Mali and Niger.",),
        counterexamples=("The representatives spoke about Chad.",),
    ),
    Pattern(
        "narration",
        _NARRATION,
        examples=("The meeting began at 10 a.m.", "The Council unanimously adopted it"),
        counterexamples=("She said the meeting mattered.",),
    ),
    Pattern(
        "continue",
        _CONTINUE,
        examples=("He added that ...", "Turning to the mandate, ...", "she also stressed"),
        counterexamples=("The Council adopted ...",),
    ),
)

COMPONENT = Component(NAME, attribute, PATTERNS)
