"""The labelled slot set: at least 150 labels, and per-slot precision and recall of at least 0.9."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "slot_eval.py"


def test_slot_eval_precision_and_recall_per_slot():
    spec = importlib.util.spec_from_file_location("slot_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.evaluate()
    assert sum(row["labels"] for row in table.values()) >= 150
    assert {"quantity", "time", "quote", "attribution", "modality", "negation", "entity", "place"} <= set(table)
    for slot, row in table.items():
        assert row["precision"] >= 0.9 and row["recall"] >= 0.9, (slot, row)
