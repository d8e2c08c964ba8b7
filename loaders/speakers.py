"""Speaker attribution: split a document into statements and say whose each one is.

:func:`attribute_speakers` fills ``doc.statements``, ``doc.participants`` and ``doc.hosts``.
The conventions are those of the gold annotations (``shared/eval/README.md``, "speaker"):

* a sidecar's ``speaker`` (``doc.extra["speaker"]``) wins: one statement over the whole text;
* a General Debate speech (``doc.kind == "general-debate"``) is one statement of the state
  of ``doc.extra["speaker_code"]`` ("EU" -> the European Union; former codes such as YUG keep
  a State reference with that key);
* verbatim records ("Mr. Nebenzia (Russian Federation): ...") give one statement per turn; a
  briefer's turn without affiliation ("Mr. Lacroix:") is a known UN official's or a person
  the record introduced with a title; "The President:" speaks for his or her state only "in
  my capacity as the representative of X", for the Council when reading a statement on its
  behalf, and otherwise presides (no statement);
* statement headings ("Statement by the Permanent Representative of Belgium, Philippe
  Kridelka", usually under "Annex I", "Annex II"...) open one statement each, up to the next
  heading or annex; the text before the first heading of a letter is the covering letter,
  attributed to its sender ("from the President of the Security Council" -> Security
  Council; "from the Permanent Representative of X" -> X);
* a UN official speaks for the body he or she heads (Under-Secretary-General for Peace
  Operations -> Department of Peace Operations, "USG Khare" -> Department of Operational
  Support, the Secretary-General -> United Nations Secretariat);
* a UN mission's official ("Force Commander of MONUSCO", "Head of UNAMA") speaks for the
  department that directs the mission: Peace Operations for a peacekeeping operation,
  Political and Peacebuilding Affairs for a special political mission;
* press releases (meetings coverage): a paragraph whose first sentence attributes speech
  with a reporting verb opens a statement: "China's representative said", "Brazil's
  delegate stressed", "The representative of X, noting ..., called for", "[Opening the
  debate,] Secretary-General António Guterres said", "[Briefing the Council,] NAME, TITLE,
  said" (the title decides: a UN title its body, "Minister ... of X" X, "Executive
  Director of the Challenges Forum ..." that organisation), "Speaking in her national
  capacity, Ms. NAME said" (a person the document introduced: "chaired by NAME, Minister
  ... of Y"), "the Council President, speaking in his national capacity", "For X, ... Its
  representative said", "Speaking for the European Union, ... the bloc's representative";
  joint statements add the states and reference organisations of "Speaking for the Nordic
  countries — A, B and C —" before the attribution or "speaking also on behalf of A and B"
  after it (informal groups, "the African Group", are no speakers). Paragraphs that go on
  in the third person ("He added...") or, in a press release, go on reporting without a new
  attribution continue it; headings ("Statements"), narration ("The meeting began at ...",
  "The Council observed ...") close it; "Also speaking were the representatives of A, B
  and C" gives a ``kind="participation"`` statement per state, spanning its name;
* event pages: hosts and co-hosts go to ``doc.hosts``; people listed under "Speakers:",
  "Opening Remarks:", "Moderator:"... go to ``doc.participants`` and get one
  ``kind="participation"`` statement each, spanning the listing line, whose speaker is the
  state (or else the organisation) they represent;
* a single statement or remarks without a usable heading is attributed from the text's own
  self-references ("Indonesia remains committed", "my country, X").
"""

from __future__ import annotations

import re
from collections import Counter

from peacekg.loaders.entities import (
    KNOWN_OFFICIALS,
    get_matcher,
    normalize_name,
    resolve_actor,
)
from peacekg.loaders.model import Document, EntityRef, Mention, Person, Statement
from peacekg.loaders.text import paragraphs, split_sentences

__all__ = ["attribute_speakers", "parse_heading"]

_HEADING = re.compile(
    r"(?im)^[ \t#*_]*(?P<line>(?:Joint\s+)?(?:Statement|Remarks|Briefing|Address|Speech"
    r"|Intervention|Opening\s+remarks|Closing\s+remarks|Keynote(?:\s+address|\s+speech)?"
    r"|Message|Declaration)\s+(?:delivered\s+|made\s+|given\s+)?(?:by|of|from)\s+[^\n]{3,400}?)"
    r"[ \t*_]*$"
)
_ANNEX = re.compile(
    r"(?im)^[ \t#*_]*(?:Annex|Enclosure|Appendix)(?:[ \t]+[IVXLC\d]+)?\b[^\n]{0,120}$"
)
_LETTER_FROM = re.compile(
    r"(?i)\bLetter\s+dated\s+[^\n]{0,60}?\bfrom\s+(?:the\s+)?(?P<who>[^\n]+?)\s+addressed\s+to\b"
)
_SIGNED = re.compile(r"\(Signed\)\s+(?P<rest>[^\n]+)")
_CUT_WHO = re.compile(
    r"\s+(?:at|during|before|in)\s+(?:the|a|an)\s+(?!United Nations\b|UN\b)"
    r"|\s+on\s+the\s+occasion\b"
    r"|\s+on\s+(?:the\s+)?(?:situation|question|item|agenda|theme)\b|\s*[:–—]\s"
)
_HONORIFIC_PREFIX = re.compile(
    r"^(?:(?:H\.\s?E\.|His Excellency|Her Excellency)\s+)?(?:(?:Mr|Mrs|Ms|Dr|Prof|Ambassador|Amb"
    r"|Sir|Dame|Madam|Gen|Lt\.?\s*Gen|Maj\.?\s*Gen|Brig\.?\s*Gen|Col|USG|ASG|SRSG|DSG|SG"
    r"|Under-Secretary-General|Assistant\s+Secretary-General|Secretary-General|President"
    r"|Prime\s+Minister|Minister|Foreign\s+Minister)\.?\s+)?"
)
_UN_TITLE = re.compile(
    r"\b(?:Deputy\s+|Assistant\s+|Under-)?Secretary-General\b|\bUSG\b|\bASG\b|\bSRSG\b"
    r"|Special\s+Representative|Special\s+Envoy|Force\s+Commander|Police\s+Commissioner"
    r"|Head\s+of\s+Mission|Police\s+Adviser|Military\s+Adviser"
)
_PERSONISH = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.-]*|(?:di|de|da|del|van|von|der|bin|al|el|le|la|dos|du))"
    r"(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|(?:di|de|da|del|van|von|der|bin|al|el|le|la|dos|du))){0,4}$"
)
_INSTITUTION_WORD = re.compile(
    r"\b(?:Mission|Ministry|Department|Office|Permanent|Representative|Nations|Union|Council"
    r"|Government|Republic|Kingdom|Embassy|Delegation|Secretary|Minister|President|Director"
    r"|Adviser|Advisor|Counsellor|Coordinator|Institute|Fellow|Head|Chief|Ambassador|Bureau"
    r"|Division|Service|Organization|Affairs|Operations|Support|Section|Unit|Agency|Commission)\b"
)

# Press releases ---------------------------------------------------------------------------------
_VERBS = (
    r"said|stated|noted|added|stressed|expressed|urged|called|pointed|underlined|underscored"
    r"|emphasized|emphasised|welcomed|highlighted|agreed|warned|recalled|observed|echoed|asked"
    r"|described|spoke|recognized|recognised|reiterated|reaffirmed|voiced|condemned|commended"
    r"|praised|insisted|maintained|argued|suggested|proposed|explained|announced|affirmed"
    r"|declared|cautioned|drew|questioned|encouraged|thanked|acknowledged|hoped|regretted"
    r"|supported|rejected|opposed|expressing|saying|turned|briefed|began|concluded|told|went"
    r"|noting|recalling|stressing|calling|urging|underscoring|emphasizing|emphasising"
    r"|highlighting|warning|welcoming|adding|pointing|echoing|reiterating|expressed"
)
_ROLE_WORDS = (
    r"representative|delegate|speaker|Ambassador|Permanent\s+Representative|Deputy\s+Permanent"
    r"\s+Representative|Minister(?:\s+(?:for|of)\s+[A-Z][\w ]+?)?|Foreign\s+Minister|President"
    r"|Prime\s+Minister|Vice-President|Head\s+of\s+State|delegation"
)
_ATTR_POSSESSIVE = re.compile(
    rf"(?:^|[.;]\s+|,\s+)(?:the\s+)?(?P<who>[A-Z][\w'’\-]*(?:\s+(?:and\s+the\s+|and\s+|of\s+the\s+|of\s+|the\s+)?"
    rf"[A-Z][\w'’\-]*){{0,6}})['’]s\s+(?:{_ROLE_WORDS})\b"
)
_ATTR_OF = re.compile(
    rf"(?:^|[.;,]\s+|\s)(?:The|the)\s+(?:{_ROLE_WORDS})\s+(?:of|for)\s+(?P<who>(?:the\s+)?"
    rf"[A-Z][\w'’\-]*(?:\s+(?:and\s+the\s+|and\s+|of\s+the\s+|of\s+|the\s+)?[A-Z][\w'’\-]*){{0,6}}?)"
    rf"(?=\s*(?:,|\(|\s(?:{_VERBS})\b|\s+also\b|\s+who\b|\s+in\s+his\b|\s+in\s+her\b))"
)
_ATTR_OFFICIAL = re.compile(
    rf"^(?P<name>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){{1,4}}),\s+(?P<title>[^,]{{3,120}}?),"
    rf"\s+(?:who\s+)?(?:{_VERBS})\b"
)
_JOINT = re.compile(
    r"(?:also\s+speaking\s+(?:for|on\s+behalf\s+of)|speaking\s+(?:also\s+)?(?:on\s+behalf\s+of|for)"
    r"|(?:also\s+)?on\s+behalf\s+of)\s+(?P<list>[^.;]+?)(?=,\s*(?:said|stressed|noted|"
    r"called|urged|expressed|emphasized|underlined|pointed|welcomed|added|stated)\b|[.;]|$)"
)
# a person's name, possibly with a rank or honorific ("Lieutenant General Otávio Rodrigues de
# Miranda Filho", "Ms. Macamo", "Björn Holmberg")
_RANK = (
    r"(?:(?:Lieutenant|Lt\.?|Major|Maj\.?|Brigadier|Brig\.?)\s+General|General|Gen\.|Colonel"
    r"|Col\.|Admiral|Rear\s+Admiral|Vice\s+Admiral|Commissioner|Ambassador|Judge|Justice"
    r"|Professor|Prof\.|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Dame|Sir|H\.\s?E\.)"
)
_PNAME = (
    r"[A-ZÀ-Þ][\w'’\-]*[\w’'](?:\s+(?:(?:di|de|da|del|della|van|von|der|den|bin|ibn|al|el|le|la"
    r"|dos|das|du|ter)\s+)?[A-ZÀ-Þ][\w'’\-]*[\w’']){0,4}"
)
_RANKED_NAME = rf"(?:{_RANK}\s+)*{_PNAME}"
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
    r"|Union|Movement|Group|Community)['’]s|[Ii]ts|[Tt]heir)\s+(?:representative|delegate"
    r"|speaker|observer|delegation)\b"
)
# "Speaking for the Nordic countries — Denmark, ... —", "On behalf of the African Group,"
_GROUP_INTRO = re.compile(
    r"^(?:Also\s+)?(?:Speaking\s+(?:also\s+)?(?:for|on\s+behalf\s+of)|On\s+behalf\s+of)\s+"
)
# "For the United States, ... Its representative said": the state fronted, then "its"
_FRONTED = re.compile(r"^For\s+(?P<who>(?:the\s+)?[A-Z][^,]{1,60}?),\s+")
_ITS_SPEAKER = re.compile(
    rf"(?:^|[.;]\s+|,\s+)(?:[Ii]ts|[Tt]heir|[Tt]hat\s+(?:country|State|delegation)['’]s)"
    rf"\s+(?:representative|delegate|speaker|delegation)\s+(?:also\s+)?(?:{_VERBS})\b"
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

# Event pages ------------------------------------------------------------------------------------
_SECTION = re.compile(
    r"(?im)^[ \t#*_]*(?P<label>Opening\s+[Rr]emarks|Closing\s+[Rr]emarks|Welcome\s+[Rr]emarks"
    r"|Welcoming\s+[Rr]emarks|Introductory\s+[Rr]emarks|Keynote(?:\s+[Ss]peakers?|\s+[Aa]ddress"
    r"|\s+[Rr]emarks)?|Speakers?|Panel(?:l)?ists?|Moderators?|Moderated\s+by|Chair(?:ed\s+by)?"
    r"|Featuring|Discussants?|Presenters?|Participants?|Introduction)[ \t*_]*:?[ \t*_]*"
    r"(?P<same>[^\n]*)$"
)
_LISTING = re.compile(
    r"^(?P<hon>(?:H\.\s?E\.\s+)?(?:(?:Mr|Ms|Mrs|Dr|Prof|Professor|Amb|Ambassador|Gen|Lt\.?\s*Gen"
    r"|Maj\.?\s*Gen|Brig\.?\s*Gen|Col|Sir|Dame)\.?\s+)?)"
    r"(?P<name>[A-ZÀ-Þ][\w'’.\-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]*|di|de|da|del|van|von|der|bin|al|le|la|du))"
    r"{0,4})\s*[,–—]\s*(?P<rest>[^\n]{2,300})$"
)
_HOST_VERB = re.compile(
    r"\b(?:co-?host(?:s|ed|ing)?|host(?:s|ed|ing)|co-?organi[sz](?:e|es|ed|ing)"
    r"|organi[sz](?:e|es|ed|ing)|convene[sd]?|convening|co-?sponsor(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)

# Records ----------------------------------------------------------------------------------------
_TURN = re.compile(
    r"(?m)^[ \t]*(?P<who>(?:The\s+President|The\s+Secretary-General|The\s+Chair(?:person|man)?"
    r"|(?:Mr|Ms|Mrs|Dr|Sir|Dame)\.?\s+[^\n:()]{2,60}?))\s*(?:\((?P<aff>[^)\n]{2,120})\))?"
    r"(?:\s*\((?:spoke|interpretation)[^)\n]*\))?\s*:\s"
)

_SUBJECT_VERBS = (
    r"is|has|have|remains|will|would|reaffirms|reiterates|welcomes|supports|stands|believes"
    r"|calls|urges|continues|intends|looks|wishes|commends|recognizes|recognises|attaches"
    r"|underlines|emphasizes|stresses|shares|fully|strongly|also|firmly|therefore|was|had"
    r"|contributes|contributed|deployed|deploys|pledges|pledged|encourages|considers|joins"
    r"|takes|plays|played|hosts|hosted|co-sponsored|sponsored|can|must|should|did|does"
)
_SELF_REF = re.compile(
    r"\b(?:my|our)\s+country,?\s*$|\bOn\s+behalf\s+of\s+(?:the\s+)?$|\bI\s+represent\s+$"
)


def attribute_speakers(doc: Document) -> None:
    """Fill ``doc.statements``, ``doc.participants`` and ``doc.hosts`` (replacing them).

    Statements are numbered from 1, in text order, and keep their character span into
    ``doc.text``. See the module docstring for the conventions.
    """
    doc.statements, doc.participants, doc.hosts = [], [], []
    text = doc.text
    if not text.strip():
        return
    override = (doc.extra or {}).get("speaker")
    if override:
        ref = resolve_actor(override) or _unknown_actor(override)
        heading, person, _ = _top_heading(text)
        _add(doc, 0, len(text), [ref], person, heading)
        return
    code = (doc.extra or {}).get("speaker_code")
    if code and (doc.kind == "general-debate" or not doc.kind or doc.kind == "document"):
        _add(doc, 0, len(text), [_code_actor(code)], None, None)
        return
    if _records(doc):
        return
    if doc.kind != "press-release" and _headed_statements(doc):
        return
    if doc.kind in ("press-release", "document", "record") and _press_release(doc):
        return
    if _event_page(doc) or doc.kind == "event-page":
        return
    _single_statement(doc)


# -- helpers --------------------------------------------------------------------------------------


def _add(
    doc: Document,
    start: int,
    end: int,
    speakers: list[EntityRef],
    person: Person | None,
    heading: str | None,
    kind: str = "statement",
) -> None:
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    seen: dict[tuple[str, str], EntityRef] = {}
    for s in speakers:
        seen.setdefault((s.type, s.key), s)
    doc.statements.append(
        Statement(
            index=len(doc.statements) + 1,
            start=start,
            end=end,
            speakers=list(seen.values()),
            person=person,
            heading=heading,
            kind=kind,
        )
    )


def _unknown_actor(name: str) -> EntityRef:
    name = normalize_name(name)
    return EntityRef("Organization", name, name)


def _code_actor(code: str) -> EntityRef:
    """The speaker of a General Debate file by its code (ISO3, "EU", former codes)."""
    code = code.strip().upper()
    m = get_matcher()
    if code == "EU":
        return m.orgs.get("European Union") or EntityRef(
            "Organization", "European Union", "European Union"
        )
    state = m.states.get(code)
    return state if state is not None else EntityRef("State", code, code)


def _mentions(text: str) -> list[Mention]:
    return get_matcher().find(text)


def _clean_name(raw: str) -> str:
    name = _HONORIFIC_PREFIX.sub("", normalize_name(raw)).strip(" ,.*")
    return name


def _is_person_name(part: str) -> bool:
    p = _clean_name(part)
    return (
        bool(p)
        and bool(_PERSONISH.match(p))
        and not _INSTITUTION_WORD.search(p)
        and (len(p.split()) >= 2 or p in KNOWN_OFFICIALS)
    )


def _official_entity(title: str) -> EntityRef | None:
    """The body a UN official speaks for, from a title ("USG for Peace Operations")."""
    m = get_matcher()
    ref = m.title_entity(title)
    if ref is not None:
        return ref
    for ment in _mentions(title):
        if ment.entity.type == "Organization" and ment.entity.key != "United Nations":
            return ment.entity
    return None


def _actor_from_text(who: str, names: bool = True) -> tuple[EntityRef | None, str | None]:
    """Speaker and person name from a heading's "by ..." phrase or an affiliation line
    (``names=False``: the text holds no person's name)."""
    who = normalize_name(who).strip(" ,.*")
    parts = [p.strip() for p in who.split(",") if p.strip()]
    name = None
    roles = []
    for p in parts:
        if names and name is None and _is_person_name(p) and get_matcher().lookup(p) is None:
            name = _clean_name(p)
        else:
            roles.append(p)
    role_text = ", ".join(roles) if roles else who
    # "USG Khare", "Ambassador Jane Doe" in one part
    if name is None and names:
        tm = re.search(
            r"\b(?:USG|ASG|SRSG|Under-Secretary-General|Secretary-General|Ambassador|Minister"
            r"|President|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+(?P<n>[A-ZÀ-Þ][\w'’\-]+(?:\s+[A-ZÀ-Þ][\w'’\-]+){0,3})",
            who,
        )
        if tm and not _INSTITUTION_WORD.search(tm.group("n")):
            name = tm.group("n")
    m = get_matcher()
    if _UN_TITLE.search(role_text):
        ref = _official_entity(role_text)
        if ref is None and name:
            official = KNOWN_OFFICIALS.get(name.split()[-1])
            if official:
                ref = m.orgs.get(official[1])
        if ref is None:
            ref = m.orgs.get("United Nations Secretariat")
        return ref, name
    found = _mentions(role_text)
    for x in found:
        if x.entity.type == "State":
            return x.entity, name
    orgs = [x.entity for x in found if x.entity.type == "Organization"]
    for o in orgs:
        country = m.country_of(o.key)
        if country is not None:
            return country, name
    ref = m.title_entity(role_text)
    if ref is not None:
        return ref, name
    non_un = [o for o in orgs if o.key != "United Nations"]
    if non_un:
        return non_un[-1], name
    if name and name.split()[-1] in KNOWN_OFFICIALS:
        return m.orgs.get(KNOWN_OFFICIALS[name.split()[-1]][1]), name
    if orgs:
        return orgs[-1], name
    return None, name


def _role_of(who: str, name: str | None) -> str | None:
    who = normalize_name(who)
    if name:
        who = who.replace(name, "")
    who = _HONORIFIC_PREFIX.sub("", who)
    who = re.sub(r"^(?:the|The)\s+", "", who).strip(" ,")
    who = re.sub(r"\s*,\s*,", ",", who)
    return who or None


def parse_heading(line: str) -> tuple[EntityRef | None, Person | None]:
    """Speaker and person of a statement heading ("Statement by the Permanent Representative
    of Belgium, Philippe Kridelka" -> BEL, Person("Philippe Kridelka", ...))."""
    m = re.match(
        r"(?is)\s*(?:Joint\s+)?(?:Statement|Remarks|Briefing|Address|Speech|Intervention"
        r"|Opening\s+remarks|Closing\s+remarks|Keynote(?:\s+address|\s+speech)?|Message"
        r"|Declaration)\s+(?:delivered\s+|made\s+|given\s+)?(?:by|of|from)\s+(?P<who>.+)",
        normalize_name(line),
    )
    if not m:
        return None, None
    who = m.group("who")
    cut = _CUT_WHO.search(who)
    if cut:
        who = who[: cut.start()]
    who = re.sub(r"^(?:the|The)\s+", "", who)
    ref, name = _actor_from_text(who)
    person = None
    if name:
        person = Person(name=_full_name(name), role=_role_of(who, name), affiliation=ref)
    return ref, person


def _full_name(name: str) -> str:
    official = KNOWN_OFFICIALS.get(name)
    return official[0] if official else name


def _top_heading(text: str) -> tuple[str | None, Person | None, EntityRef | None]:
    """The heading of a single statement when it opens the text (first 600 characters)."""
    m = _HEADING.search(text, 0, min(len(text), 600))
    if not m:
        return None, None, None
    ref, person = parse_heading(m.group("line"))
    return normalize_name(m.group("line")), person, ref


# -- records --------------------------------------------------------------------------------------


_RECORD_PRESIDENT = re.compile(
    r"(?m)^[ \t]*President:[ \t]*[^\n(]{2,80}?[ \t.…]*\((?P<state>[^)\n]{2,80})\)"
)
_NATIONAL_CAPACITY = re.compile(
    r"\b(?:in\s+my\s+(?:national\s+)?capacity\s+as\s+(?:the\s+)?(?P<role>[^.;:\n]{3,120}?)"
    r"(?=[.;:,]|\s+(?:and|to)\b)|in\s+my\s+national\s+capacity)"
)
_ON_BEHALF_OF_COUNCIL = re.compile(
    r"\b(?:on\s+behalf\s+of\s+the\s+(?:Security\s+)?Council|following\s+statement\s+on"
    r"\s+behalf\s+of\s+the\s+Council|presidential\s+statement)\b"
)


def _president_turn(
    doc: Document, start: int, end: int, president: EntityRef | None
) -> EntityRef | None:
    """The President of a meeting speaks for his or her state when he or she says so ("I
    shall now make a statement in my capacity as the representative of Mozambique"), for the
    Council when reading a statement on its behalf, and otherwise presides (no statement)."""
    turn = doc.text[start:end]
    nm = _NATIONAL_CAPACITY.search(turn)
    if nm:
        role = nm.group("role")
        ref = resolve_actor(role) if role else None
        if ref is not None and ref.type == "State":
            return ref
        return president
    if _ON_BEHALF_OF_COUNCIL.search(turn):
        return get_matcher().orgs.get("Security Council")
    return None


def _records(doc: Document) -> bool:
    """Verbatim records: one statement per turn ("Mr. Smith (United Kingdom): ...").

    A turn without an affiliation is a briefer's: a known UN official ("Mr. Lacroix:") or a
    person the record introduced with a title ("I invite Mr. Björn Holmberg, Executive
    Director of the Challenges Forum ..."). "The President:" speaks for the presidency's state
    only in national capacity (see :func:`_president_turn`)."""
    turns = list(_TURN.finditer(doc.text))
    if len(turns) < 3 and not (doc.kind == "record" and turns):
        return False
    m = get_matcher()
    people: _People | None = None
    president: EntityRef | None = None
    pm = _RECORD_PRESIDENT.search(doc.text, 0, min(len(doc.text), 20_000))
    if pm:
        president = resolve_actor(pm.group("state"))
    bounds = [t.start() for t in turns] + [len(doc.text)]
    for t, end in zip(turns, bounds[1:], strict=False):
        who, aff = t.group("who"), t.group("aff")
        if who.startswith("The Secretary-General"):
            ref: EntityRef | None = m.orgs.get("United Nations Secretariat")
        elif who.startswith("The President"):
            if people is None:
                people = _People(doc.text)
            ref = _president_turn(doc, t.end(), end, president or people.president)
        elif aff:
            ref = resolve_actor(aff)
        else:
            if people is None:
                people = _People(doc.text)
            known = people.get(_clean_name(who))
            ref = known[2] if known else None
            if known:
                name = known[0]
                person = Person(name=name, role=known[1], affiliation=ref)
                _add(
                    doc,
                    t.start(),
                    end,
                    [ref],
                    person,
                    normalize_name(doc.text[t.start() : t.end()]),
                )
                continue
        if ref is None:
            continue
        name = _clean_name(who) if not who.startswith("The ") else None
        person = Person(name=_full_name(name), affiliation=ref) if name else None
        _add(doc, t.start(), end, [ref], person, normalize_name(doc.text[t.start() : t.end()]))
    return bool(doc.statements)


# -- headed statements (letters with annexes, single statements) ----------------------------------


def _headed_statements(doc: Document) -> bool:
    text = doc.text
    heads = [h for h in _HEADING.finditer(text) if len(h.group("line")) <= 400]
    if not heads:
        return False
    annexes = [a.start() for a in _ANNEX.finditer(text)]
    starts = []
    for h in heads:
        # the statement starts at its annex line when one closely precedes the heading
        prev = [a for a in annexes if a < h.start() and h.start() - a < 200]
        starts.append(prev[-1] if prev else h.start())
    first = starts[0]
    covering = text[:first]
    if first > 0 and covering.strip():
        _covering_letter(doc, 0, first)
    elif first > 200 and not covering.strip():
        pass
    for i, h in enumerate(heads):
        end = starts[i + 1] if i + 1 < len(heads) else len(text)
        ref, person = parse_heading(h.group("line"))
        span_start = h.start("line")
        if ref is None:
            ref = _self_reference(doc, h.end(), end)
        _add(doc, span_start, end, [ref] if ref else [], person, normalize_name(h.group("line")))
    return True


def _covering_letter(doc: Document, start: int, end: int) -> None:
    """The covering letter before annexed statements: attributed to its sender."""
    text = doc.text
    seg = text[start:end]
    lm = _LETTER_FROM.search(seg)
    if not lm:
        # a document that is not a letter: a preamble (title, date), no statement
        return
    who = lm.group("who")
    ref, _ = _actor_from_text(re.sub(r"^(?:the|The)\s+", "", who))
    if ref is None:
        ref = resolve_actor(who)
    person = None
    sm = _SIGNED.search(seg)
    if sm:
        rest = sm.group("rest")
        nm = re.match(
            r"([A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]+|de|da|di|van|von|al|bin)){1,4}?)"
            r"(?=\s+(?:President|Permanent|Chargé|Ambassador|Deputy|Minister|Secretary|Chair)|\s*$|,)",
            rest,
        )
        if nm:
            role = rest[nm.end() :].strip(" ,") or None
            person = Person(name=nm.group(1), role=role, affiliation=ref)
    body = lm.end() if lm else start
    del body
    _add(
        doc,
        start + (lm.start() if lm else 0),
        end,
        [ref] if ref else [],
        person,
        normalize_name(lm.group()),
    )


# -- press releases -------------------------------------------------------------------------------


_PERSON_INTRO = re.compile(
    rf"(?<![\w'’.\-])(?P<name>{_RANKED_NAME}),\s+"
    rf"(?P<title>[^,;\n]{{3,200}}?)(?=,|\.(?:\s|$)|;|\s+(?:which|who)\b)"
)
_TITLE_WORD = re.compile(
    r"\b(?:Minister|Representative|Director|President|Secretary|Commander|Ambassador|Chair\w*"
    r"|Head|Adviser|Advisor|Envoy|Coordinator|Commissioner|Chief|Officer|Executive|Founder"
    r"|Professor|Fellow|Researcher|Counsellor|Counselor|Attaché|Deputy|Observer|Chargé"
    r"|Delegate|Spokesperson|Vice-President|Governor|General|Staff)\b"
)
_PRESIDENCY = re.compile(
    r"\bwhich\s+holds\s+the\s+(?:(?:Security\s+)?Council['’]s\s+)?(?:rotating\s+)?"
    r"(?:(?:Security\s+)?Council\s+)?presidency"
)
_CHAIRED_BY = re.compile(r"\b(?:chaired|presided\s+over|presided)\s+by\s+", re.IGNORECASE)
_MISSION_ROLE = re.compile(
    r"^(?:Deputy\s+|Acting\s+)?(?:Head|Chief|Director|Officer-in-Charge|Commander)\b"
)
_RANK_PREFIX = re.compile(rf"^(?:{_RANK}\s+)+")


def _strip_rank(name: str) -> str:
    return _RANK_PREFIX.sub("", normalize_name(name)).strip(" ,")


def _title_actor(title: str) -> EntityRef | None:
    """The actor a person speaks for, from his or her title ("Force Commander of MONUSCO",
    "Minister for Foreign Affairs of Mozambique", "Executive Director of the Challenges
    Forum").

    A UN mission's official (force commander, police commissioner, head of mission) speaks
    for the department that directs the mission (Peace Operations for a peacekeeping
    operation, Political and Peacebuilding Affairs for a special political mission), as an
    Under-Secretary-General speaks for the department he or she heads.
    """
    m = get_matcher()
    title = normalize_name(title)
    found = _mentions(title)
    missions = [x.entity for x in found if x.entity.type == "Mission"]
    un_title = _UN_TITLE.search(title)
    if missions and (un_title or _MISSION_ROLE.match(title)):
        return m.mission_department(missions[0])
    if un_title:
        return _official_entity(title) or m.orgs.get("United Nations Secretariat")
    ref, _ = _actor_from_text(title, names=False)
    return ref


def _plausible_name(name: str) -> bool:
    bare = _strip_rank(name)
    if not bare or _INSTITUTION_WORD.search(bare):
        return False
    ref = get_matcher().lookup(bare)
    return ref is None or ref.type == "Person"


def _group_members(text: str) -> list[EntityRef]:
    """The states and organisations a joint statement is made for (informal groups that the
    reference data does not hold, "the African Group", "the Group of Friends", are none)."""
    m = get_matcher()
    return [
        x.entity
        for x in _mentions(text)
        if x.entity.type == "State" or (x.entity.type == "Organization" and x.entity.key in m.orgs)
    ]


class _People:
    """People the document introduces with a title ("The meeting was chaired by Verónica
    Macamo, Minister for Foreign Affairs and Cooperation of Mozambique"), by full name and
    surname, and the state holding the Council presidency."""

    def __init__(self, text: str) -> None:
        self.by_name: dict[str, tuple[str, str, EntityRef]] = {}
        self.president: EntityRef | None = None
        head = text[:200_000]
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
                or not _plausible_name(pm.group("name"))
                # a headline ("... Conflicts, Secretary-General Tells Security Council")
                or not re.search(r"[.!?:;\"”’)]\s*$", line)
            ):
                # the "name" may be the end of a clause ("Briefing the Council, Jean-Pierre
                # Lacroix, Under-Secretary-General ..."): look again from its next word
                nxt = re.search(r"\s", head[pm.start() : pm.end()])
                pos = pm.start() + (nxt.end() if nxt else len(pm.group("name")) + 1)
                continue
            pos = pm.end()
            ref = _title_actor(title)
            if ref is None:
                continue
            full = _strip_rank(pm.group("name"))
            entry = (full, normalize_name(title), ref)
            self.by_name.setdefault(full, entry)
            self.by_name.setdefault(full.split()[-1], entry)
            if ref.type == "State" and _CHAIRED_BY.search(
                head, max(0, pm.start() - 30), pm.start("name")
            ):
                self.president = self.president or ref
        for pm in _PRESIDENCY.finditer(head):
            states = [
                x.entity
                for x in get_matcher().find(head[max(0, pm.start() - 150) : pm.start()])
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
        official = KNOWN_OFFICIALS.get(last)
        if official and (name == last or official[0].endswith(name) or name == official[0]):
            ref = get_matcher().orgs.get(official[1])
            if ref is not None:
                return official[0], None, ref
        return None


def _first_sentence_end(par: str) -> int:
    spans = split_sentences(par, 0, min(len(par), 700))
    return spans[0][1] if spans else len(par)


def _attribution(
    par: str, people: _People | None = None
) -> tuple[list[EntityRef], Person | None] | None:
    """Speakers attributed by the first sentence of a press-release paragraph, if any.

    The earliest attribution of the first sentence wins, provided a reporting verb follows
    it in that sentence: "NAME, TITLE, said", "Secretary-General NAME said", "Ms. NAME said"
    (a person the document introduced, or a known UN official), "the Council President,
    speaking in her national capacity", "X's representative|delegate", "the representative
    of X", "the bloc's representative" after "Speaking for X", "For X, ... Its
    representative said". Joint statements add the states and organisations of "Speaking for
    A, B and C" before it, or of "speaking also on behalf of A, B and C" after it.
    """
    people = people or _People("")
    first_end = _first_sentence_end(par)
    first = par[:first_end]
    verb = re.compile(rf"\b(?:{_VERBS})\b")
    hits: list[tuple[int, int, list[EntityRef], Person | None]] = []

    def reported(end: int) -> bool:
        return bool(verb.search(first, end, min(len(first), end + 300)))

    for am in _ATTR_APPOSITIVE.finditer(first):
        name, title = am.group("name"), am.group("title")
        if not _TITLE_WORD.search(title) and not _UN_TITLE.search(title):
            continue
        if not _plausible_name(name):
            continue
        ref = _title_actor(title)
        if ref is not None:
            full = _strip_rank(name)
            known = people.get(full)
            full = known[0] if known and known[2] == ref else full
            person = Person(name=full, role=normalize_name(title), affiliation=ref)
            hits.append((am.start("name"), am.end("title"), [ref], person))
            break
    for am in _ATTR_TITLED.finditer(first):
        name, title = am.group("name"), am.group("title")
        known = people.get(name)
        ref = known[2] if known else _title_actor(title)
        if ref is not None and _plausible_name(name):
            full = known[0] if known else _strip_rank(name)
            hits.append((am.start("title"), am.end("name"), [ref], Person(full, title, ref)))
            break
    for am in _ATTR_NAMED.finditer(first):
        known = people.get(am.group("name"))
        if known is not None:
            person = Person(name=known[0], role=known[1], affiliation=known[2])
            hits.append((am.start("name"), am.end("name"), [known[2]], person))
            break
    pm = _ATTR_PRESIDENT.search(first)
    if pm and people.president is not None and reported(pm.end()):
        hits.append((pm.start(), pm.end(), [people.president], None))
    for rx in (_ATTR_POSSESSIVE, _ATTR_OF):
        for am in rx.finditer(first):
            ref = resolve_actor(am.group("who"))
            if ref is not None and ref.type in ("State", "Organization") and reported(am.end()):
                hits.append((am.start(), am.end(), [ref], None))
                break
    intro = _GROUP_INTRO.match(first)
    gm = _ATTR_GROUP_SELF.search(first) if intro else None
    if gm and reported(gm.end()):
        group = _group_members(first[intro.end() : gm.start()])
        if group:
            hits.append((gm.start(), gm.end(), group, None))
    fm = _FRONTED.match(par)
    if fm:
        im = _ITS_SPEAKER.search(par, fm.end(), min(len(par), 700))
        ref = resolve_actor(fm.group("who")) if im else None
        if ref is not None and ref.type in ("State", "Organization"):
            hits.append((0, im.end(), [ref], None))
    if not hits:
        return None
    start, end, speakers, person = min(hits, key=lambda h: h[0])
    speakers = list(speakers)
    if intro and intro.end() <= start:
        for ref in _group_members(first[intro.end() : start]):
            if ref not in speakers:
                speakers.append(ref)
    jm = _JOINT.search(first, start)
    if jm and jm.start() - end < 80:
        for ref in _group_members(jm.group("list")):
            if ref not in speakers:
                speakers.append(ref)
    return speakers, person


def _is_heading(par: str) -> bool:
    line = par.strip()
    return "\n" not in line and len(line) <= 120 and not re.search(r"[.!?:;\"”’)]$", line)


def _participants(doc: Document, a: int, b: int) -> None:
    """ "Also speaking were the representatives of A, B and C": one participation statement
    per state or organisation, spanning its name."""
    seen: set[EntityRef] = set()
    for x in get_matcher().find(doc.text[a:b], a):
        if x.entity.type in ("State", "Organization") and x.entity not in seen:
            seen.add(x.entity)
            _add(doc, x.start, x.end, [x.entity], None, None, kind="participation")


def _press_release(doc: Document) -> bool:
    """Meetings coverage: an attributing paragraph opens a statement; paragraphs that go on
    in the third person ("He added ..."), or (in a press release) go on reporting without a
    new attribution, continue it; headings ("Statements"), narration of the meeting ("The
    meeting began at ...", "The Council adopted ...") and "Also speaking were ..." close
    it."""
    text = doc.text
    pars = paragraphs(text)
    people = _People(text)
    found = [(a, b, _attribution(text[a:b], people)) for a, b in pars]
    if sum(1 for *_, at in found if at) < (1 if doc.kind == "press-release" else 2):
        return False
    press = doc.kind == "press-release"
    current: list | None = None

    def close() -> None:
        nonlocal current
        if current:
            _add(doc, current[0], current[1], current[2], current[3], current[4])
        current = None

    for a, b, at in found:
        par = text[a:b]
        if at is not None:
            close()
            first_sentence = split_sentences(text, a, b)[:1]
            heading = text[slice(*first_sentence[0])] if first_sentence else None
            current = [a, b, at[0], at[1], (heading or "")[:200]]
        elif _ALSO_SPEAKING.match(par):
            close()
            _participants(doc, a, b)
        elif current is None:
            continue
        elif _CONTINUE.search(par[:300]) or (
            press and not _is_heading(par) and not _NARRATION.search(par[:300])
        ):
            current[1] = b
        else:
            close()
    close()
    return bool(doc.statements)


# -- event pages ----------------------------------------------------------------------------------


def _event_page(doc: Document) -> bool:
    text = doc.text
    sections = list(_SECTION.finditer(text))
    if not sections:
        return False
    m = get_matcher()
    for i, sec in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        label = normalize_name(sec.group("label"))
        lines = []
        if sec.group("same").strip():
            lines.append((sec.start("same"), sec.end("same")))
        pos = sec.end() + 1
        for lm in re.finditer(r"[^\n]+", text[pos:end]):
            lines.append((pos + lm.start(), pos + lm.end()))
        misses = 0
        for a, b in lines:
            line = text[a:b].strip()
            if not line:
                continue
            lm = _LISTING.match(line)
            if not lm or _INSTITUTION_WORD.search(lm.group("name")):
                misses += 1
                if misses >= 1 and len(line) > 200:
                    break
                continue
            rest = lm.group("rest")
            ref, _ = _actor_from_text(rest, names=False)
            name = normalize_name(lm.group("name"))
            role = _listing_role(rest, ref)
            person = Person(name=name, role=role, affiliation=ref)
            doc.participants.append(person)
            off = text.find(line, a)
            _add(
                doc, off, off + len(line), [ref] if ref else [], person, label, kind="participation"
            )
    _hosts(doc, m)
    return bool(doc.participants)


def _listing_role(rest: str, ref: EntityRef | None) -> str | None:
    parts = [p.strip() for p in normalize_name(rest).split(",") if p.strip()]
    if ref is None:
        return ", ".join(parts) or None
    keep = []
    for p in parts:
        ms = [x for x in _mentions(p) if x.entity.type in ("State", "Organization")]
        if not ms:
            keep.append(p)
        elif len(parts) == 1 or not keep:
            stripped = p
            for x in ms:
                stripped = stripped.replace(x.text, "")
            stripped = re.sub(r"\s+(?:of|to)\s+(?:the\s+)?(?=\s|$)", " ", stripped)
            stripped = re.sub(r"\s+(?:of|to)(?:\s+the)?\s*$", "", stripped).strip(" ,")
            if stripped and stripped != p:
                keep.append(stripped)
    return ", ".join(keep) or None


def _hosts(doc: Document, m: object) -> None:
    text = doc.text
    for a, b in split_sentences(text):
        sent = text[a:b]
        hv = _HOST_VERB.search(sent)
        if not hv:
            continue
        if re.match(r"\s*by\b", sent[hv.end() :]) or re.search(r"\bby\s*$", sent[: hv.start()]):
            scope = sent[hv.end() :]
        else:
            scope = sent[: hv.start()]
        for x in _mentions(scope):
            if x.entity.type in ("State", "Organization") and x.entity not in doc.hosts:
                doc.hosts.append(x.entity)
        if doc.hosts:
            return


# -- single statements ----------------------------------------------------------------------------


def _self_reference(doc: Document, start: int, end: int) -> EntityRef | None:
    """The state a first-person text speaks for, from how it names itself.

    Counts states that are the subject of a sentence ("Indonesia remains committed", "As a
    top troop-contributing country, Indonesia ..."), "my country, X", "On behalf of X";
    states that follow "with", "to", "thank" are others, not the speaker.
    """
    text = doc.text
    votes: Counter[EntityRef] = Counter()
    seg_mentions = [
        x for x in get_matcher().find(text[start:end], start) if x.entity.type == "State"
    ]
    if not seg_mentions:
        return None
    sentence_starts = {a for a, _ in split_sentences(text, start, end)}
    for x in seg_mentions:
        before = text[max(start, x.start - 60) : x.start]
        after = text[x.end : x.end + 30]
        if _SELF_REF.search(before):
            votes[x.entity] += 3
            continue
        at_start = any(s <= x.start <= s + 4 for s in sentence_starts if s <= x.start) or re.search(
            r"(?:^|[.!?]\s+)As\s+[^,.]{3,90},\s*$", before
        )
        if at_start and re.match(rf"(?:['’]s\s+\w+\s+)?\s*(?:{_SUBJECT_VERBS})\b", after.lstrip()):
            votes[x.entity] += 2
        elif re.match(r"['’]s\s+(?:delegation|Government|commitment|contribution)", after):
            votes[x.entity] += 1
    if not votes:
        return None
    (best, score), *rest = [*votes.most_common(2), (None, 0)]
    if score >= 2 and (not rest or rest[0][1] < score):
        return best
    return None


def _single_statement(doc: Document) -> None:
    text = doc.text
    heading, person, ref = _top_heading(text)
    if ref is None:
        ref = _self_reference(doc, 0, len(text))
        if person is not None and ref is not None and person.affiliation is None:
            person.affiliation = ref
    if ref is None and doc.kind not in ("statement", "briefing", "general-debate"):
        return
    _add(doc, 0, len(text), [ref] if ref else [], person, heading)
