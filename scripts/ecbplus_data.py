"""Read ../shared/ecbplus (ECB+, Cybulska & Vossen 2014, CC BY 3.0) for the event scripts, with a feature cache.

Each subtopic folder holds ``<doc_id>.json`` documents, ``mentions.jsonl`` (gold markables) and
``sentences.jsonl`` (which sentences the annotators validated). Features of the gold event mentions (parse and
MiniLM vectors) are cached under ``.factcheck-cache/ecbplus/`` (git-ignored) keyed by the subtopic and ``FEATURES``:
bump it when factcheck.event_coref.featurize changes (or delete the folder).
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "ecbplus"
CACHE = ROOT / ".factcheck-cache" / "ecbplus"
TRAIN = (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33)
DEV = (2, 5, 12, 18, 21, 23, 34, 35)


@dataclass
class Subtopic:
    name: str
    topic: int
    features: object  # factcheck.event_coref.Features of every gold event mention, in mentions.jsonl order
    chains: list[str]
    validated: np.ndarray  # bool per mention


def subtopics(topics) -> list[Path]:
    if not ECB.is_dir():
        raise SystemExit(f"{ECB} is missing: the ECB+ export is needed (see ../shared/ecbplus/README.md).")
    return [p for t in topics for p in (ECB / f"t{t:02d}_ecb", ECB / f"t{t:02d}_ecbplus") if p.is_dir()]


def read_folder(folder: Path):
    """(documents, gold event mention dicts, validated flag per mention) of one subtopic folder."""
    from factcheck.models import Document

    docs = []
    for f in sorted(folder.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        docs.append(Document(id=d["id"], text=d["text"], outlet=d.get("outlet"), url=d.get("url")))
    gold = [json.loads(x) for x in (folder / "mentions.jsonl").read_text().splitlines() if x.strip()]
    gold = [g for g in gold if g["type"] == "event"]
    ok = set()
    for x in (folder / "sentences.jsonl").read_text().splitlines():
        if x.strip():
            s = json.loads(x)
            if s["validated"]:
                ok.add((s["doc_id"], s["sentence"]))
    return docs, gold, np.array([(g["doc_id"], g["sentence"]) in ok for g in gold], dtype=bool)


FEATURES = "v3"


def load(topics) -> list[Subtopic]:
    from factcheck.event_coref import featurize
    from factcheck.models import EventMention

    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for folder in subtopics(topics):
        f = CACHE / f"{folder.name}-{FEATURES}.pkl"
        if f.is_file():
            out.append(pickle.loads(f.read_bytes()))
            continue
        docs, gold, validated = read_folder(folder)
        ms = [EventMention(doc_id=g["doc_id"], start=g["start"], end=g["end"], text=g["text"]) for g in gold]
        sub = Subtopic(name=folder.name, topic=int(folder.name[1:3]), features=featurize(docs, ms),
                       chains=[g["chain"] for g in gold], validated=validated)
        f.write_bytes(pickle.dumps(sub))
        out.append(sub)
    return out


def subset(features, rows):
    """The Features of the given rows only."""
    from factcheck.event_coref import Features

    rows = list(rows)
    return Features(mentions=[features.mentions[r] for r in rows], trig=features.trig[rows],
                    ctx=features.ctx[rows], sent=features.sent[rows], pos=[features.pos[r] for r in rows],
                    sets={k: [v[r] for r in rows] for k, v in features.sets.items()},
                    tense=[features.tense[r] for r in rows])


def micro(parts) -> tuple[float, float, float, float]:
    """(MUC, B-cubed, CEAF-e, CoNLL) F1 over several subtopics scored as one corpus (clusters never cross them).

    ``parts``: (subtopic name, gold chain per mention, predicted label per mention) triples.
    """
    from factcheck.eventscore import b_cubed, ceaf_e, muc

    key, resp = {}, {}
    for name, chains, labels in parts:
        for k, (c, lab) in enumerate(zip(chains, labels)):
            key[(name, k)] = (name, c)
            resp[(name, k)] = (name, lab)
    m, b, c = muc(key, resp)[2], b_cubed(key, resp)[2], ceaf_e(key, resp)[2]
    return m, b, c, (m + b + c) / 3
