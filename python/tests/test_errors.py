"""The binary's exit codes as exceptions, with its own messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import weightatlas
from conftest import REPO


def test_a_bad_file_is_an_input_error_naming_file_and_offset() -> None:
    bad = REPO / "Tests" / "Fixtures" / "invalid" / "bad-json.safetensors"
    with pytest.raises(weightatlas.InputError) as caught:
        weightatlas.inspect(bad)
    error = caught.value
    assert error.exit_code == 3 and isinstance(error, weightatlas.WeightAtlasError)
    assert str(bad) in error.message and "at byte 30" in error.message


def test_an_unknown_option_is_a_usage_error(sample: Path, tmp_path: Path) -> None:
    with pytest.raises(weightatlas.UsageError) as caught:
        weightatlas.render(sample, tmp_path, input_shap="3x32x32")
    assert caught.value.exit_code == 2 and "--input-shape" in caught.value.message


def test_an_unwritable_folder_is_an_output_error(sample: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(weightatlas.OutputError) as caught:
        weightatlas.render(sample, blocker / "atlas")
    assert caught.value.exit_code == 4


def test_a_missing_device_is_a_backend_error(tmp_path: Path) -> None:
    with pytest.raises(weightatlas.BackendError) as caught:
        weightatlas.render(np.ones((2, 3, 3, 3), np.float32), tmp_path, backend="opencl", device=42)
    assert caught.value.exit_code == 5 and "opencl" in caught.value.message.lower()
