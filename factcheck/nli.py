"""Optional natural-language-inference hook: a cross-encoder from a local folder scores linked claim pairs.

Off by default (``Config.nli_model_dir`` is None) and never needed: contradiction detection is structured
(slots compared on linked claims). When a folder is given, it must hold a Hugging Face sequence-classification
model (``config.json`` with an ``id2label`` that names a contradiction label, weights, and a tokenizer), for
example a cross-encoder trained on MNLI or SNLI that was copied to the machine by hand: nothing is downloaded.

The compare stage hands the scorer the linked pairs that no comparator flagged and that are close enough to
tell one event (cosine at least ``Config.nli_min_cosine``); a pair whose contradiction probability reaches
``Config.nli_threshold`` in either direction becomes a ``negation`` finding (one outlet's claim entails the
denial of the other's) with the probability in its explanation. ``transformers`` is imported only here, only
when the hook is on.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck.errors import ModelMissingError

__all__ = ["NLIScorer", "load_nli"]

_LOCK = threading.Lock()
_LOADED: dict[Path, "NLIScorer"] = {}


class NLIScorer:
    """Contradiction probabilities for (premise, hypothesis) pairs from a local cross-encoder folder."""

    def __init__(self, path: str | Path, *, batch_size: int = 32) -> None:
        path = Path(path)
        if not (path / "config.json").is_file():
            raise ModelMissingError(f"no cross-encoder at {str(path)!r} (config.json missing): set "
                                    "nli_model_dir to a local folder saved with save_pretrained, or leave it unset.")
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
        except Exception as exc:  # a broken folder fails in many ways
            raise ModelMissingError(f"the cross-encoder at {str(path)!r} could not be loaded ({exc}).") from None
        self.model.eval()
        self.torch = torch
        labels = {int(k): str(v).lower() for k, v in (self.model.config.id2label or {}).items()}
        found = [k for k, v in labels.items() if v.startswith("contradict")]
        if len(found) != 1:
            raise ModelMissingError(f"the cross-encoder at {str(path)!r} is not an NLI model: its labels "
                                    f"{sorted(labels.values())} name no single 'contradiction' label.")
        self.contradiction = found[0]
        self.name = path.name
        self.batch_size = batch_size

    def contradiction_probability(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """P(contradiction) for each (premise, hypothesis) pair, in order."""
        out = np.zeros(len(pairs), dtype=np.float32)
        with self.torch.inference_mode():
            for s in range(0, len(pairs), self.batch_size):
                chunk = pairs[s : s + self.batch_size]
                enc = self.tokenizer([p for p, _ in chunk], [h for _, h in chunk], padding=True, truncation=True,
                                     max_length=256, return_tensors="pt")
                logits = self.model(**enc).logits
                out[s : s + len(chunk)] = self.torch.softmax(logits, dim=-1)[:, self.contradiction].numpy()
        return out


def load_nli(path: str | Path) -> NLIScorer:
    """The scorer for ``path``, loaded once per process."""
    key = Path(path).resolve()
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = NLIScorer(key)
        return _LOADED[key]
