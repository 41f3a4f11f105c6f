"""Writes a ~260 MB GGUF mixing Q4_K, Q5_0, Q6_K and Q8_0 (random data) for gguf_inspect.sh.

K blocks are random bytes with finite random f16 scales (gguf-py cannot quantise K types).
Usage: python3 make_gguf_bench.py OUT.gguf
"""
import numpy as np, gguf, sys
from gguf import GGMLQuantizationType as T
rng = np.random.default_rng(1)
w = gguf.GGUFWriter(sys.argv[1], "bench")
def kblocks(qtype, rows, cols, scales):
    block, size = gguf.constants.GGML_QUANT_SIZES[qtype]
    b = rng.integers(0, 256, size=(rows * cols // block, size), dtype=np.uint8)
    for at in scales:
        b[:, at:at+2] = (rng.standard_normal((len(b), 1)) * 0.02).astype(np.float16).view(np.uint8)
    return b.reshape(rows, -1)
total = 0
for layer in range(10):
    for name, qtype in [("q4k", T.Q4_K), ("q50", T.Q5_0), ("q6k", T.Q6_K), ("q80", T.Q8_0)]:
        rows, cols = 2048, 4096
        if qtype == T.Q4_K: data = kblocks(qtype, rows, cols, [0, 2])
        elif qtype == T.Q6_K: data = kblocks(qtype, rows, cols, [208])
        else: data = gguf.quants.quantize(rng.standard_normal((rows, cols)).astype(np.float32), qtype)
        total += data.nbytes
        w.add_tensor(f"blk.{layer}.{name}.weight", data, raw_dtype=qtype)
w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
print(total / 1e6, "MB")
