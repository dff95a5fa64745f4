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
