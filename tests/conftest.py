"""Shared fixtures. The real model is loaded once per session (as sentence-transformers' own tests do)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "fixtures" / "kim_putin_2023"
GOLD = STORY / "expected" / "gold.json"


@pytest.fixture(scope="session")
def story_dir() -> Path:
    return STORY


@pytest.fixture(scope="session")
def story_docs():
    import factcheck

    return factcheck.load(STORY)


@pytest.fixture(scope="session")
def story_report(story_docs):
    """The reference story checked with the real bundled model (the end-to-end path)."""
    import factcheck

    return factcheck.check(story_docs)


@pytest.fixture(scope="session")
def gold() -> dict:
    import json

    return json.loads(GOLD.read_text(encoding="utf-8"))
