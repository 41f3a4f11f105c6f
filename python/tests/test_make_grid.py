"""weightatlas.make_grid against torchvision's make_grid + save_image (the numpy port in
torchvision_port.py), byte for byte, on real filters and on inputs chosen for the edges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import weightatlas
from torchvision_port import reference

RNG = np.random.default_rng(20261203)


def edge_values(shape: tuple[int, ...]) -> np.ndarray:
    """Values at and one ulp around every (j − 0.5)/255, where save_image's level flips."""
    edges = ((np.arange(257, dtype=np.float32) - np.float32(0.5)) / np.float32(255)).astype(np.float32)
    around = np.concatenate([np.nextafter(edges, np.float32(-1)), edges, np.nextafter(edges, np.float32(2))])
    return RNG.choice(around, size=int(np.prod(shape))).astype(np.float32).reshape(shape)


CASES = [
    ("normal, batch min/max", RNG.standard_normal((10, 3, 7, 5)).astype(np.float32), dict(nrow=4, normalize=True)),
    ("normal, scale_each, pad 0.3", RNG.standard_normal((17, 3, 8, 8)).astype(np.float32),
     dict(normalize=True, scale_each=True, pad_value=0.3, padding=3)),
    ("grey, value_range (0.1, 0.7)", RNG.uniform(-0.2, 1, (12, 1, 9, 9)).astype(np.float32),
     dict(normalize=True, value_range=(0.1, 0.7))),
    ("unnormalised edges", edge_values((16, 3, 6, 6)), dict(nrow=5)),
    ("unnormalised outside [0, 1]", RNG.uniform(-1, 2, (5, 3, 4, 4)).astype(np.float32), dict(padding=0)),
    ("constant images, scale_each", np.repeat(RNG.standard_normal((6, 1, 1, 1)), 25, axis=2).reshape(6, 1, 5, 5).astype(np.float32),
     dict(normalize=True, scale_each=True, nrow=3)),
    ("nrow larger than the batch", RNG.standard_normal((3, 3, 5, 5)).astype(np.float32), dict(nrow=8, normalize=True)),
    ("one column", RNG.standard_normal((4, 1, 3, 7)).astype(np.float32), dict(nrow=1, normalize=True, pad_value=1.0)),
    ("single C×H×W image", RNG.standard_normal((3, 11, 13)).astype(np.float32), dict(normalize=True)),
    ("single H×W image", RNG.standard_normal((9, 9)).astype(np.float32), dict(normalize=True)),
    ("MNIST-sized batch", RNG.standard_normal((64, 1, 28, 28)).astype(np.float32), dict(nrow=10, normalize=True)),
]


@pytest.mark.parametrize("label,images,kwargs", CASES, ids=[c[0] for c in CASES])
def test_equals_torchvision(label: str, images: np.ndarray, kwargs: dict) -> None:
    ours = weightatlas.make_grid(images, **kwargs)
    expected = reference(images, **kwargs)
    assert ours.dtype == np.uint8 and ours.shape == expected.shape, label
    mismatch = np.argwhere(ours != expected)
    assert mismatch.size == 0, f"{label}: {len(mismatch)} bytes differ, first at {mismatch[0].tolist()}"


def test_real_first_layer_filters(sample_tensors: dict[str, np.ndarray]) -> None:
    # BlazeFace's conv2d/Kernel (24×3×5×5) and depthwise filters (24×1×3×3), as people call it.
    for name in ("conv2d/Kernel", "depthwise_conv2d/Kernel"):
        filters = sample_tensors[name].astype(np.float32)
        for kwargs in (dict(normalize=True), dict(normalize=True, scale_each=True, nrow=6, padding=1)):
            assert np.array_equal(weightatlas.make_grid(filters, **kwargs), reference(filters, **kwargs)), (name, kwargs)


def test_dense_rows_as_images() -> None:
    # The seed's dense case: an MLP's first layer, each row an 8×8 digit (Samples/mlp-digits-fc1.npy).
    weights = np.load(Path(__file__).resolve().parents[2] / "Samples" / "mlp-digits-fc1.npy").astype(np.float32)
    images = weights.reshape(-1, 1, 8, 8)
    kwargs = dict(nrow=16, normalize=True, scale_each=True)
    assert np.array_equal(weightatlas.make_grid(images, **kwargs), reference(images, **kwargs))


def test_a_list_of_images_is_stacked() -> None:
    images = [RNG.standard_normal((3, 4, 4)).astype(np.float32) for _ in range(5)]
    assert np.array_equal(weightatlas.make_grid(images, normalize=True), reference(images, normalize=True))


@pytest.mark.parametrize("shape", [(4, 2, 3, 3), (2, 3, 4, 4, 4)])
def test_shapes_torchvision_cannot_save_are_refused(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        weightatlas.make_grid(np.zeros(shape, dtype=np.float32))
