"""Slot extractors: pure functions from a sentence (text, or a spaCy Doc of it) to typed slot values.

Each extractor returns offsets relative to the string it was given; :mod:`factcheck.claims` moves them into
document coordinates. Each module also exposes ``eval_items(text, published) -> list[(span_text, key)]`` used by
``scripts/slot_eval.py`` to score it against ``fixtures/slot_eval/*.jsonl``.
"""
