"""Which language a document is written in, so that one the rules do not read is reported.

The extraction rules (cue words, speaker headings, stance patterns) read English. A document
in French or Spanish would otherwise yield silently nothing: :func:`detect_language` names
its language from the share of each language's most frequent function words (Latin script)
or from its script (Arabic, Cyrillic, Chinese), and the build warns about it.

>>> detect_language("The Council reaffirms its support for the mission and its mandate.")
'en'
>>> detect_language("Le Conseil réaffirme son soutien à la mission et à son mandat, et il "
...                 "demande que les parties respectent le cessez-le-feu.")
'fr'
>>> detect_language("El Consejo reafirma su apoyo a la misión y a su mandato y pide que las "
...                 "partes respeten el alto el fuego.")
'es'
>>> detect_language("Совет подтверждает свою поддержку миссии.")
'ru'
>>> detect_language("42") is None
True
"""

from __future__ import annotations

import re
from collections import Counter

#: The language the extraction rules read.
RULES_LANGUAGE = "en"

#: ISO 639-1 code -> English name, for messages.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "pt": "Portuguese",
    "de": "German",
    "ar": "Arabic",
    "ru": "Russian",
    "zh": "Chinese",
}

#: Frequent function words of each Latin-script language; words shared by two of them
#: ("de", "la", "que", "a") count for each.
_FUNCTION_WORDS = {
    "en": "the of and to in is that for it with as on be are this by we our has have which",
    "fr": "le la les de des du et est que pour dans une un en au aux qui sur nous notre sont "
    "avec par ce cette",
    "es": "el la los las de del y que en por para una un con es se su al como nuestro "
    "nuestra hemos",
    "pt": "o a os as de do da dos das e que em para um uma com no na por se nosso nossa",
    "de": "der die das und ist zu den von mit sich des auf für nicht ein eine wir unser",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_ANY_WORD = frozenset().union(*_WORDS.values())
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)

#: Scripts other than Latin, by a character range -> language.
_SCRIPTS = (
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
)
_ANY_SCRIPT = re.compile(r"[\u0600-\u06ff\u0400-\u04ff\u4e00-\u9fff]")

#: How much of the text is read (the start tells the language; long texts cost nothing):
#: 5,000 characters, about 800 words, tell the same language as 20,000 for every document
#: of the General Debate corpus, the seeds, the examples and the test fixtures (9,623
#: documents), at a quarter of the cost (the step took 12 % of the extraction).
SAMPLE = 5_000


def detect_language(text: str, sample: int = SAMPLE) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or ``None`` when too
    little text tells."""
    head = text[:sample]
    tokens = _TOKEN.findall(head)  # every letter of the head is in one of them
    joined = "".join(tokens)
    letters = len(joined) if joined.isalpha() else sum(map(str.isalpha, head))
    if letters < 20:
        return None
    if _ANY_SCRIPT.search(head):
        for pattern, lang in _SCRIPTS:
            if len(pattern.findall(head)) > letters * 0.3:
                return lang
    if len(tokens) < 8:
        return None
    counts: Counter[str] = Counter()
    # each distinct token once, in the order of first occurrence (ties go to the first seen)
    for token, n in Counter(tokens).items():
        word = token.casefold()
        if word in _ANY_WORD:
            for lang, vocabulary in _WORDS.items():
                if word in vocabulary:
                    counts[lang] += n
    if not counts:
        return None
    lang, best = counts.most_common(1)[0]
    # English wins ties and near-ties: a quoted French title must not relabel a speech.
    if lang != RULES_LANGUAGE and best < 1.5 * counts[RULES_LANGUAGE]:
        return RULES_LANGUAGE if counts[RULES_LANGUAGE] else lang
    return lang


def language_warning(code: str) -> str:
    """The build warning for a document in a language the rules do not read."""
    name = LANGUAGE_NAMES.get(code, code)
    return (
        f"written in {name} ({code}), which the extraction rules do not read "
        f"(they read {LANGUAGE_NAMES[RULES_LANGUAGE]}): few or none of its statements and "
        "commitments can be extracted"
    )
