"""Loading documents: file types, ids, metadata, and a clear FactcheckError for every kind of bad input."""

from __future__ import annotations

import json

import pytest

import factcheck
from factcheck.errors import (
    DecodeError,
    DuplicateIdError,
    SchemaError,
    TooFewDocumentsError,
    UnreadableInputError,
)


def test_ingest_directory_reads_every_article_with_stem_ids(story_dir):
    docs = factcheck.load(story_dir)
    assert [d.id for d in docs] == sorted(p.stem for p in story_dir.glob("*.txt"))
    assert all(d.text == (story_dir / f"{d.id}.txt").read_text(encoding="utf-8") for d in docs)


def test_ingest_txt_metadata_marked_inferred(story_dir):
    doc = factcheck.load(next(story_dir.glob("000_*.txt")))[0]
    assert doc.url.startswith("https://www.themoscowtimes.com/2023/09/12/")
    assert str(doc.published) == "2023-09-12"
    assert "published" in doc.inferred and "title" in doc.inferred


def test_ingest_json_list_and_jsonl(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "x", "text": "One.", "published": "2024-01-02"},
                                                 {"text": "Two.", "outlet": "Wire"}]))
    (tmp_path / "b.jsonl").write_text('{"id": "y", "text": "Three."}\n\n{"text": "Four."}\n')
    docs = factcheck.load([tmp_path / "a.json", tmp_path / "b.jsonl"])
    assert [d.id for d in docs] == ["x", "a-2", "y", "b-3"]
    assert str(docs[0].published) == "2024-01-02" and docs[1].outlet == "Wire"


def test_ingest_html_main_text_extracted(tmp_path):
    body = "<p>" + " ".join(["The council approved the budget of 4 million euros on Monday."] * 5) + "</p>"
    html = f"<html><head><title>Budget</title></head><body><nav>Home | News</nav><article>{body}</article></body></html>"
    (tmp_path / "page.html").write_text(html)
    doc = factcheck.load(tmp_path / "page.html")[0]
    assert "approved the budget" in doc.text and "Home | News" not in doc.text


def test_ingest_python_objects():
    docs = factcheck.ingest.to_documents(["First text.", {"id": "k", "text": "Second."}])
    assert [d.id for d in docs] == ["doc1", "k"]


@pytest.mark.parametrize(
    "name,data,error",
    [
        ("empty.txt", b"", UnreadableInputError),
        ("blank.txt", b"   \n\t\n", UnreadableInputError),
        ("doc.txt", b"%PDF-1.7\n...", UnreadableInputError),
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00", UnreadableInputError),
        ("nul.txt", b"abc\x00def", UnreadableInputError),
        ("bad.json", b"{not json", SchemaError),
        ("notext.json", b'{"id": "a"}', SchemaError),
        ("typed.json", b'{"id": "a", "text": 5}', SchemaError),
        ("extra.json", b'{"id": "a", "text": "x", "colour": "red"}', SchemaError),
        ("date.json", b'{"id": "a", "text": "x", "published": "not a date"}', SchemaError),
        ("doc.pdf", b"hello", UnreadableInputError),
    ],
)
def test_ingest_bad_input_clear_error(tmp_path, name, data, error):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(error) as info:
        factcheck.load(tmp_path / name)
    assert name in str(info.value)


def test_ingest_missing_path():
    with pytest.raises(UnreadableInputError, match="does not exist"):
        factcheck.load("/no/such/file.txt")


def test_ingest_latin1_decoded_with_warning(tmp_path):
    (tmp_path / "l1.txt").write_bytes("Le café a ouvert à Genève, a déclaré le maire lundi.".encode("cp1252"))
    with pytest.warns(factcheck.FactcheckWarning, match="not UTF-8"):
        doc = factcheck.load(tmp_path / "l1.txt")[0]
    assert "café" in doc.text


def test_ingest_undecodable_bytes_clear_error(tmp_path, monkeypatch):
    import charset_normalizer

    class _NoGuess:
        def best(self):
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: _NoGuess())
    (tmp_path / "x.txt").write_bytes(b"\xff\xfe\xfa bad")
    with pytest.raises(DecodeError):
        factcheck.load(tmp_path / "x.txt")


def test_ingest_duplicate_ids(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "same", "text": "x"}, {"id": "same", "text": "y"}]))
    with pytest.raises(DuplicateIdError, match="same"):
        factcheck.load(tmp_path / "a.json")


def test_check_needs_two_documents():
    with pytest.raises(TooFewDocumentsError, match="at least two"):
        factcheck.check(["Only one article."])


def test_ingest_directory_reports_skipped_files(tmp_path):
    (tmp_path / "a.txt").write_text("An article.")
    (tmp_path / "notes.md").write_text("notes")
    with pytest.warns(factcheck.FactcheckWarning, match="notes.md"):
        assert len(factcheck.load(tmp_path)) == 1


# ------------------------------------------------------------------ issue 12: field aliases, headers, dates, skips


@pytest.mark.parametrize(
    "alias,field,value,expected",
    [
        ("date", "published", "2013-09-13", "2013-09-13"),
        ("published_at", "published", "2013-09-13T17:02:00Z", "2013-09-13"),
        ("publication_date", "published", "September 13, 2013", "2013-09-13"),
        ("source", "outlet", "Wire", "Wire"),
        ("site", "outlet", "Wire", "Wire"),
        ("publisher", "outlet", "Wire", "Wire"),
        ("link", "url", "https://example.org/a", "https://example.org/a"),
        ("headline", "title", "A headline", "A headline"),
    ],
)
def test_ingest_json_field_aliases(tmp_path, alias, field, value, expected):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "The mayor resigned on Monday.", alias: value}))
    doc = factcheck.load(tmp_path / "a.jsonl")[0]
    assert str(getattr(doc, field)) == expected
    if field == "published":
        assert doc.published_from == "input" and "published" not in doc.inferred


def test_ingest_unknown_field_error_names_the_accepted_ones(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"text": "x", "pubished": "2013-09-13"}))
    with pytest.raises(SchemaError) as info:
        factcheck.load(tmp_path / "a.json")
    msg = str(info.value)
    assert "'pubished'" in msg and "did you mean 'published'" in msg
    for name in ("id", "outlet", "published", "text", "title", "url", "date for published"):
        assert name in msg


def test_ingest_alias_and_field_together_refused(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"text": "x", "date": "2013-09-13", "published": "2013-09-14"}))
    with pytest.raises(SchemaError, match="keep one"):
        factcheck.load(tmp_path / "a.json")


def test_ingest_bad_date_error_names_the_field_given(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"text": "x", "date": "soon"}))
    with pytest.raises(SchemaError, match="'date'.*YYYY-MM-DD"):
        factcheck.load(tmp_path / "a.json")


def test_ingest_given_date_never_overridden_by_the_text(tmp_path):
    text = "Fire destroys warehouse\nUpdated Thu 6 May 2010, 9:03am AEST\nA fire destroyed the old warehouse, police said."
    (tmp_path / "a.json").write_text(json.dumps({"text": text, "published": "2010-05-05"}))
    doc = factcheck.load(tmp_path / "a.json")[0]
    assert str(doc.published) == "2010-05-05" and doc.published_from == "input"
    (tmp_path / "b.txt").write_text("date: 2010-05-04\n\n" + text)
    doc = factcheck.load(tmp_path / "b.txt")[0]
    assert str(doc.published) == "2010-05-04" and doc.published_from == "metadata"


def test_ingest_txt_header_becomes_document_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(
        "outlet: example.org\nurl: https://example.org/x\ndate: 2013-09-13 (from URL)\ntitle: Crash in Queens\n\n"
        "A woman was killed on Friday in Queens, police said.\n")
    doc = factcheck.load(tmp_path / "a.txt")[0]
    assert (doc.outlet, doc.url, str(doc.published), doc.title) == (
        "example.org", "https://example.org/x", "2013-09-13", "Crash in Queens")
    assert doc.text.startswith("outlet: example.org")  # the original input is kept as it was


def test_ingest_dateline_in_text_dates_the_article(tmp_path):
    (tmp_path / "a.txt").write_text("Fire destroys warehouse\n11/30/09 05:40 PM ET\nA fire destroyed it, police said.\n")
    doc = factcheck.load(tmp_path / "a.txt")[0]
    assert str(doc.published) == "2009-11-30" and doc.published_from == "text" and not doc.published_guessed


@pytest.mark.parametrize(
    "bad",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n", b"abc\x00\x01\x02", b"", b"  \n"],
)
def test_ingest_folder_skips_unreadable_file_with_warning_naming_it(tmp_path, bad):
    (tmp_path / "a.txt").write_text("The mayor resigned on Monday, officials said.")
    (tmp_path / "b.txt").write_text("The mayor quit on Tuesday, aides said.")
    (tmp_path / "broken.txt").write_bytes(bad)
    with pytest.warns(factcheck.FactcheckWarning, match="skipped 'broken.txt'"):
        docs = factcheck.load(tmp_path)
    assert [d.id for d in docs] == ["a", "b"]
    assert len(docs.notes) == 1 and "broken.txt" in docs.notes[0]


def test_ingest_folder_with_nothing_readable_is_still_an_error(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "y.txt").write_bytes(b"")
    with pytest.raises(UnreadableInputError, match="no file could be read"):
        factcheck.load(tmp_path)
    (tmp_path / "y.txt").unlink()
    with pytest.raises(UnreadableInputError, match="PNG"):
        factcheck.load(tmp_path)


def test_ingest_unreadable_file_named_on_its_own_is_still_an_error(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "a.txt").write_text("An article.")
    with pytest.raises(UnreadableInputError, match="PNG"):
        factcheck.load([tmp_path / "a.txt", tmp_path / "x.txt"])


HTML_WITH_META = """<html><head><title>Budget passes | Some Portal Aggregator</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://www.dailyexample.com/2024/03/02/budget">
<meta property="og:title" content="Council passes budget">
<meta property="article:published_time" content="2024-03-01T18:30:00+00:00">
<link rel="canonical" href="https://canonical.example.net/budget">
</head><body><article><p>{body}</p></article></body></html>"""
BODY = " ".join(["The council approved the budget of 4 million euros on Monday after a long debate."] * 5)


def test_ingest_html_meta_tags_preferred(tmp_path):
    (tmp_path / "p.html").write_text(HTML_WITH_META.format(body=BODY))
    doc = factcheck.load(tmp_path / "p.html")[0]
    assert doc.outlet == "The Daily Example"
    assert doc.url == "https://www.dailyexample.com/2024/03/02/budget"
    assert doc.title == "Council passes budget"
    assert str(doc.published) == "2024-03-01" and doc.published_from == "metadata"


def test_ingest_html_outlet_from_og_url_then_canonical_host(tmp_path):
    page = HTML_WITH_META.replace('<meta property="og:site_name" content="The Daily Example">\n', "")
    (tmp_path / "p.html").write_text(page.format(body=BODY))
    assert factcheck.load(tmp_path / "p.html")[0].outlet == "dailyexample.com"
    page = page.replace('<meta property="og:url" content="https://www.dailyexample.com/2024/03/02/budget">\n', "")
    (tmp_path / "p.html").write_text(page.format(body=BODY))
    assert factcheck.load(tmp_path / "p.html")[0].outlet == "canonical.example.net"
