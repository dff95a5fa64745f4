"""Small word tables for the discourse slots: reporting, hedging, conditional, denial, negation, certainty.

The tables hold lemmas (lower-case) so that the extractors can match spaCy tokens by ``token.lemma_`` without
re-parsing. Multi-word cues are tuples of lower-case lemmas, matched token by token. Everything here is general
English news knowledge; nothing names a particular story.

Example:
    >>> "say" in REPORTING_VERBS and "deny" in DENIAL_VERBS
    True
"""

from __future__ import annotations

import re

__all__ = [
    "REPORTING_VERBS",
    "QUOTE_VERBS",
    "OPINION_VERBS",
    "OPINION_HOLDERS",
    "HEDGE_MODALS",
    "HEDGE_ADVERBS",
    "HEDGE_ADJECTIVES",
    "HEDGE_VERBS",
    "HEDGE_PASSIVES",
    "CONDITIONAL_MARKERS",
    "CONDITIONAL_PHRASES",
    "DENIAL_VERBS",
    "DENIAL_OBJECT_VERBS",
    "CLAIM_NOUNS",
    "NEGATION_WORDS",
    "NEGATIVE_PRONOUNS",
    "EVIDENCE_NOUNS",
    "CERTAINTY_CUES",
    "MEDIA_NOUNS",
    "ROLE_WORDS",
    "NEWS_AGENCIES",
    "is_reporting_verb",
    "is_role_word",
    "dates_the_report",
]

# Verbs that introduce what someone said or published. "continue" and "add" count only because news copy uses
# them as speech verbs right next to a quote ("the spokesman continued: ..."); the quote finder relies on that
# proximity, and the attribution extractor requires a subject.
REPORTING_VERBS: frozenset[str] = frozenset(
    {
        "say", "tell", "report", "add", "announce", "confirm", "state", "claim", "note", "continue", "cite",
        "quote", "declare", "explain", "insist", "write", "warn", "reveal", "disclose", "assert", "acknowledge",
        "admit", "reply", "respond", "comment", "remark", "stress", "emphasize", "emphasise", "argue",
        "allege", "testify", "inform", "publish", "broadcast", "tweet", "post", "conclude", "recall", "deny",
        "maintain", "indicate", "mention",
    }
)

# Verbs that introduce quoted words but do not make their subject a source of a claim ("called the move
# 'reckless'", "spoke to the Duma: ..."); used by the quote finder only.
QUOTE_VERBS: frozenset[str] = REPORTING_VERBS | frozenset(
    {"call", "describe", "speak", "dub", "label", "term", "brand", "shout", "scream", "write", "joke", "ask",
     "exclaim", "whisper", "plead", "chant", "sing", "yell", "cry", "mutter", "murmur", "sigh", "snap"}
)

# Verbs of belief or conjecture: a claim under them is an opinion, i.e. hedged.
OPINION_VERBS: frozenset[str] = frozenset(
    {"believe", "think", "suspect", "speculate", "fear", "guess", "suppose", "estimate", "expect", "doubt",
     "assume", "presume", "surmise", "reckon", "predict", "hope", "worry"}
)

# Generic, unnamed opinion holders: "Experts say X" states an opinion about X, not a report of a fact.
OPINION_HOLDERS: frozenset[str] = frozenset(
    {"expert", "analyst", "observer", "commentator", "pundit", "critic", "speculation", "rumor", "rumour",
     "some", "many", "scholar", "economist", "strategist", "forecaster"}
)

# "would" is left out on purpose: news copy back-shifts reported futures ("he said they would meet").
HEDGE_MODALS: frozenset[str] = frozenset({"could", "may", "might"})

HEDGE_ADVERBS: frozenset[str] = frozenset(
    {"likely", "unlikely", "possibly", "perhaps", "probably", "reportedly", "allegedly", "apparently",
     "presumably", "potentially", "supposedly", "purportedly", "seemingly", "maybe", "ostensibly"}
)

# Adjectives that hedge when they are the predicate ("are likely to meet", "it is possible that").
HEDGE_ADJECTIVES: frozenset[str] = frozenset(
    {"likely", "unlikely", "possible", "probable", "uncertain", "unclear", "rumored", "rumoured"}
)

HEDGE_VERBS: frozenset[str] = frozenset({"appear", "seem", "suggest", "speculate"})

# Passive reporting that hides the source: "is said to", "is thought to", "is expected to", "it was speculated".
HEDGE_PASSIVES: frozenset[str] = frozenset(
    {"say", "think", "believe", "expect", "speculate", "rumor", "rumour", "report", "suspect", "understand",
     "estimate", "allege", "suppose", "presume", "consider"}
)

CONDITIONAL_MARKERS: frozenset[str] = frozenset({"if", "unless", "provided", "providing", "lest"})

# Multi-word conditional subordinators, as lower-case token sequences.
CONDITIONAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("in", "case"),
    ("in", "the", "event", "that"),
    ("in", "the", "event", "of"),
    ("as", "long", "as"),
    ("on", "condition", "that"),
)

# Verbs that deny a claim whatever their object.
DENIAL_VERBS: frozenset[str] = frozenset({"deny", "refute", "disavow", "repudiate", "contradict", "debunk"})

# Verbs that deny only when their object is a claim ("rejected the allegations", not "rejected the offer").
DENIAL_OBJECT_VERBS: frozenset[str] = frozenset({"reject", "dismiss", "dispute", "rebut", "deny"})

CLAIM_NOUNS: frozenset[str] = frozenset(
    {"claim", "allegation", "accusation", "report", "suggestion", "speculation", "rumor", "rumour",
     "assertion", "charge", "story", "idea", "notion", "account", "statement", "contention"}
)

# Lower-case surface forms: spaCy lemmatizes "n't" to "not" but "n’t" (curly) is left alone.
NEGATION_WORDS: frozenset[str] = frozenset({"not", "n't", "n’t", "never", "no", "neither", "nor"})

NEGATIVE_PRONOUNS: frozenset[str] = frozenset({"none", "nobody", "nothing", "noone", "nowhere"})

# "no indication that X" negates X.
EVIDENCE_NOUNS: frozenset[str] = frozenset(
    {"indication", "sign", "evidence", "confirmation", "word", "proof", "suggestion", "trace", "report",
     "plan", "intention", "record", "sign"}
)

CERTAINTY_CUES: frozenset[str] = frozenset(
    {"confirm", "certain", "officially", "definitely", "certainly", "undoubtedly", "clearly", "official",
     "verify", "establish"}
)

# Head nouns of a news source ("local media", "state television", "the newspaper").
MEDIA_NOUNS: frozenset[str] = frozenset(
    {"media", "agency", "newspaper", "paper", "television", "tv", "radio", "broadcaster", "outlet", "channel",
     "daily", "weekly", "magazine", "website", "wire", "news", "press", "network", "station", "tabloid",
     "journal", "publication", "service", "bureau"}
)

# Generic news agencies: general knowledge, used to treat "told Reuters" as an outer source.
NEWS_AGENCIES: frozenset[str] = frozenset(
    {"reuters", "ap", "afp", "bloomberg", "dpa", "efe", "ansa", "kyodo", "xinhua", "pti"}
)

# Role and title words that can stand for a person ("the spokesman continued").
ROLE_WORDS: frozenset[str] = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary", "chairman",
     "chairwoman", "chair", "director", "governor", "mayor", "leader", "official", "chief", "premier",
     "chancellor", "ambassador", "general", "commander", "senator", "lawmaker", "representative", "judge",
     "prosecutor", "attorney", "lawyer", "coach", "manager", "captain", "ceo", "executive", "founder",
     "head", "king", "queen", "prince", "officer", "inspector", "sheriff", "detective", "superintendent",
     "envoy", "diplomat", "aide", "adviser", "advisor", "analyst", "economist", "professor", "doctor",
     "dr", "mr", "mrs", "ms", "sergeant", "colonel", "admiral", "striker", "goalkeeper", "midfielder",
     "defender", "player", "witness", "victim", "suspect", "defendant", "plaintiff", "owner", "worker",
     "pilot", "councillor", "councilor", "deputy", "vice", "prime", "foreign", "defense", "defence",
     "speaker", "justice", "economy", "finance", "interior", "state", "treasury", "board", "cfo", "coo",
     "boss", "author", "researcher", "scientist", "investigator", "firefighter", "rescuer", "paramedic"}
)

# Role words that can name a person when used as "the X": a subset that excludes department words
# ("foreign", "defense", "state") which only qualify another role.
_STANDALONE_EXCLUDE = frozenset(
    {"vice", "prime", "foreign", "defense", "defence", "economy", "finance", "interior", "state", "treasury",
     "board", "deputy", "mr", "mrs", "ms", "dr"}
)
# Variants that refer to the same role.
_ROLE_FAMILIES: dict[str, str] = {
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "advisor": "adviser",
    "councilor": "councillor",
    "defence": "defense",
}


def role_key(word: str) -> str:
    """Fold a role word to its family key ("spokeswoman" -> "spokesman")."""
    w = word.lower()
    return _ROLE_FAMILIES.get(w, w)


def is_role_word(word: str, *, standalone: bool = False) -> bool:
    """Whether ``word`` is a role or title word; ``standalone`` requires one that can name a person alone."""
    w = word.lower()
    if w not in ROLE_WORDS:
        return False
    return not (standalone and w in _STANDALONE_EXCLUDE)


def is_reporting_verb(lemma: str) -> bool:
    """Whether ``lemma`` is a verb that introduces speech or a report."""
    return lemma.lower() in REPORTING_VERBS


# A time right after a reporting verb ("said Tuesday", "told reporters on Monday") dates the report, not the event.
_REPORTED_BEFORE = re.compile(
    r"\b(said|says|reported|reports|announced|told(?: [\w ]{1,30})?|added|confirmed|stated)\s*(?:on\s+)?$",
    re.IGNORECASE,
)


def dates_the_report(text_before: str) -> bool:
    """Whether a time that follows ``text_before`` dates a report ("police said Tuesday") rather than an event.

    Example:
        >>> dates_the_report("The police said"), dates_the_report("The man fell on")
        (True, False)
    """
    return _REPORTED_BEFORE.search(text_before) is not None
