#!/usr/bin/env python3
"""Train the dense sample: a 64-64-10 MLP on scikit-learn's bundled digits.

Data: sklearn/datasets/data/digits.csv.gz from the scikit-learn 1.9.1 wheel
(the wheel is a zip; scikit-learn itself is not installed or imported). The
file holds 1797 rows of 64 pixel values (8x8 image, row-major, 0..16) plus
the label. Pixels are scaled to [0, 1].

Model: x (64) -> fc1 (64 hidden, tanh) -> fc2 (10 logits), softmax
cross-entropy, L2 weight decay 1e-4 on the weights, Adam (lr 3e-3,
betas 0.9/0.999), minibatch 64, 60 epochs, numpy only, float64 math.
(tanh rather than ReLU: with ReLU about a fifth of the hidden units died and
their fc1 rows decayed to ~1e-30, which makes poor sample images.)
Split: a seeded permutation, 1437 training and 360 test images.
Everything is seeded (numpy.random.default_rng(0)), so reruns give the same
weights (bit-identical on the same numpy/BLAS build).

Outputs (in this folder):
  mlp-digits.npz      fc1.weight [64,64], fc1.bias [64], fc2.weight [10,64],
                      fc2.bias [10]; float32, PyTorch layout [out, in]
  mlp-digits-fc1.npy  fc1.weight alone, float32 [64, 64]; row i is hidden
                      unit i's weights over the 8x8 input (reshape to 1x8x8)

Usage:
    python3 -m pip install numpy
    python3 Samples/train_mlp.py              # pip-downloads the wheel to a temp dir
    python3 Samples/train_mlp.py --wheel scikit_learn-1.9.1-....whl
"""
import argparse
import glob
import gzip
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

PACKAGE = "scikit-learn"
VERSION = "1.9.1"
MEMBER = "sklearn/datasets/data/digits.csv.gz"
MEMBER_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
HERE = os.path.dirname(os.path.abspath(__file__))

SEED = 0
HIDDEN = 64
EPOCHS = 60
BATCH = 64
LR = 3e-3
WEIGHT_DECAY = 1e-4
N_TEST = 360


def download_wheel(dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
         "--disable-pip-version-check", "-q", "-d", dest, f"{PACKAGE}=={VERSION}"],
        check=True)
    wheels = glob.glob(os.path.join(dest, "scikit_learn-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel in {dest}, found {wheels}")
    return wheels[0]


def load_digits(wheel):
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(MEMBER)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != MEMBER_SHA256:
        sys.exit(f"{MEMBER}: sha256 {digest} != expected {MEMBER_SHA256}")
    data = np.loadtxt(io.StringIO(gzip.decompress(raw).decode()), delimiter=",")
    x = data[:, :64] / 16.0
    y = data[:, 64].astype(np.int64)
    assert x.shape == (1797, 64) and set(y.tolist()) == set(range(10))
    return x, y


def init_linear(rng, n_out, n_in):
    # PyTorch's nn.Linear default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias
    bound = 1.0 / np.sqrt(n_in)
    return (rng.uniform(-bound, bound, (n_out, n_in)), rng.uniform(-bound, bound, n_out))


def forward(p, x):
    h_pre = x @ p["fc1.weight"].T + p["fc1.bias"]
    h = np.tanh(h_pre)
    logits = h @ p["fc2.weight"].T + p["fc2.bias"]
    return h_pre, h, logits


def main():
    ap = argparse.ArgumentParser(description="train the digits MLP sample")
    ap.add_argument("--wheel", help="use this already downloaded scikit-learn wheel")
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        x, y = load_digits(args.wheel or download_wheel(tmp))

    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(x))
    test, train = perm[:N_TEST], perm[N_TEST:]
    xtr, ytr, xte, yte = x[train], y[train], x[test], y[test]

    p = {}
    p["fc1.weight"], p["fc1.bias"] = init_linear(rng, HIDDEN, 64)
    p["fc2.weight"], p["fc2.bias"] = init_linear(rng, 10, HIDDEN)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0

    for epoch in range(EPOCHS):
        order = rng.permutation(len(xtr))
        for s in range(0, len(order), BATCH):
            idx = order[s:s + BATCH]
            xb, yb = xtr[idx], ytr[idx]
            h_pre, h, logits = forward(p, xb)
            z = logits - logits.max(axis=1, keepdims=True)
            prob = np.exp(z)
            prob /= prob.sum(axis=1, keepdims=True)
            d_logits = prob
            d_logits[np.arange(len(yb)), yb] -= 1.0
            d_logits /= len(yb)
            g = {}
            g["fc2.weight"] = d_logits.T @ h + WEIGHT_DECAY * p["fc2.weight"]
            g["fc2.bias"] = d_logits.sum(axis=0)
            d_h = (d_logits @ p["fc2.weight"]) * (1.0 - h * h)
            g["fc1.weight"] = d_h.T @ xb + WEIGHT_DECAY * p["fc1.weight"]
            g["fc1.bias"] = d_h.sum(axis=0)
            step += 1
            for k in p:
                m[k] = b1 * m[k] + (1 - b1) * g[k]
                v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
                mhat = m[k] / (1 - b1 ** step)
                vhat = v[k] / (1 - b2 ** step)
                p[k] -= LR * mhat / (np.sqrt(vhat) + eps)
        if (epoch + 1) % 20 == 0:
            tr_acc = (forward(p, xtr)[2].argmax(1) == ytr).mean()
            print(f"epoch {epoch + 1}: train accuracy {tr_acc:.4f}")

    out = {k: p[k].astype(np.float32) for k in ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")}
    # accuracy of the float32 weights that are saved
    test_acc = (forward(out, xte.astype(np.float32))[2].argmax(1) == yte).mean()
    print(f"test accuracy {test_acc:.4f} ({int(round(test_acc * N_TEST))}/{N_TEST})")

    npz = os.path.join(args.out_dir, "mlp-digits.npz")
    npy = os.path.join(args.out_dir, "mlp-digits-fc1.npy")
    np.savez(npz, **out)
    np.save(npy, out["fc1.weight"])
    for f in (npz, npy):
        print(f"wrote {f} ({os.path.getsize(f)} bytes)")
    for k, a in out.items():
        print(f"  {k}: {list(a.shape)} {a.dtype}")


if __name__ == "__main__":
    main()
