"""``make_grid``: torchvision's grid of images, drawn by the WeightAtlas renderer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from ._binary import run
from ._png import read_png
from ._source import private_folder


def make_grid(
    tensor: Union[Any, Sequence[Any]],
    nrow: int = 8,
    padding: int = 2,
    normalize: bool = False,
    value_range: Optional[Tuple[float, float]] = None,
    scale_each: bool = False,
    pad_value: float = 0.0,
    *,
    backend: str = "cpu",
) -> np.ndarray:
    """The H×W×3 ``uint8`` image ``torchvision.utils.save_image(make_grid(tensor, ...))`` writes.

    The arguments are torchvision's, with its meaning: ``tensor`` is B×C×H×W (C = 1 or 3),
    C×H×W or H×W, or a list of C×H×W images; ``nrow`` images per row; ``padding`` pixels
    around and between them, filled with ``pad_value``; with ``normalize`` each value is
    clamped to ``value_range`` (default: the min and max of the whole batch, or of each image
    with ``scale_each``), shifted and divided by ``max(high - low, 1e-5)``; then every value is
    ``×255 + 0.5``, clamped to 0…255 and truncated. The binary's ``--normalize torchvision``
    does that arithmetic in float32, step for step (CPU or OpenCL, the same bytes), so for
    float32 input the result equals torchvision's byte for byte; other dtypes are converted
    to float32 first (torchvision would compute in their own precision).

    This differs from the tool's own default (``weightatlas render``: CS231n's
    ``visualize_grid``), which stretches each filter's own [min, max] and rounds to nearest
    with ties to even, draws no outer border and upscales small filters so they can be seen.

    ``backend`` (not torchvision's) is the binary's ``--backend``: ``cpu`` by default, since a
    grid is small and probing for OpenCL devices costs more (~20 ms) than drawing it.

    NaN and ±inf are left out of the min and max and drawn in the tool's marker colour
    (magenta); torchvision's own min would be NaN and the whole grid undefined.
    """
    images = _batch(tensor)
    count, channels = images.shape[0], images.shape[1]
    if channels not in (1, 3):
        raise ValueError(f"make_grid draws 1- or 3-channel images, not {channels} channels")
    if nrow < 1:
        raise ValueError(f"nrow must be at least 1, not {nrow}")
    if padding < 0:
        raise ValueError(f"padding must not be negative, not {padding}")
    if count == 1:
        padding = 0  # torchvision returns a single image as it is, without padding
    if not normalize:
        mode = "torchvision:0,1"
    elif value_range is not None:
        mode = f"torchvision:{float(value_range[0])!r},{float(value_range[1])!r}"
    else:
        mode = "torchvision"
    pad = int(np.clip(np.float32(pad_value) * np.float32(255) + np.float32(0.5), 0, 255))
    folder = private_folder()
    try:
        source = Path(folder) / "grid.npy"
        np.save(source, images)
        out = Path(folder) / "out"
        run(["render", str(source), "-o", str(out), "--normalize", mode,
             "--scope", "filter" if scale_each else "layer", "--cols", str(min(nrow, count)),
             "--padding", str(padding), "--pad-value", str(pad), "--scale", "1", "--colormap", "gray",
             "--compression", "none", "--backend", backend, "--quiet"])
        pixels = read_png(out / "grid.png")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    if padding:
        pixels = np.pad(pixels, ((padding, padding), (padding, padding), (0, 0)), constant_values=pad)
    return pixels


def _batch(tensor: Any) -> np.ndarray:
    """``tensor`` as a float32 B×C×H×W array, torchvision's way (a list is stacked)."""
    if isinstance(tensor, (list, tuple)):
        array = np.stack([_floats(t) for t in tensor])
    else:
        array = _floats(tensor)
    if array.ndim == 2:
        array = array[None]
    if array.ndim == 3:
        array = array[None]
    if array.ndim != 4:
        raise ValueError(f"make_grid takes H×W, C×H×W or B×C×H×W images, not {array.ndim} dimensions")
    return array


def _floats(value: Any) -> np.ndarray:
    """One tensor or array as C-contiguous float32 (torch tensors through ``.float()``)."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu().float().numpy()
    return np.ascontiguousarray(value, dtype=np.float32)
