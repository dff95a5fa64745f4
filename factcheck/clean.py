"""Stage 1: original text -> cleaned text with an offset map back to the original.

Scraped articles carry debris: photo captions and credits, share prompts, comment forms, related-article lists,
newsletter prompts, embed placeholders, markdown link stubs (``[reported](#)``), metadata lines (title, byline,
dateline, source URL) and sentences broken by a blank line. The cleaner removes the debris, keeps the words of
link stubs, re-joins broken sentences, and records every removed piece with a reason, so nothing is lost
silently. ``CleanText.to_original`` maps any cleaned span back to the original input.

The patterns are general news-page furniture, kept in the ``_BOILERPLATE`` table below. Page furniture that
carries metadata is read before it is removed:

- a *metadata header*: ``key: value`` lines at the very top of a text file (``outlet:``, ``url:``, ``date:``,
  ``title:`` and the aliases in :data:`HEADER_KEYS`); a ``date:`` there is the publication date and wins over
  anything found in the text;
- *timestamp lines*: a line made only of dates, clock times, weekdays, time zones and labels such as
  "Published", "Updated", "Posted" ("Updated Thu 6 May 2010, 9:03am AEST", "11/30/09 05:40 PM ET");
  a published/posted date wins over an updated one;
- *headlines*: short lines without a sentence end before the article body starts (the first is the title);
- *bylines* and photo captions or credits.

Text whose lines are paragraphs (one paragraph a line, no blank lines between them, as scraped pages and corpus
files often are) is read line by line, so a headline or a dateline is never glued to the first sentence. Text
hard-wrapped at a fixed width (most lines ending mid-sentence) keeps its lines together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from factcheck.models import Removed

__all__ = ["CleanText", "Metadata", "clean", "sniff_metadata", "parse_date", "HEADER_KEYS"]

_TERMINAL = ".!?:;\"'”’»)…"
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")

# (reason, pattern matched against a whole paragraph, stripped). Each pattern is anchored and linear.
_BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pat, re.IGNORECASE))
    for reason, pat in (
        ("share prompt", r"^share( (it|this( article| story)?|on \w+))?\W{0,5}$"),
        ("comment form", r"^(leave a (reply|comment)|post a comment|comments?)\W{0,5}$"),
        ("comment form", r"^your email address will not be published\b"),
        ("related links", r"^related( articles?| stories| content| news| coverage)?\b"),
        ("related links", r"^(read|see) (also|more)\b"),
        ("related links", r"^(latest|more|top) (news|stories)\W{0,5}$"),
        ("related links", r"^more on this (story|topic)\b"),
        ("newsletter prompt", r"^(sign up|subscribe)\b"),
        ("newsletter prompt", r"^.{0,80}\bnewsletter\b.{0,80}$"),
        ("embed placeholder", r"^(embed|advertisement|advert|sponsored)\W{0,3}$"),
        ("update note", r"^(updated|update|correction|editor'?s note)\b[^\n]{0,200}$"),
        ("credit line", r"^[^\n]{0,80}\bcontributed( to)?( this)?( report| reporting| to this report)\W{0,3}$"),
        ("credit line", r"^(reporting|writing|editing) by\b[^\n]{0,200}$"),
        ("metadata: url label", r"^(original )?(url|source|link)\s*:\s*$"),
        ("metadata: url", r"^<?https?://\S{1,2000}>?$"),
        ("photo caption", r"^\(?\s*(ap|afp|reuters|getty images|epa|xinhua|tass|photo)\s*(photo)?\s*/[^)\n]{0,120}\)"),
    )
)

# A credit inside a paragraph marks it as a photo caption ("... **AFP PHOTO / KCNA VIA KNS**", "RussiaPhoto: X").
_CAPTION_CREDIT = re.compile(
    r"(\*\*[^*\n]{0,80}\bPHOTO\b[^*\n]{0,80}\*\*|Photo:\s*\S|\bPHOTO\s*/|\((AP|AFP|Reuters|EPA|Getty)\s*(Photo|Images)?\s*/"
    r"|\bPhoto(graph)?\s*(credit|by)\s*:|\bImage\s*(credit|source)?\s*:)",
)
# A paragraph ending like this cannot be a heading or a finished sentence: the blank line after it broke it.
_INCOMPLETE_END = re.compile(
    r"(?:['’]s|,|\b(?:the|a|an|of|in|at|to|for|with|and|or|but|from|by|on|that|which|who|whose|its|their|his|her))$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[•·▪►\-*]\s+\S")
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{0,500})\)")
_MD_BOLD = re.compile(r"\*\*")
_DATE_TOKEN = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b\s*", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]{1,2000}")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)/(\d{1,2})/(\d{1,2})/")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}
_BYLINE = re.compile(r"^(by\s+)?[A-Z][\w'’.-]{1,30}(\s+[A-Z][\w'’.-]{1,30}){1,3}(\s*(,|and)\s*[A-Z][\w .'’-]{1,60})?$")
# "By Jane Doe and John Roe | Staff writers": a byline that names its authors after "By" (no sentence end).
_BY_LINE = re.compile(r"^(?:(?:posted|written|story|words)\s+)?by\s+[A-Z][^\n.!?]{1,100}$", re.IGNORECASE)

# Metadata header lines at the very top of a text file: key -> Document field. The aliases are the names users
# try for the same field (the JSON reader accepts the same ones, see factcheck.ingest.FIELD_ALIASES).
HEADER_KEYS: dict[str, str] = {
    "outlet": "outlet", "source": "outlet", "site": "outlet", "publisher": "outlet",
    "url": "url", "link": "url",
    "date": "published", "published": "published", "published_at": "published", "publication_date": "published",
    "title": "title", "headline": "title",
    "author": "byline", "byline": "byline",
}
_HEADER_LINE = re.compile(r"^[ \t]*(?P<key>[A-Za-z_]{3,20})[ \t]*:[ \t]*(?P<value>[^\n]*?)[ \t]*$")

# --- timestamp lines: a line made only of date and time pieces and the labels pages put around them ----------
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
# Dates with a year, in the orders pages print them; the named groups feed parse_date.
_DATE_PATTERNS = (
    rf"(?P<mon1>{_MONTH})\s+(?P<day1>{_DAY}),?\s+(?P<year1>\d{{4}})",  # Nov. 30, 2009 / May 5 2010
    rf"(?P<day2>{_DAY})\s+(?:of\s+)?(?P<mon2>{_MONTH}),?\s+(?P<year2>\d{{4}})",  # 6 May 2010
    r"(?P<year3>\d{4})-(?P<num3a>\d{1,2})-(?P<num3b>\d{1,2})",  # 2013-09-13
    r"(?P<num4a>\d{1,2})[/.](?P<num4b>\d{1,2})[/.](?P<year4>\d{4}|\d{2})(?!\d)",  # 11/30/09, 05/05/2010
)
_DATE_ANY = re.compile(r"(?<![\w/])(?:" + "|".join(_DATE_PATTERNS) + r")(?![\w/])", re.IGNORECASE)
# Pieces a timestamp line may hold besides its date: removed one by one; a timestamp line has nothing left.
_STAMP_PIECES = re.compile(
    r"(?:" + "|".join((
        r"(?i:\b(?:first|last)\b)",
        r"(?i:\b(?:published|posted|updated|update|modified|edited|created|uploaded|released|filed)\b)",
        r"(?i:\b(?:time|date|on|at)\b)",
        rf"(?i:\b{_WEEKDAY}(?!\w))",
        rf"(?i:\b{_MONTH}(?!\w))",
        r"(?i:\b\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?\s*(?:[ap]\.?\s?m?\.?)?(?!\w))",  # 9:03am, 5: 55p, 23:37:00
        r"(?i:\b\d{1,2}\s*[ap]\.?m\.?(?!\w))",  # 7pm
        r"\b\d{3,4}\s+(?:GMT|UTC|[A-Z]{1,3}T)\b",  # 1052 GMT, 1852 HKT
        r"\b\d{1,4}(?:st|nd|rd|th)?\b",  # the numbers of a date
        r"(?<![A-Za-z])[A-Z]{2,4}(?![A-Za-z])",  # time zones and countries: ET, BST, AEST, UK
        r"[\s,|@()\-–—:/.·•]+",
    )) + r")",
)
_HAS_MONTH_AND_DAY = re.compile(rf"(?i:\b{_MONTH}\s*{_DAY}\b|\b{_DAY}\s+{_MONTH})")
# A wire dateline that opens a paragraph: a place in capitals, an optional region and date, then the agency in
# brackets or slashes and/or a dash ("WASHINGTON, March 3 (Reuters) - ", "PARIS (AP) — ", "NORTH HARBOR
# /Coastal Region/, May 4. /TASS/. "). It dates and places the report, not the event the sentence tells.
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4})(?:\s*/[^/\n]{1,40}/)?(?:,\s*[A-Z][\w.'’ -]{1,30}?)??"
    r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})\.?)?"
    r"(?:\s*(?:\((?P<agency>[A-Za-z][\w .&-]{1,20})\)|/(?P<agency2>[A-Z][A-Za-z-]{1,15})/)\.?)?"
    r"(?:\s*[-–—]{1,2}|(?<=[)/.]))\s+(?=[A-Z\"“‘'])"
)
_UPDATE_LABEL = re.compile(r"\b(?:updated|update|modified|edited)\b", re.IGNORECASE)
_DASHES = ("-", "–", "—")


def _ends_in_dash(head: str) -> bool:
    """True when ``head`` ends in a dash (trailing whitespace aside) on its first line: "NEW YORK — ".

    Plain string tests, not the regex ``.*[-–—]\\s*$`` they replace: searched over a long line without a dash,
    that regex backtracks over the rest of the line from every start, quadratic in the line's length.
    """
    head = head.rstrip()
    return head.endswith(_DASHES) and "\n" not in head


@dataclass(frozen=True)
class Metadata:
    """What the text itself says about the document (each field found heuristically)."""

    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None  # a wire dateline that opened a paragraph ("PARIS, May 3 (Reuters) -")
    # Where ``published`` came from: "metadata" (a ``date:`` header line), "text" (a timestamp or dateline line)
    # or "url" (a /YYYY/MM/DD/ path in the article's URL).
    published_from: str | None = None


@dataclass(frozen=True)
class CleanText:
    """A document's cleaned text and the way back to its original input."""

    doc_id: str
    original: str
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in `original` of cleaned character i
    removed: tuple[Removed, ...] = ()
    meta: Metadata = field(default_factory=Metadata)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span ``[start, end)`` to the smallest original span that contains it."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class _Para:
    start: int
    end: int
    text: str
    keep: bool = True


def _hard_wrapped(lines: list[str]) -> bool:
    """True when a block's line breaks are mostly inside sentences: text wrapped at a fixed width.

    A wrap is a line that ends mid-sentence and is nearly as long as the block's longest line. A page whose
    lines are paragraphs ends nearly every line with a sentence end; the short lines that do not (headlines,
    timestamps) are no wraps.
    """
    inner = [ln.rstrip() for ln in lines[:-1] if ln.strip()]
    if len(inner) < 2:
        return False  # a title over one sentence: the rejoining of broken sentences handles a single wrap
    width = max(len(ln.rstrip()) for ln in lines)
    if width < 50:
        return False  # prose is wrapped at 60-80 characters; a block of short lines is a list of short items
    wraps = sum(1 for ln in inner if not _ends_sentence(ln) and len(ln) >= 0.6 * width)
    return wraps * 2 > len(inner)


def _ends_sentence(t: str) -> bool:
    """True when ``t`` ends like a sentence: a stop, possibly inside closing quotes or brackets, or a colon.

    A line ending in a bare closing quote ("... calls the deaths 'Murder'") is a headline, not a sentence.
    """
    return bool(_SENTENCE_END.search(t))


_BLOCK = re.compile(r"[^\n]+(?:\n[ \t\r\f\v]*(?=[^\s])[^\n]*)*")


def _paragraphs(text: str, start: int = 0) -> list[_Para]:
    """Blocks separated by blank lines, from offset ``start`` on; a block whose lines are paragraphs gives one
    paragraph a line."""
    paras: list[_Para] = []
    for m in _BLOCK.finditer(text, start):
        s, e = m.start(), m.end()
        lines = text[s:e].split("\n")
        if len(lines) > 1 and not _hard_wrapped(lines):
            pieces, pos = [], s
            for ln in lines:
                pieces.append((pos, pos + len(ln)))
                pos += len(ln) + 1
        else:
            pieces = [(s, e)]
        for ps, pe in pieces:
            raw = text[ps:pe]
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            if pe - trail > ps + lead:
                paras.append(_Para(ps + lead, pe - trail, text[ps + lead : pe - trail]))
    return paras


def _two_digit_year(y: str) -> int:
    # "09" is 2009 and "97" is 1997: news archives online start in the 1990s.
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 70 else 1900 + n)


def _date_of(m: re.Match[str]) -> dt.date | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    try:
        if "mon1" in g or "mon2" in g:
            month = _MONTHS.get((g.get("mon1") or g["mon2"]).lower().rstrip("."))
            day = int(re.match(r"\d+", g.get("day1") or g["day2"])[0])
            return dt.date(int(g.get("year1") or g["year2"]), month, day) if month else None
        if "year3" in g:
            return dt.date(int(g["year3"]), int(g["num3a"]), int(g["num3b"]))
        a, b = int(g["num4a"]), int(g["num4b"])
        # Month first (the US order of the pages in the development set) unless the first number cannot be a
        # month; "05/02/07" is read as 2 May 2007.
        month, day = (b, a) if a > 12 else (a, b)
        return dt.date(_two_digit_year(g["year4"]), month, day)
    except (KeyError, TypeError, ValueError):
        return None


def parse_date(text: str, *, at_start: bool = False) -> dt.date | None:
    """The first calendar date with a year in ``text`` ("Nov. 30, 2009", "6 May 2010", "2013-09-13", "11/30/09").

    Args:
        text: any string.
        at_start: only a date at the very start of ``text`` (after spaces and a weekday) counts.

    Example:
        >>> parse_date("Updated Thu 6 May 2010, 9:03am AEST")
        datetime.date(2010, 5, 6)
    """
    if at_start:
        text = re.sub(rf"(?i)^\s*{_WEEKDAY},?\s*", "", text)
        m = _DATE_ANY.match(text.lstrip())
    else:
        m = _DATE_ANY.search(text)
    return _date_of(m) if m else None


@dataclass(frozen=True)
class _Stamp:
    published: dt.date | None
    update: bool  # the date is labelled as an update or an edit, not the first publication


def _timestamp(line: str) -> _Stamp | None:
    """Read a line made only of date and time pieces and their labels; None for any other line."""
    if len(line) > 100 or not any(ch.isdigit() for ch in line):
        return None
    if _STAMP_PIECES.sub("", line).strip():
        return None  # a word that is no part of a timestamp: a sentence or a heading
    m = _DATE_ANY.search(line)
    if m is None:
        # "APR 28", "Tuesday 9:15 AM": still page furniture, but no year to date the article by
        return _Stamp(None, False) if _HAS_MONTH_AND_DAY.search(line) or ":" in line else None
    return _Stamp(_date_of(m), bool(_UPDATE_LABEL.search(line[: m.start()])))


def _outlet_from_url(url: str) -> str | None:
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("m.")
    return host or None


def _broken(prev: _Para, nxt: _Para) -> bool:
    """True when ``prev`` is a sentence that a blank line cut before ``nxt`` continues it."""
    if prev.text[-1] in _TERMINAL:
        return False
    return nxt.text[:1].islower() or (len(prev.text.split()) > 6 and bool(_INCOMPLETE_END.search(prev.text)))


@dataclass
class _State:
    """What the cleaner has learnt so far about one document while it walks the paragraphs in order."""

    meta: dict = field(default_factory=dict)
    stamp_update: dt.date | None = None  # an "Updated ..." date, used only when no other date is found
    headline_seen: bool = False


def _is_body(p: _Para) -> bool:
    """A kept paragraph that ends like a sentence and is longer than a headline: the article has begun."""
    return p.keep and _ends_sentence(p.text) and len(p.text.split()) > 8


def _classify(p: _Para, index: int, paras: list[_Para], st: _State, *, body_seen: bool, later: bool) -> str | None:
    """Return the reason for removing paragraph ``p``, or None to keep it.

    ``body_seen``: a body paragraph came before; ``later``: some paragraph after this one ends like a sentence.
    """
    meta = st.meta
    t = p.text.strip()
    first_line = t.split("\n", 1)[0].strip()
    is_line = "\n" not in t
    if is_line:
        stamp = _timestamp(t)
        if stamp is not None:
            if stamp.published is not None:
                if stamp.update:
                    st.stamp_update = st.stamp_update or stamp.published
                elif "published" not in meta:
                    meta["published"], meta["published_from"] = stamp.published, "text"
            return "metadata: timestamp"
    for reason, pat in _BOILERPLATE:
        if pat.search(first_line):
            if reason == "metadata: url":
                meta.setdefault("url", t.strip("<>"))
            return reason
    if _CAPTION_CREDIT.search(t) and len(t) < 600:
        return "photo caption"
    no_end = t[-1] not in _TERMINAL
    words = len(t.split())
    by = _BY_LINE.match(t)
    if not body_seen and is_line and no_end and words <= 12 and (by or (st.headline_seen and words <= 5 and _BYLINE.match(t))):
        meta.setdefault("byline", re.sub(r"(?i)^(?:\w+\s+)?by\s+", "", t) if by else t)
        return "metadata: byline"
    continues = index + 1 < len(paras) and paras[index + 1].text[:1].islower()
    if not body_seen and is_line and not _ends_sentence(t) and words <= 30 and later and not continues:
        # (a line whose next paragraph starts in lower case is a sentence a blank line cut, not a headline)
        # A line with no sentence end before the body starts: the headline, then decks and kickers.
        first = not st.headline_seen
        st.headline_seen = True
        if first:
            meta.setdefault("title", t)
            return "metadata: title"
        return "metadata: headline"
    if body_seen and is_line and no_end and words <= 14 and index + 1 < len(paras) and not _broken(p, paras[index + 1]):
        nxt = paras[index + 1].text
        if nxt[:1].isupper() or nxt[:1] in "\"“":
            return "heading"
    return None


def _header(text: str, st: _State, drop) -> int:
    """Read ``key: value`` metadata lines at the very top of ``text``; return the offset where they end."""
    pos = 0
    for m in re.finditer(r"[^\n]*(?:\n|$)", text):
        line = m.group(0)
        if not line:
            break
        if not line.strip():  # blank lines before, inside or after the header belong to it
            pos = m.end()
            continue
        h = _HEADER_LINE.match(line.rstrip("\r\n"))
        if h is None or h["key"].lower() not in HEADER_KEYS:
            break
        field_name, value = HEADER_KEYS[h["key"].lower()], h["value"]
        if field_name in ("outlet", "byline") and (len(value) > 100 or value.endswith(".")):
            break  # "Source: officials said ..." opens a sentence, not a header
        reason = "metadata: header"
        if field_name == "published":
            date = parse_date(value, at_start=True)
            if date is None:
                reason = "metadata: header (no date in it)"
            else:
                st.meta["published"], st.meta["published_from"] = date, "metadata"
        elif value:
            st.meta.setdefault(field_name, value)
        s, e = m.start(), m.start() + len(line.rstrip())
        s += len(line) - len(line.lstrip())
        drop(s, e, reason)
        pos = m.end()
    return pos


def sniff_metadata(text: str) -> Metadata:
    """Title, publication date, URL, outlet and byline that the text itself gives (no cleaning kept)."""
    return clean("_", text).meta


def clean(doc_id: str, text: str) -> CleanText:
    """Clean one document's original ``text``.

    Example:
        >>> c = clean("a", "Kim [said](#) hello.\\n\\nShare it...")
        >>> c.text, [r.reason for r in c.removed]
        ('Kim said hello.', ['link markup', 'link markup', 'share prompt'])
    """
    st = _State()
    meta = st.meta
    removed: list[Removed] = []

    def drop(s: int, e: int, reason: str) -> None:
        if e > s:
            removed.append(Removed(doc_id=doc_id, start=s, end=e, text=text[s:e], reason=reason))

    body_start = _header(text, st, drop)
    paras = _paragraphs(text, body_start)
    # A scraper's "date YYYY-MM-DD" token fused to the first line.
    if paras:
        m = _DATE_TOKEN.match(paras[0].text)
        if m:
            try:
                if "published" not in meta:
                    meta["published"] = dt.date(int(m[1]), int(m[2]), int(m[3]))
                    meta["published_from"] = "text"
            except ValueError:
                pass
            drop(paras[0].start, paras[0].start + m.end(), "metadata: date token")
            p0 = paras[0]
            paras[0] = _Para(p0.start + m.end(), p0.end, text[p0.start + m.end() : p0.end])
            if not paras[0].text.strip():
                paras.pop(0)

    # later[i]: some paragraph after i ends like a sentence (a headline needs an article after it)
    later = [False] * len(paras)
    for i in range(len(paras) - 2, -1, -1):
        later[i] = later[i + 1] or _ends_sentence(paras[i + 1].text)
    body_seen = False
    for i, p in enumerate(paras):
        reason = _classify(p, i, paras, st, body_seen=body_seen, later=later[i])
        if reason:
            p.keep = False
            drop(p.start, p.end, reason)
        body_seen = body_seen or _is_body(p)
    for p in paras:
        m = _WIRE_DATELINE.match(p.text) if p.keep else None
        if m and (m["agency"] or m["agency2"] or _ends_in_dash(m.group(0))) and len(m["place"]) >= 3:
            meta.setdefault("dateline", m.group(0).strip())
            drop(p.start, p.start + m.end(), "metadata: dateline")
            p.start, p.text = p.start + m.end(), p.text[m.end():]
    if "published" not in meta and st.stamp_update is not None:
        meta["published"], meta["published_from"] = st.stamp_update, "text"
    # Related-article lists at the end: trailing bullet paragraphs.
    for p in reversed(paras):
        if not p.keep:
            continue
        if all(_BULLET.match(line) for line in p.text.split("\n") if line.strip()):
            p.keep = False
            drop(p.start, p.end, "related links")
        else:
            break

    for u in _URL_IN_TEXT.finditer(text):
        meta.setdefault("url", u.group(0).rstrip(".,>)"))
    if "url" in meta:
        meta.setdefault("outlet", _outlet_from_url(meta["url"]))
        if "published" not in meta:
            um = _URL_DATE.search(meta["url"])
            if um:
                try:
                    meta["published"] = dt.date(int(um[1]), int(um[2]), int(um[3]))
                    meta["published_from"] = "url"
                except ValueError:
                    pass

    # Build the cleaned text: kept paragraphs joined by "\n\n" (or " " where a sentence was broken by a blank
    # line), inline link markup dropped but its words kept.
    out: list[str] = []
    offs: list[int] = []
    kept = [p for p in paras if p.keep]
    for k, p in enumerate(kept):
        if k:
            prev = kept[k - 1]
            sep = " " if _broken(prev, p) else "\n\n"
            out.append(sep)
            offs.extend([prev.end] * len(sep))
        pos = p.start
        segment = text[p.start : p.end]
        cuts: list[tuple[int, int]] = []  # spans (relative to paragraph) to remove
        for m in _MD_LINK.finditer(segment):
            cuts.append((m.start(), m.start() + 1))
            cuts.append((m.end(1), m.end()))
        for m in _MD_BOLD.finditer(segment):
            cuts.append((m.start(), m.end()))
        cuts.sort()
        cursor = 0
        for cs, ce in cuts:
            if cs < cursor:
                continue
            out.append(segment[cursor:cs])
            offs.extend(range(pos + cursor, pos + cs))
            drop(pos + cs, pos + ce, "link markup")
            cursor = ce
        out.append(segment[cursor:])
        offs.extend(range(pos + cursor, pos + len(segment)))
    cleaned = "".join(out)
    assert len(cleaned) == len(offs)
    removed.sort(key=lambda r: (r.start, r.end))
    return CleanText(
        doc_id=doc_id,
        original=text,
        text=cleaned,
        offsets=tuple(offs),
        removed=tuple(removed),
        meta=Metadata(**meta),
    )
