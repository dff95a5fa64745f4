"""Stage 0: inputs (files, directories, strings, dicts) -> :class:`~factcheck.models.Document`.

Supported files: ``.txt`` (a ``key: value`` metadata header, title, timestamp, URL and byline read by
:mod:`factcheck.clean`), ``.json`` (one document object or a list), ``.jsonl`` (one object per line) and
``.html``/``.htm`` (main text extracted with trafilatura; outlet, URL, title and date from the page's meta tags).
A directory means every supported file directly inside it, in name order; other files there are reported in a
warning, never silently skipped, and a file in it that cannot be read as text (binary, empty, undecodable) is
skipped with a warning that names it, as long as some other file could be read. A document read from a file gets
``id`` = the file name's stem unless the input gives one. docs/inputs.md describes every format and field.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factcheck.clean import sniff_metadata
from factcheck.errors import DecodeError, DuplicateIdError, InputTooLargeError, SchemaError, UnreadableInputError
from factcheck.models import Document

__all__ = ["load", "to_documents", "json_lines", "FactcheckWarning", "LoadedDocuments", "SUFFIXES", "MAX_CHARS",
           "MAX_BYTES", "FIELD_ALIASES"]

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
# One article of 2 million characters is ~300,000 words, far beyond any news story; larger inputs are refused
# rather than spending minutes of CPU on them.
MAX_CHARS = 2_000_000
# No text encoding spends more than 4 bytes on a character, so a file larger than this is refused from its size
# alone, before a byte of it is read or decoded.
MAX_BYTES = 4 * MAX_CHARS
_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
_FIELDS = set(Document.model_fields) - {"inferred", "source", "published_from"}
# Names users try for a document field in JSON / JSONL, mapped to the field (the .txt header accepts the same).
FIELD_ALIASES: dict[str, str] = {
    "date": "published", "published_at": "published", "publication_date": "published", "pubdate": "published",
    "source": "outlet", "site": "outlet", "publisher": "outlet", "site_name": "outlet",
    "link": "url",
    "headline": "title",
    "body": "text", "content": "text",
}


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class FactcheckWarning(UserWarning):
    """Something worth telling the user that does not stop the check (a skipped file, an inferred field)."""


class LoadedDocuments(list):
    """The documents :func:`load` read (a plain list of :class:`~factcheck.models.Document`), and ``notes``: the
    files in a folder it skipped because they could not be read as text, each with its reason.
    :func:`factcheck.check` copies the notes into ``Report.warnings``, so a report names every file it left out."""

    def __init__(self, docs: Iterable[Document] = (), notes: Iterable[str] = ()) -> None:
        super().__init__(docs)
        self.notes: tuple[str, ...] = tuple(notes)


def json_lines(lines: Iterable[str], where: str) -> Iterable[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSON-lines text; a bad line is a clear SchemaError.

    ``where`` names the source in the message ("'feed.jsonl'", "stdin").
    """
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{where} line {n} is not valid JSON ({exc.msg}).") from None
        except RecursionError:
            raise SchemaError(f"{where} line {n} nests JSON too deeply to be a document.") from None


def _warn(message: str, notes: list[str] | None, *, stacklevel: int = 3) -> None:
    warnings.warn(message, FactcheckWarning, stacklevel=stacklevel + 1)
    if notes is not None:
        notes.append(message)


def _decode(data: bytes, where: str) -> str:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableInputError(f"{where} is {what}, not text: convert it to .txt, .json or .html first.")
    # A byte-order mark names the encoding (UTF-16 text need not hold a NUL byte: "ā" is 01 01). It is trusted
    # only if the whole file then decodes to text without control characters.
    # FF FE 00 00 is both the UTF-32 mark and the UTF-16 mark before a NUL, so each matching mark is tried.
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if data == bom:
                return ""  # a byte-order mark and nothing else: an empty file
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if text and not _CONTROL.search(text):
                return text
    if b"\x00" in data[:8192]:
        raise UnreadableInputError(f"{where} contains NUL bytes (binary data), not text: give a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = str(best) if best is not None and best.encoding is not None else None
    encoding = best.encoding if guess is not None else None
    # The detector cannot tell the Latin code pages apart on short text (it reads Latin-1 "coûte" as cp1250
    # "coűte") and calls stray bytes in English "cp1006" (Urdu). When its guess reads as Latin script, or as no
    # language at all, and the bytes are valid windows-1252 (the legacy default of Western web text, and a
    # superset of Latin-1's printable range), windows-1252 is the better reading. No guess at all means every
    # encoding read as noise: that stays an error.
    if guess is not None and (_latin_only(guess) or best.coherence == 0.0):
        try:
            guess, encoding = data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            pass
    if guess is None:
        raise DecodeError(f"{where} is not UTF-8 and its encoding could not be detected: re-save it as UTF-8.")
    warnings.warn(f"{where} is not UTF-8; decoded as {encoding} (detected; re-save it as UTF-8 to be sure).",
                  FactcheckWarning, stacklevel=3)
    return guess


def _latin_only(text: str) -> bool:
    """True when every letter in ``text`` is a Latin-script letter."""
    import unicodedata

    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in set(text) if ch.isalpha())


def _read(path: Path) -> str:
    where = f"{str(path)!r}"
    try:
        # stat first: a FIFO or a device (/dev/zero) would block or never end, and a huge file is refused by its
        # size without reading it.
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInputError(f"{where} is a directory where a file was expected.")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableInputError(f"{where} is not a regular file (a pipe, socket or device): give a text file.")
        if st.st_size > MAX_BYTES:
            raise _too_large(where, f"{st.st_size:,} bytes", f"{MAX_BYTES:,} bytes")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # bounded even if the file grows after the stat
    except FileNotFoundError:
        raise UnreadableInputError(f"{where} does not exist: check the path.") from None
    except IsADirectoryError:
        raise UnreadableInputError(f"{where} is a directory where a file was expected.") from None
    except PermissionError:
        raise UnreadableInputError(f"{where} cannot be read (permission denied): check its permissions.") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableInputError(f"{where} cannot be read ({reason}): check the path and the file.") from None
    if len(data) > MAX_BYTES:
        raise _too_large(where, f"more than {MAX_BYTES:,} bytes", f"{MAX_BYTES:,} bytes")
    text = _decode(data, where)
    if not text.strip():
        raise UnreadableInputError(f"{where} is empty: give an article with text.")
    _check_size(text, where)
    return text


def _too_large(where: str, size: str, limit: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"{where} has {size}, over the limit of {limit} for one article (factcheck.ingest.MAX_CHARS = "
        f"{MAX_CHARS:,} characters): split it into articles, or pass only the article's text."
    )


def _check_size(text: str, where: str) -> None:
    if len(text) > MAX_CHARS:
        raise _too_large(where, f"{len(text):,} characters", f"{MAX_CHARS:,} characters")


def _scrub(doc: Document, where: str) -> Document:
    """Refuse an over-long text; replace lone surrogates (no encoding can write them) one for one, with a warning.

    A Python string can hold a lone surrogate (from ``json.loads('"\\ud800"')`` or a bad decode with
    ``surrogateescape``); it would break hashing, JSON output and the models. U+FFFD keeps every offset as it was.
    """
    _check_size(doc.text, where)
    update = {}
    for name in ("id", "text", "outlet", "url", "title"):
        value = getattr(doc, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            update[name] = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)
    if update:
        warnings.warn(f"{where}: lone surrogate characters in {', '.join(update)} replaced by U+FFFD (they are "
                      "not text).", FactcheckWarning, stacklevel=4)
        doc = doc.model_copy(update=update)
    return doc


def _from_text(text: str, *, doc_id: str, source: str | None, published_from: str = "input", **given: Any) -> Document:
    """A Document from its text and the fields the input gave; what the text itself says fills the rest.

    A field the input gives is never overridden by one found in the text; ``published_from`` says where the
    given date came from ("input" for JSON and Python objects, "metadata" for HTML meta tags).
    """
    meta = sniff_metadata(text)
    found: dict[str, Any] = {}
    for name in ("title", "published", "url", "outlet"):
        if given.get(name) is None and getattr(meta, name) is not None:
            found[name] = getattr(meta, name)
    fields = {k: v for k, v in given.items() if v is not None}
    if "published" in fields:
        fields["published_from"] = published_from
    elif "published" in found:
        fields["published_from"] = meta.published_from
    return Document(id=doc_id, text=text, source=source, inferred=tuple(sorted(found)), **fields, **found)


def _alias_list() -> str:
    """ "date, published_at, ... for published; source, ... for outlet": the aliases grouped by field."""
    by_field: dict[str, list[str]] = {}
    for alias, name in FIELD_ALIASES.items():
        by_field.setdefault(name, []).append(alias)
    return "; ".join(f"{', '.join(aliases)} for {name}" for name, aliases in by_field.items())


def _unalias(obj: Mapping, where: str) -> dict:
    """Map the field names users try ("date", "source", "link" ...) to the Document's; refuse unknown ones."""
    data: dict = {}
    for key, value in obj.items():
        name = FIELD_ALIASES.get(key, key) if isinstance(key, str) else key
        if name in data:
            raise SchemaError(f"{where}: {key!r} and another field both give {name!r}; keep one of them.")
        data[name] = value
    unknown = sorted(map(str, set(data) - _FIELDS))
    if unknown:
        import difflib

        hints = []
        for u in unknown:
            close = difflib.get_close_matches(u.lower(), sorted(_FIELDS | set(FIELD_ALIASES)), n=1, cutoff=0.6)
            if close:
                hints.append(f"{u!r}: did you mean {FIELD_ALIASES.get(close[0], close[0])!r}?")
        raise SchemaError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; a document has "
            f"{', '.join(sorted(_FIELDS))} (also accepted: {_alias_list()})"
            + (f" - {'; '.join(hints)}" if hints else "") + "."
        )
    return data


def _from_mapping(obj: Any, *, default_id: str, where: str, source: str | None) -> Document:
    if not isinstance(obj, Mapping):
        raise SchemaError(f"{where}: expected a JSON object with at least a 'text' field, got {type(obj).__name__}.")
    data = _unalias(obj, where)
    if "text" not in data:
        raise SchemaError(f"{where}: the document has no 'text' field.")
    if not isinstance(data["text"], str):
        raise SchemaError(f"{where}: 'text' must be a string, got {type(data['text']).__name__}.")
    if not data["text"].strip():
        raise SchemaError(f"{where}: 'text' is empty.")
    _check_size(data["text"], where)
    doc_id = data.pop("id", None)
    if doc_id is None:
        doc_id = default_id
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise SchemaError(f"{where}: 'id' must be a non-empty string.")
    text = data.pop("text")
    if isinstance(data.get("published"), str):
        # a timestamp ("2013-09-13T10:02:00Z", what "published_at" fields hold) or a written date: the day
        from factcheck.clean import parse_date

        day = _to_date(data["published"]) or parse_date(data["published"], at_start=True)
        if day is not None:
            data["published"] = day
    try:
        probe = Document(id=doc_id, text=text, **data)  # validates types ("published" as a date string ...)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        given = next((k for k, v in obj.items() if FIELD_ALIASES.get(k, k) == field), field)
        hint = " (a date: YYYY-MM-DD)" if field == "published" else ""
        raise SchemaError(f"{where}: field {given!r}: {err['msg']}{hint}.") from None
    return _from_text(
        text, doc_id=doc_id, source=source, outlet=probe.outlet, url=probe.url, published=probe.published,
        title=probe.title,
    )


def _load_file(path: Path) -> list[Document]:
    suffix = path.suffix.lower()
    text = _read(path)
    src = str(path)
    if suffix == ".txt":
        return [_from_text(text, doc_id=path.stem, source=src)]
    if suffix in (".html", ".htm"):
        return [_from_html(text, doc_id=path.stem, source=src)]
    if suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{src!r} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
        except RecursionError:  # "[[[[..." thousands deep: no document is nested like that
            raise SchemaError(f"{src!r} nests JSON too deeply to be a document: give objects with a 'text' field.") from None
        items = obj if isinstance(obj, list) else [obj]
        if not items:
            raise SchemaError(f"{src!r} holds an empty list: no documents.")
        single = not isinstance(obj, list)
        return [
            _from_mapping(o, default_id=path.stem if single else f"{path.stem}-{i + 1}",
                          where=f"{src!r}" + ("" if single else f" item {i + 1}"), source=src)
            for i, o in enumerate(items)
        ]
    if suffix == ".jsonl":
        docs = [_from_mapping(obj, default_id=f"{path.stem}-{n}", where=f"{src!r} line {n}", source=src)
                for n, obj in json_lines(text.splitlines(), repr(src))]
        if not docs:
            raise SchemaError(f"{src!r} has no JSON lines: no documents.")
        return docs
    raise UnreadableInputError(
        f"{src!r} has an unsupported type {suffix or '(none)'}: use one of {', '.join(SUFFIXES)}."
    )


# Meta tags that date an HTML article, most specific first (Open Graph article tags, then schema.org, Dublin
# Core and the names news CMSs use).
_HTML_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "pubdate",
    "publishdate", "publish-date", "publication_date", "sailthru.date", "parsely-pub-date",
)


def _to_date(value: Any) -> dt.date | None:
    """A date from an ISO date or timestamp ("2013-09-13", "2013-09-13T10:02:00Z") or a written date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    try:
        return dt.date.fromisoformat(v[:10]) if re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", v) else None
    except ValueError:
        return None


def _html_meta(html: str) -> dict[str, Any]:
    """Outlet, URL, title and publication date that a page's own meta tags declare (what a page says of itself
    beats what a heuristic reads from its text)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - a page lxml cannot read has no meta tags to give
        return {}
    tags: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key and content:
            tags.setdefault(key, content)
    for t in tree.iter("time"):  # <time itemprop="datePublished" datetime="..."> / <time pubdate datetime="...">
        if t.get("datetime") and ((t.get("itemprop") or "").lower() == "datepublished" or t.get("pubdate") is not None):
            tags.setdefault("datepublished", t.get("datetime").strip())
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < 1000:
            item, seen = stack.pop(), seen + 1
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    tags.setdefault("datepublished", item["datePublished"].strip())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    canonical = next((ln.get("href") for ln in tree.iter("link")
                      if "canonical" in (ln.get("rel") or "").lower().split() and ln.get("href")), None)
    from factcheck.clean import _outlet_from_url

    url = tags.get("og:url") if (tags.get("og:url") or "").startswith("http") else None
    url = url or (canonical if canonical and canonical.startswith("http") else None)
    out: dict[str, Any] = {}
    if url:
        out["url"] = url
    outlet = tags.get("og:site_name") or (_outlet_from_url(url) if url else None)
    if outlet:
        out["outlet"] = outlet
    if tags.get("og:title"):
        out["title"] = tags["og:title"]
    for key in _HTML_DATE_KEYS:
        date = _to_date(tags.get(key))
        if date is not None:
            out["published"] = date
            break
    return out


def _from_html(html: str, *, doc_id: str, source: str | None) -> Document:
    import trafilatura

    # trafilatura drops <script>, <style>, <iframe>, <noscript> and forms and never fetches or runs anything; a
    # page it cannot parse at all is bad input, whatever the parser's exception type.
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many types on malformed pages
        raise UnreadableInputError(
            f"{source or doc_id!r}: the HTML could not be parsed ({type(exc).__name__}); save the article as text."
        ) from None
    if not text or not text.strip():
        raise UnreadableInputError(f"{source or doc_id!r}: no article text could be extracted from the HTML.")
    tags = _html_meta(html)
    # trafilatura's own reading comes second: its site name may be taken from the <title> ("Story | Site") and
    # its date guessed from the text or the URL.
    fallback_date = _to_date(getattr(meta, "date", None))
    doc = _from_text(
        text, doc_id=doc_id, source=source, published_from="metadata",
        title=tags.get("title") or getattr(meta, "title", None),
        url=tags.get("url") or getattr(meta, "url", None),
        outlet=tags.get("outlet") or getattr(meta, "sitename", None),
        published=tags.get("published"),
    )
    if doc.published is None and fallback_date is not None:
        doc = doc.model_copy(update={"published": fallback_date, "published_from": "text",
                                     "inferred": tuple(sorted({*doc.inferred, "published"}))})
    return doc


def _expand(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files, skipped = [], []
    try:
        entries = sorted(path.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise UnreadableInputError(f"{str(path)!r} cannot be listed ({exc.strerror}).") from None
    for p in entries:
        if p.name.startswith("."):
            continue
        if p.is_file() and p.suffix.lower() in SUFFIXES:
            files.append(p)
        else:
            skipped.append(p.name + ("/" if p.is_dir() else ""))
    if skipped:
        # listed for the user, not in the report: a folder of articles often holds notes or a README beside them
        warnings.warn(f"{str(path)!r}: not read (unsupported or a folder): {', '.join(skipped)}",
                      FactcheckWarning, stacklevel=4)
    if not files:
        raise UnreadableInputError(f"{str(path)!r} holds no {', '.join(SUFFIXES)} files.")
    return files


def _load_folder(folder: Path, notes: list[str]) -> list[Document]:
    """Every readable article in ``folder``; one that cannot be read as text is skipped with a warning naming it.

    Only when no file in the folder can be read does the first reason become the error. A file named on its own
    (not through its folder) that cannot be read stays an error: the user asked for that file.
    """
    docs: list[Document] = []
    failures: list[tuple[Path, UnreadableInputError | DecodeError]] = []
    for f in _expand(folder):
        try:
            docs.extend(_load_file(f))
        except (UnreadableInputError, DecodeError) as exc:
            failures.append((f, exc))
    if failures and not docs:
        if len(failures) == 1:
            raise failures[0][1]
        first = failures[0][1]
        raise type(first)(
            f"{str(folder)!r}: no file could be read ({len(failures)} tried); the first: {first}"
        ) from None
    for f, exc in failures:
        _warn(f"skipped {f.name!r} in {str(folder)!r}: {exc}", notes)
    return docs


def _check_ids(docs: list[Document]) -> list[Document]:
    seen: dict[str, str] = {}
    for d in docs:
        if d.id in seen:
            raise DuplicateIdError(
                f"two documents have the id {d.id!r} ({seen[d.id]} and {d.source or 'an input object'}): "
                "give each document a unique id."
            )
        seen[d.id] = d.source or "an input object"
    return docs


def load(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> LoadedDocuments:
    """Read documents from files and directories.

    In a directory, a file that cannot be read as text (binary, empty, undecodable) is skipped with a
    :class:`FactcheckWarning` that names it; the returned list's ``notes`` keep those warnings for the report.

    Example:
        >>> docs = load("articles/")  # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    docs: list[Document] = []
    notes: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            docs.extend(_load_folder(path, notes))
        else:
            docs.extend(_load_file(path))
    return LoadedDocuments(_check_ids(docs), notes)


def to_documents(items: Iterable[Any]) -> LoadedDocuments:
    """Turn what a user hands :func:`factcheck.check` into Documents: Documents, strings, dicts or paths.

    The result's ``notes`` carry over what :func:`load` said (skipped files) for each path among ``items``.
    """
    notes: list[str] = list(getattr(items, "notes", ()))
    if isinstance(items, (str, os.PathLike, Document, Mapping)):
        items = [items]
    docs: list[Document] = []
    for i, item in enumerate(items):
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, os.PathLike):
            loaded = load(item)
            docs.extend(loaded)
            notes.extend(loaded.notes)
        elif isinstance(item, str):
            if not item.strip():
                raise SchemaError(f"document {i + 1} is an empty string.")
            _check_size(item, f"document {i + 1}")
            docs.append(_from_text(item, doc_id=f"doc{i + 1}", source=None))
        elif isinstance(item, Mapping):
            docs.append(_from_mapping(item, default_id=f"doc{i + 1}", where=f"document {i + 1}", source=None))
        else:
            raise SchemaError(
                f"document {i + 1} is a {type(item).__name__}; give a factcheck.Document, a str, a dict or a path."
            )
    docs = [_scrub(d, repr(d.source) if d.source else f"document {d.id!r}") for d in docs]
    return LoadedDocuments(_check_ids(docs), notes)
