"""The optional cross-encoder hook, with tiny models built here (no NLI model can be installed offline)."""

from __future__ import annotations

import pytest

import factcheck
from factcheck.errors import ModelMissingError

transformers = pytest.importorskip("transformers")

WORDS = "the council approved rejected budget on monday mayor said city a plan new tax vote was".split()
DOCS = [
    {"id": "a", "text": "The city council approved the new budget on Monday, the mayor said."},
    {"id": "b", "text": "The city council approved a new budget plan on Monday, the mayor said."},
]


def _tiny_model(path, labels=("contradiction", "entailment", "neutral"), favour="contradiction"):
    """A one-layer BERT classifier whose bias makes ``favour`` win on any input."""
    import torch

    path.mkdir(parents=True, exist_ok=True)
    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ",", ".", *WORDS]) + "\n")
    tok = transformers.BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    cfg = transformers.BertConfig(vocab_size=len(tok), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                  intermediate_size=32, max_position_embeddings=128, num_labels=len(labels),
                                  id2label=dict(enumerate(labels)), label2id={v: k for k, v in enumerate(labels)})
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(cfg)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        if favour in labels:
            model.classifier.bias[labels.index(favour)] = 5.0
    model.save_pretrained(str(path))
    tok.save_pretrained(str(path))
    return path


def test_nli_scorer_reads_the_contradiction_label(tmp_path):
    from factcheck.nli import NLIScorer

    p = NLIScorer(_tiny_model(tmp_path / "m", labels=("entailment", "neutral", "contradiction")))
    assert p.contradiction == 2
    probs = p.contradiction_probability([("the budget was approved", "the budget was rejected")] * 3)
    assert probs.shape == (3,) and (probs > 0.99).all()


def test_nli_off_by_default_and_on_with_a_folder(tmp_path):
    off = factcheck.check(DOCS)
    assert not [d for d in off.discrepancies if "natural-language-inference" in d.summary]
    on = factcheck.check(DOCS, config={"nli_model_dir": _tiny_model(tmp_path / "c")})
    found = [d for d in on.discrepancies if "natural-language-inference" in d.summary]
    assert found and found[0].kind.value == "negation" and found[0].confidence > 0.99
    assert {e.doc_id for e in found[0].evidence} == {"a", "b"}
    for e in found[0].evidence:
        assert e.text == next(d.text for d in on.documents if d.id == e.doc_id)[e.start : e.end]


def test_nli_entailing_model_adds_nothing(tmp_path):
    on = factcheck.check(DOCS,
                         config={"nli_model_dir": _tiny_model(tmp_path / "e", favour="entailment")})
    assert not [d for d in on.discrepancies if "natural-language-inference" in d.summary]


def test_nli_bad_folders_are_clear_errors(tmp_path):
    from factcheck.nli import NLIScorer

    with pytest.raises(ModelMissingError, match="config.json missing"):
        NLIScorer(tmp_path / "nowhere")
    with pytest.raises(ModelMissingError, match="no single 'contradiction' label"):
        NLIScorer(_tiny_model(tmp_path / "s", labels=("positive", "negative")))
    broken = tmp_path / "b"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    with pytest.raises(ModelMissingError, match="could not be loaded"):
        NLIScorer(broken)


def test_nli_cli_flag_bad_folder_is_one_line_exit_2(tmp_path, capsys):
    from factcheck.cli import main

    for d in DOCS:
        (tmp_path / f"{d['id']}.txt").write_text(d["text"])
    code = main(["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--no-progress",
                 "--nli-model", str(tmp_path / "missing")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "[E201]" in err[0] and "Traceback" not in err[0]
