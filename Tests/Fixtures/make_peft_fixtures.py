"""PEFT LoRA adapter fixtures (Tests/Fixtures/peft/) and the references the tests read.

Two real adapters trained by PEFT itself on the real all-MiniLM-L6-v2 weights of the corpus
(`make corpus`; 20 Adam steps on a toy objective, so B is no longer zero):
  lora-minilm-r4/    r=4, alpha=8, query + value                 (scale alpha/r = 2)
  rslora-minilm-r8/  r=8, alpha=16, key, use_rslora=true          (scale alpha/sqrt(r))
and one written here with numpy:
  undeclared/        config targets "query" only, weights adapt "query" and "value"

expected.json holds, per module: the delta's shape, scale, the sha256 of its Float32 bytes
computed in LowRankProduct's order (acc = acc + B[:,k]·A[k,:] in float32, elementwise, no
FMA), its Frobenius norm and singular values (float64 SVD of the delta).

    python Tests/Fixtures/make_peft_fixtures.py      (needs torch, transformers, peft, safetensors)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

HERE = Path(__file__).resolve().parent / "peft"
CORPUS = Path(os.environ.get("WEIGHTATLAS_REAL_MODELS", Path.home() / ".cache/weightatlas/real-models"))


def train_adapters() -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from safetensors.torch import load_file as load_torch
    from transformers import BertConfig, BertModel

    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12, intermediate_size=1536)
    weights = load_torch(str(CORPUS / "minilm-l6-v2" / "model.safetensors"))
    for name, settings in [("lora-minilm-r4", dict(r=4, lora_alpha=8, target_modules=["query", "value"])),
                           ("rslora-minilm-r8", dict(r=8, lora_alpha=16, target_modules=["key"], use_rslora=True))]:
        torch.manual_seed(0)
        model = BertModel(config)
        model.load_state_dict({k.removeprefix("bert."): v for k, v in weights.items()}, strict=False)
        peft_model = get_peft_model(model, LoraConfig(**settings))
        optimizer = torch.optim.Adam([p for p in peft_model.parameters() if p.requires_grad], lr=1e-2)
        ids = torch.randint(0, 30522, (8, 16))
        for _ in range(20):
            loss = (peft_model(input_ids=ids).last_hidden_state[:, 0] ** 2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        out = HERE / name
        shutil.rmtree(out, ignore_errors=True)
        peft_model.save_pretrained(str(out))
        (out / "README.md").unlink(missing_ok=True)


def write_undeclared() -> None:
    rng = np.random.default_rng(7)
    out = HERE / "undeclared"
    out.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for module in ("query", "value"):
        prefix = f"base_model.model.layer.0.{module}"
        tensors[f"{prefix}.lora_A.weight"] = rng.standard_normal((2, 6)).astype(np.float32)
        tensors[f"{prefix}.lora_B.weight"] = rng.standard_normal((5, 2)).astype(np.float32)
    save_file(tensors, str(out / "adapter_model.safetensors"))
    (out / "adapter_config.json").write_text(json.dumps(
        {"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["query"], "use_rslora": False}, indent=2) + "\n")


def reference(folder: Path) -> dict[str, dict]:
    config = json.loads((folder / "adapter_config.json").read_text())
    tensors = load_file(str(folder / "adapter_model.safetensors"))
    result = {}
    for name, a in tensors.items():
        if ".lora_A." not in name:
            continue
        b = tensors[name.replace(".lora_A.", ".lora_B.")]
        rank = a.shape[0]
        scale = config["lora_alpha"] / (np.sqrt(rank) if config.get("use_rslora") else rank)
        acc = np.zeros((b.shape[0], a.shape[1]), dtype=np.float32)
        for k in range(rank):
            acc = acc + b[:, k:k + 1] * a[k:k + 1, :]
        delta = acc * np.float32(scale)
        sigma = np.linalg.svd(delta.astype(np.float64), compute_uv=False)[:rank]
        module = name.split(".lora_A.")[0].removeprefix("base_model.model.")
        result[module + ".lora_delta"] = {"shape": list(delta.shape), "scale": scale,
                                          "sha256": hashlib.sha256(delta.tobytes()).hexdigest(),
                                          "norm": float(np.linalg.norm(delta.astype(np.float64))),
                                          "singular_values": [float(s) for s in sigma]}
    return result


def main() -> None:
    train_adapters()
    write_undeclared()
    expected = {folder.name: reference(folder) for folder in sorted(HERE.iterdir()) if folder.is_dir()}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
