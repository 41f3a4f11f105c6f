"""The package's PNG reader against Pillow on every compression preset's output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import weightatlas
from weightatlas._png import read_png


@pytest.mark.parametrize("preset", ["none", "fast", "default", "best"])
def test_reader_equals_pillow(sample: Path, tmp_path: Path, preset: str) -> None:
    atlas = weightatlas.render(sample, tmp_path, compression=preset, tensor=["conv2d/Kernel", "depthwise_conv2d/Kernel"])
    assert len(atlas.images) == 2
    for path in atlas.images.values():
        assert np.array_equal(read_png(path), np.asarray(Image.open(path))), (preset, path.name)
