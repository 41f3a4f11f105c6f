"""One tiny Llama in four precisions (Tests/Fixtures/quantisation/) and the references the
quantisation-error tests read.

  hf/            a random LlamaForCausalLM (transformers' own init, seed 0) saved by
                 `save_pretrained` in bfloat16: model.safetensors, config.json (and, while
                 converting, a 48-piece SentencePiece tokenizer.model the converter insists on)
  f16.gguf       llama.cpp's own convert_hf_to_gguf.py --outtype f16
  q8_0.gguf      llama.cpp's own convert_hf_to_gguf.py --outtype q8_0
  q4_k.gguf      f16.gguf with every 2-D tensor quantised to Q4_K by ggml's own
                 quantize_row_q4_K_ref (ggml-quants.c compiled here), the rest kept, the
                 metadata copied: what `llama-quantize --pure f16.gguf Q4_K_S` writes

Shapes: hidden 256, 4 query heads and 2 key/value heads of 64, MLP 256, 1 layer, vocabulary
64, tied embeddings; every row is a multiple of 256 values so Q4_K needs no fallback.

The converter permutes the query and key rows (LlamaModel.permute): GGUF row h·d + 2i + j
holds Hugging Face row h·d + j·d/2 + i. expected.json holds, per pair of files and per
tensor (in A's names), numpy's statistics of B − A with B read through gguf-py's
dequantize and un-permuted: rms, max_abs, relative (‖B − A‖ / ‖A‖) and max_relative
(max |B − A| / max |A|), all in float64 over float32 differences.

llama.cpp comes from the llama-cpp-python 0.3.36 sdist on PyPI (its vendor/ tree), fetched
into ~/.cache/weightatlas/tools and checked against a pinned sha256.

    python Tests/Fixtures/make_quantisation_fixtures.py
        (needs torch, transformers, sentencepiece, numpy, safetensors, gguf, gcc, curl)
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "quantisation"
CACHE = Path.home() / ".cache/weightatlas/tools"
SDIST = "llama_cpp_python-0.3.36"
SDIST_URL = ("https://files.pythonhosted.org/packages/ec/e9/e7de2b0463ea3ffbf0ede6cb21b58c1258a8f6521aae45ca773a59fe7cf3/"
             + SDIST + ".tar.gz")
SDIST_SHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
HEADS, KV_HEADS, HIDDEN = 4, 2, 256
PAIRS = [("hf", "f16.gguf"), ("hf", "q8_0.gguf"), ("hf", "q4_k.gguf"), ("f16.gguf", "q4_k.gguf"), ("q8_0.gguf", "hf")]


def llama_cpp() -> Path:
    """The vendored llama.cpp tree of the pinned sdist, unpacked once into the cache."""
    root = CACHE / SDIST / "vendor/llama.cpp"
    if root.is_dir():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / (SDIST + ".tar.gz")
    if not archive.is_file():
        subprocess.run(["curl", "-sSfL", "-o", str(archive), SDIST_URL], check=True)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        archive.unlink()
        sys.exit(f"{archive}: sha256 {digest}, expected {SDIST_SHA256}")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(SDIST + "/vendor/llama.cpp/")
                   and any(part in m.name for part in ("convert_hf_to_gguf.py", "/conversion/", "/gguf-py/", "/ggml/"))]
        tar.extractall(CACHE, members=members, filter="data")
    return root


def make_hf(folder: Path) -> None:
    import sentencepiece
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=64, hidden_size=HIDDEN, intermediate_size=256, num_hidden_layers=1,
                         num_attention_heads=HEADS, num_key_value_heads=KV_HEADS, tie_word_embeddings=True,
                         torch_dtype="bfloat16")
    LlamaForCausalLM(config).to(torch.bfloat16).save_pretrained(folder, safe_serialization=True)
    text = folder / "corpus.txt"
    words = ("the quick brown fox jumps over lazy dogs while weights render into pictures of every layer "
             "filters heatmaps tiles atlases matrices tensors quantised blocks scales rows columns heads").split()
    rng = np.random.default_rng(0)
    text.write_text("\n".join(" ".join(rng.choice(words, 12)) for _ in range(400)))
    sentencepiece.SentencePieceTrainer.train(input=str(text), model_prefix=str(folder / "tokenizer"), vocab_size=48,
                                             model_type="unigram", minloglevel=2)
    text.unlink()
    (folder / "tokenizer.vocab").unlink()
    (folder / "generation_config.json").unlink(missing_ok=True)


def convert(root: Path, folder: Path, outtype: str, out: Path) -> None:
    subprocess.run([sys.executable, str(root / "convert_hf_to_gguf.py"), str(folder), "--outtype", outtype,
                    "--outfile", str(out)], check=True, stdout=subprocess.DEVNULL)


def quantise_q4_k(root: Path, source: Path, out: Path) -> None:
    sys.path.insert(0, str(root / "gguf-py"))
    import gguf

    library = build_quantiser(root)
    reader = gguf.GGUFReader(source)
    writer = gguf.GGUFWriter(out, arch=str(reader.fields["general.architecture"].contents()))
    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name in ("general.architecture", "general.file_type"):
            continue
        subtype = field.types[-1] if field.types[0] == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), field.types[0], sub_type=subtype)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_S)
    for tensor in reader.tensors:
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
        shape = [int(n) for n in reversed(tensor.shape)]
        if len(shape) == 2 and shape[1] % 256 == 0:
            rows = np.ascontiguousarray(values.reshape(shape), dtype=np.float32)
            blocks = np.zeros((shape[0], shape[1] // 256 * 144), dtype=np.uint8)
            library.quantize_row_q4_K_ref(rows.ctypes.data_as(ctypes.c_void_p), blocks.ctypes.data_as(ctypes.c_void_p),
                                          ctypes.c_int64(rows.size))
            writer.add_tensor(tensor.name, blocks, raw_shape=blocks.shape, raw_dtype=gguf.GGMLQuantizationType.Q4_K)
        else:
            writer.add_tensor(tensor.name, np.array(tensor.data), raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def build_quantiser(root: Path) -> ctypes.CDLL:
    """ggml-quants.c alone as a shared library; the few ggml symbols it names but the
    reference quantisers never call abort."""
    library = CACHE / "libggml-quants-0.3.36.so"
    if not library.is_file():
        stubs = CACHE / "ggml-stubs.c"
        stubs.write_text("#include <stdlib.h>\n#include <stddef.h>\n"
                         "void ggml_abort(const char *f, int l, const char *m, ...) { abort(); }\n"
                         "size_t ggml_row_size(int t, long n) { abort(); }\n"
                         "const char *ggml_type_name(int t) { abort(); }\n"
                         "size_t ggml_type_size(int t) { abort(); }\n")
        source = root / "ggml/src"
        subprocess.run(["gcc", "-O2", "-shared", "-fPIC", f"-I{source}", f"-I{root / 'ggml/include'}",
                        str(source / "ggml-quants.c"), str(stubs), "-o", str(library), "-lm"], check=True)
    return ctypes.CDLL(str(library))


def hf_name(name: str) -> str:
    """The Hugging Face name of a llama.cpp tensor name (the subset this model has)."""
    fixed = {"token_embd.weight": "model.embed_tokens.weight", "output_norm.weight": "model.norm.weight",
             "output.weight": "lm_head.weight"}
    if name in fixed:
        return fixed[name]
    _, layer, part, suffix = name.split(".")
    modules = {"attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm", "attn_q": "self_attn.q_proj",
               "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
               "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj"}
    return f"model.layers.{layer}.{modules[part]}.{suffix}"


def hf_rows_of_gguf(rows: int, heads: int) -> np.ndarray:
    """For each GGUF row g = h·d + 2i + j, the Hugging Face row h·d + j·d/2 + i."""
    d = rows // heads
    g = np.arange(rows)
    h, within = g // d, g % d
    return h * d + (within % 2) * (d // 2) + within // 2


def load(root: Path, name: str) -> dict[str, np.ndarray]:
    """Float32 values of every tensor in Hugging Face names and row order."""
    if name == "hf":
        from safetensors.torch import load_file
        return {k: v.float().numpy() for k, v in load_file(str(HERE / "hf/model.safetensors")).items()}
    sys.path.insert(0, str(root / "gguf-py"))
    import gguf
    out = {}
    for tensor in gguf.GGUFReader(HERE / name).tensors:
        shape = [int(n) for n in reversed(tensor.shape)]
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32).reshape(shape)
        target = hf_name(tensor.name)
        if target.endswith(("q_proj.weight", "k_proj.weight")):
            heads = HEADS if "q_proj" in target else KV_HEADS
            unpermuted = np.empty_like(values)
            unpermuted[hf_rows_of_gguf(shape[0], heads)] = values
            values = unpermuted
        out[target] = values
    return out


def gguf_names(root: Path, name: str) -> dict[str, str]:
    sys.path.insert(0, str(root / "gguf-py"))
    import gguf
    return {hf_name(t.name): t.name for t in gguf.GGUFReader(HERE / name).tensors}


def statistics(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    change = (b.astype(np.float32) - a.astype(np.float32)).astype(np.float64)
    base = a.astype(np.float64)
    return {"rms": float(np.sqrt(np.mean(change ** 2))), "max_abs": float(np.max(np.abs(change))),
            "relative": float(np.sqrt(np.sum(change ** 2) / np.sum(base ** 2))),
            "max_relative": float(np.max(np.abs(change)) / np.max(np.abs(base)))}


def main() -> None:
    root = llama_cpp()
    if HERE.exists():
        shutil.rmtree(HERE)
    HERE.mkdir(parents=True)
    make_hf(HERE / "hf")
    convert(root, HERE / "hf", "f16", HERE / "f16.gguf")
    convert(root, HERE / "hf", "q8_0", HERE / "q8_0.gguf")
    quantise_q4_k(root, HERE / "f16.gguf", HERE / "q4_k.gguf")
    (HERE / "hf/tokenizer.model").unlink()
    expected: dict[str, object] = {"heads": HEADS, "kv_heads": KV_HEADS, "pairs": []}
    for a_name, b_name in PAIRS:
        a, b = load(root, a_name), load(root, b_name)
        names = gguf_names(root, a_name) if a_name != "hf" else {n: n for n in a}
        tensors = {names[n]: statistics(a[n], b[n]) for n in sorted(a) if n in b}
        expected["pairs"].append({"a": a_name, "b": b_name, "tensors": tensors})  # type: ignore[union-attr]
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
