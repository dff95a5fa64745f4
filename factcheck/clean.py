"""Stage 1: original text -> cleaned text with an offset map back to the original.

Scraped articles carry debris: photo captions and credits, share prompts, comment forms, related-article lists,
newsletter prompts, embed placeholders, markdown link stubs (``[reported](#)``), metadata lines (title, byline,
dateline, source URL) and sentences broken by a blank line. The cleaner removes the debris, keeps the words of
link stubs, re-joins broken sentences, and records every removed piece with a reason, so nothing is lost
silently. ``CleanText.to_original`` maps any cleaned span back to the original input.

The patterns are general news-page furniture, kept in the ``_BOILERPLATE`` table below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from factcheck.models import Removed

__all__ = ["CleanText", "Metadata", "clean", "sniff_metadata"]

_TERMINAL = ".!?:;\"'”’»)…"

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
_DATELINE = re.compile(
    r"^(?:published|posted|updated)?:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>\d{4})|(?P<d2>\d{1,2})\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    r"(?:[,\s]+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by\s+)?[A-Z][\w'’.-]{1,30}(\s+[A-Z][\w'’.-]{1,30}){1,3}(\s*(,|and)\s*[A-Z][\w .'’-]{1,60})?$")


@dataclass(frozen=True)
class Metadata:
    """What the text itself says about the document (each field found heuristically)."""

    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None


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


def _paragraphs(text: str) -> list[_Para]:
    paras: list[_Para] = []
    for m in re.finditer(r"[^\n]+(?:\n[ \t\r\f\v]*(?=[^\s])[^\n]*)*", text):
        s, e = m.start(), m.end()
        raw = text[s:e]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        if e - trail > s + lead:
            paras.append(_Para(s + lead, e - trail, text[s + lead : e - trail]))
    return paras


def _parse_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        month = _MONTHS.get((g.get("m1") or g.get("m2") or "").lower().rstrip("."))
        if month is None:
            return None
        return dt.date(int(g.get("y1") or g.get("y2")), month, int(g.get("d1") or g.get("d2")))
    except (TypeError, ValueError):
        return None


def _outlet_from_url(url: str) -> str | None:
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("m.")
    return host or None


def _broken(prev: _Para, nxt: _Para) -> bool:
    """True when ``prev`` is a sentence that a blank line cut before ``nxt`` continues it."""
    if prev.text[-1] in _TERMINAL:
        return False
    return nxt.text[:1].islower() or (len(prev.text.split()) > 6 and bool(_INCOMPLETE_END.search(prev.text)))


def _classify(p: _Para, index: int, paras: list[_Para], meta: dict) -> str | None:
    """Return the reason for removing paragraph ``p``, or None to keep it."""
    t = p.text.strip()
    first_line = t.split("\n", 1)[0].strip()
    for reason, pat in _BOILERPLATE:
        if pat.search(first_line):
            if reason.startswith("metadata: url") and reason == "metadata: url":
                meta.setdefault("url", t.strip("<>"))
            return reason
    if _CAPTION_CREDIT.search(t) and len(t) < 600:
        return "photo caption"
    is_line = "\n" not in t
    no_end = t[-1] not in _TERMINAL
    words = len(t.split())
    if is_line and _DATELINE.match(t):
        d = _parse_date(_DATELINE.match(t))
        if d and "published" not in meta:
            meta["published"] = d
        return "metadata: dateline"
    body_seen = any(q.keep and q.text[-1:] in _TERMINAL and len(q.text.split()) > 8 for q in paras[:index])
    if index == 0 and is_line and no_end and words <= 30 and len(paras) > 1:
        meta.setdefault("title", t)
        return "metadata: title"
    if not body_seen and is_line and words <= 5 and _BYLINE.match(t):
        meta.setdefault("byline", t.removeprefix("By ").removeprefix("by "))
        return "metadata: byline"
    if body_seen and is_line and no_end and words <= 14 and index + 1 < len(paras) and not _broken(p, paras[index + 1]):
        nxt = paras[index + 1].text
        if nxt[:1].isupper() or nxt[:1] in "\"“":
            return "heading"
    return None


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
    meta: dict = {}
    removed: list[Removed] = []

    def drop(s: int, e: int, reason: str) -> None:
        if e > s:
            removed.append(Removed(doc_id=doc_id, start=s, end=e, text=text[s:e], reason=reason))

    paras = _paragraphs(text)
    # A scraper's "date YYYY-MM-DD" token fused to the first line.
    if paras:
        m = _DATE_TOKEN.match(paras[0].text)
        if m:
            try:
                meta["published"] = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
            drop(paras[0].start, paras[0].start + m.end(), "metadata: date token")
            p0 = paras[0]
            paras[0] = _Para(p0.start + m.end(), p0.end, text[p0.start + m.end() : p0.end])
            if not paras[0].text.strip():
                paras.pop(0)

    for i, p in enumerate(paras):
        reason = _classify(p, i, paras, meta)
        if reason:
            p.keep = False
            drop(p.start, p.end, reason)
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
