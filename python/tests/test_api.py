"""render, inspect, zoo and diff from Python, on the sample model and in-memory weights."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import weightatlas
from conftest import REPO


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["weightatlas", *args], capture_output=True, text=True, check=False)


def test_render_a_path(sample: Path, tmp_path: Path) -> None:
    atlas = weightatlas.render(sample, tmp_path / "atlas")
    assert atlas.manifest["format"] == "safetensors"
    assert "conv2d/Kernel" in atlas.images and atlas.images["conv2d/Kernel"].is_file()
    assert atlas.images["conv2d/Kernel"].read_bytes().startswith(b"\x89PNG")
    # The same bytes as the CLI writes.
    assert cli("render", str(sample), "-o", str(tmp_path / "cli"), "--quiet").returncode == 0
    for name, path in atlas.images.items():
        assert path.read_bytes() == (tmp_path / "cli" / path.name).read_bytes(), name


def test_repr_html_embeds_every_image(sample: Path, tmp_path: Path) -> None:
    atlas = weightatlas.render(sample, tmp_path / "atlas")
    page = atlas._repr_html_()
    embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(embedded) == len(atlas.images)
    files = {p.read_bytes() for p in atlas.images.values()}
    assert {base64.b64decode(e) for e in embedded} == files
    assert "index.html" in page


def test_big_images_are_linked_thumbnails(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weightatlas.atlas, "INLINE_LIMIT", 0)
    atlas = weightatlas.render(sample, tmp_path / "atlas", dzi=True, dzi_threshold=200)
    page = atlas._repr_html_()
    assert "base64" not in page
    thumbs = re.findall(r'<img src="([^"]+)" width="256"', page)
    assert len(thumbs) == len(atlas.images)
    for link in thumbs:
        assert Path(link).is_file() and Path(link).read_bytes().startswith(b"\x89PNG"), link


def test_names_from_the_file_are_escaped_in_html(tmp_path: Path) -> None:
    state = {"<img src=x onerror=alert(1)>": np.ones((4, 1, 3, 3), dtype=np.float32)}
    page = weightatlas.render(state, tmp_path / "atlas")._repr_html_()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_render_an_array_and_a_state_dict(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    atlas = weightatlas.render(rng.standard_normal((8, 3, 5, 5)).astype(np.float32), tmp_path / "a")
    assert list(atlas.images) == ["weights"]
    state = {"conv.weight": rng.standard_normal((8, 3, 3, 3)).astype(np.float32),
             "fc.weight": rng.standard_normal((10, 64)).astype(np.float16), "fc.bias": np.zeros(10, np.float32)}
    atlas = weightatlas.render(state, tmp_path / "b")
    entries = {t["name"]: t for t in atlas.tensors}
    assert set(entries) == set(state)
    assert entries["fc.weight"]["dtype"] == "F16" and entries["fc.bias"]["layout"] == "stats-only"
    assert entries["conv.weight"]["stats"]["max"] == pytest.approx(float(state["conv.weight"].max()))


class TorchLike:
    """Duck-typed like a torch module: state_dict() of tensor-likes with detach().cpu().numpy()."""

    class Tensor:
        def __init__(self, array: np.ndarray) -> None:
            self.array = array

        def detach(self) -> "TorchLike.Tensor":
            return self

        def cpu(self) -> "TorchLike.Tensor":
            return self

        def numpy(self) -> np.ndarray:
            return self.array

    def state_dict(self) -> dict[str, "TorchLike.Tensor"]:
        return {"features.0.weight": self.Tensor(np.full((4, 3, 3, 3), 0.5, np.float32))}


def test_render_a_module_like_object(tmp_path: Path) -> None:
    atlas = weightatlas.render(TorchLike(), tmp_path / "m")
    assert list(atlas.images) == ["features.0.weight"]
    assert atlas.tensors[0]["dead_filters"] == 4


def test_a_state_dict_keeps_its_model_order() -> None:
    state = {"features.2.weight": np.ones((2, 2), np.float32), "features.10.weight": np.ones((3, 2), np.float32),
             "classifier.weight": np.ones((1, 2), np.float32)}
    assert [e["name"] for e in weightatlas.inspect(state)] == list(state)


def test_inspect_equals_the_cli(sample: Path) -> None:
    entries = weightatlas.inspect(sample)
    assert entries == json.loads(cli("inspect", str(sample), "--json").stdout)["tensors"]
    assert weightatlas.inspect(np.zeros((2, 3), np.float32))[0]["shape"] == [2, 3]


def test_zoo_and_diff(sample: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "blazeface.safetensors").write_bytes(sample.read_bytes())
    result = weightatlas.zoo(models, tmp_path / "zoo")
    assert result.status == 0 and result.passed
    assert len(result.report["models"]) == 1
    rng = np.random.default_rng(2)
    a = {"w": rng.standard_normal((6, 3, 3, 3)).astype(np.float32)}
    b = {"w": a["w"] + np.float32(0.01)}
    done = weightatlas.diff(a, b, tmp_path / "diff")
    assert done.status == 0 and (tmp_path / "diff" / "diff.json").is_file()
    assert "w" in json.dumps(done.report)


def test_the_keras_reader_ships_in_the_wheel(tmp_path: Path) -> None:
    entries = weightatlas.inspect(REPO / "Tests" / "Fixtures" / "keras" / "keras3.keras")
    assert any(len(e["shape"]) == 4 for e in entries)
