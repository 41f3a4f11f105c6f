"""A tiny llama-style model with grouped-query attention and the config.json beside it that
says so (Tests/Fixtures/attention/): 4 query heads of dimension 3, 2 key/value heads, hidden
size 8; each head's block drawn from its own normal distribution so every head differs.
expected.json: numpy's per-head min, max, mean and std (population) of each projection, Q/K/V
by row blocks and O by column blocks; and gemma3.json, gguf-py's of the real gemma-3-270m
GGUF's layer-0 projections (from the corpus, `make corpus`).

    python Tests/Fixtures/make_attention_fixtures.py     (numpy, safetensors; gguf for gemma3.json)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

HERE = Path(__file__).resolve().parent / "attention"
CORPUS = Path(os.environ.get("WEIGHTATLAS_REAL_MODELS", Path.home() / ".cache/weightatlas/real-models"))
HEADS, KV_HEADS, HEAD_DIM, HIDDEN = 4, 2, 3, 8


def stats(block: np.ndarray) -> dict[str, float]:
    b = block.astype(np.float64)
    return {"min": float(b.min()), "max": float(b.max()), "mean": float(b.mean()), "std": float(b.std())}


def heads(w: np.ndarray, count: int, rows: bool) -> list[dict[str, float]]:
    return [stats(part) for part in np.split(w, count, axis=0 if rows else 1)]


def tiny() -> dict[str, list[dict[str, float]]]:
    rng = np.random.default_rng(11)
    def blocks(count: int, rows: bool, other: int) -> np.ndarray:
        parts = [rng.normal(h, 0.1 * (h + 1), (HEAD_DIM, other) if rows else (other, HEAD_DIM)) for h in range(count)]
        return np.concatenate(parts, axis=0 if rows else 1).astype(np.float32)
    tensors = {
        "model.layers.0.self_attn.q_proj.weight": blocks(HEADS, True, HIDDEN),
        "model.layers.0.self_attn.k_proj.weight": blocks(KV_HEADS, True, HIDDEN),
        "model.layers.0.self_attn.v_proj.weight": blocks(KV_HEADS, True, HIDDEN),
        "model.layers.0.self_attn.o_proj.weight": blocks(HEADS, False, HIDDEN),
        "model.layers.0.mlp.up_proj.weight": rng.standard_normal((16, HIDDEN)).astype(np.float32),
    }
    HERE.mkdir(exist_ok=True)
    save_file(tensors, str(HERE / "model.safetensors"))
    (HERE / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"], "hidden_size": HIDDEN,
                                                  "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS}, indent=2) + "\n")
    counts = {"q": HEADS, "k": KV_HEADS, "v": KV_HEADS, "o": HEADS}
    return {name: heads(w, counts[name.split(".")[-2][0]], not name.endswith("o_proj.weight"))
            for name, w in tensors.items() if "self_attn" in name}


def gemma3() -> dict[str, list[dict[str, float]]]:
    import gguf

    reader = gguf.GGUFReader(str(CORPUS / "gemma3-270m-q4km" / "gemma-3-270m-q4_k_m.gguf"))
    result = {}
    for tensor in reader.tensors:
        role = {"attn_q": 4, "attn_k": 1, "attn_v": 1, "attn_output": 4}.get(tensor.name.split(".")[-2])
        if not tensor.name.startswith("blk.0.") or role is None:
            continue
        w = gguf.dequantize(tensor.data, tensor.tensor_type).reshape(int(tensor.shape[1]), int(tensor.shape[0]))
        result[tensor.name] = heads(w, role, not tensor.name.endswith("attn_output.weight"))
    return result


def main() -> None:
    (HERE / "expected.json").write_text(json.dumps(tiny(), indent=1) + "\n")
    (HERE / "gemma3.json").write_text(json.dumps(gemma3(), indent=1) + "\n")


if __name__ == "__main__":
    main()
