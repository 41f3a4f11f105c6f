"""torchvision's ``make_grid`` and ``save_image``, ported line by line to numpy float32: the
reference ``weightatlas.make_grid`` is tested against where torch itself is not installed.

Follows ``torchvision/utils.py`` at pytorch/vision commit 0002677a8996c22338f9af8526c47d9247ef29cf:
``norm_ip`` clamps to (low, high) as Float32, subtracts low and divides by
``max(high - low, 1e-5)`` (taken in Python floats, then Float32); ``save_image`` does
``grid.mul(255).add_(0.5).clamp_(0, 255)`` and converts to uint8 (truncation). Each step is
one rounded Float32 operation in torch's CPU kernels, as it is here.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence, Tuple, Union

import numpy as np

F = np.float32


def make_grid(tensor: Union[np.ndarray, Sequence[np.ndarray]], nrow: int = 8, padding: int = 2,
              normalize: bool = False, value_range: Optional[Tuple[float, float]] = None,
              scale_each: bool = False, pad_value: float = 0.0) -> np.ndarray:
    """torchvision.utils.make_grid on float32 numpy arrays (C×H×W grid)."""
    if isinstance(tensor, (list, tuple)):
        tensor = np.stack(tensor, axis=0)
    tensor = np.array(tensor, dtype=F)  # a copy, like tensor.clone()
    if tensor.ndim == 2:
        tensor = tensor[None]
    if tensor.ndim == 3:
        if tensor.shape[0] == 1:
            tensor = np.concatenate((tensor, tensor, tensor), 0)
        tensor = tensor[None]
    if tensor.ndim == 4 and tensor.shape[1] == 1:
        tensor = np.concatenate((tensor, tensor, tensor), 1)

    if normalize is True:
        def norm_ip(img: np.ndarray, low: float, high: float) -> None:
            np.clip(img, F(low), F(high), out=img)
            np.subtract(img, F(low), out=img)
            np.divide(img, F(max(high - low, 1e-5)), out=img)

        def norm_range(t: np.ndarray) -> None:
            if value_range is not None:
                norm_ip(t, value_range[0], value_range[1])
            else:
                norm_ip(t, float(t.min()), float(t.max()))

        if scale_each is True:
            for t in tensor:
                norm_range(t)
        else:
            norm_range(tensor)

    if tensor.shape[0] == 1:
        return tensor[0]
    nmaps = tensor.shape[0]
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(tensor.shape[2] + padding), int(tensor.shape[3] + padding)
    grid = np.full((tensor.shape[1], height * ymaps + padding, width * xmaps + padding), F(pad_value), dtype=F)
    k = 0
    for y in range(ymaps):
        for x in range(xmaps):
            if k >= nmaps:
                break
            grid[:, y * height + padding:y * height + height, x * width + padding:x * width + width] = tensor[k]
            k = k + 1
    return grid


def save_image_array(grid: np.ndarray) -> np.ndarray:
    """The H×W×C uint8 array save_image hands to PIL."""
    a = np.multiply(grid, F(255), dtype=F)
    a = np.add(a, F(0.5), dtype=F)
    a = np.clip(a, F(0), F(255))
    return a.transpose(1, 2, 0).astype(np.uint8)


def reference(tensor: Union[np.ndarray, Sequence[np.ndarray]], **kwargs: object) -> np.ndarray:
    """save_image(make_grid(tensor, **kwargs))'s pixels."""
    return save_image_array(make_grid(tensor, **kwargs))  # type: ignore[arg-type]
