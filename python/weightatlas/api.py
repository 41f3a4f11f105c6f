"""``render``, ``inspect``, ``zoo`` and ``diff``: the CLI's commands, with parsed results.

Keyword options mirror the CLI's (``input_shape="3x32x32"`` is ``--input-shape 3x32x32``;
``True`` a flag; a list repeats it): ``weightatlas COMMAND --help`` lists them all, and an
option the binary does not know raises ``UsageError`` with its own message.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Union

from ._binary import options, run
from ._source import is_path, private_folder, write_source
from .atlas import Atlas

Source = Any
PathLike = Union[str, "os.PathLike[str]"]


class _Materialized:
    """A source as a path for the binary: a path as it is, in-memory weights written once to a
    private folder that is removed afterwards."""

    def __init__(self, source: Source) -> None:
        self.folder = None if is_path(source) else private_folder()
        self.path = str(source) if self.folder is None else str(write_source(source, self.folder))

    def __enter__(self) -> str:
        return self.path

    def __exit__(self, *_: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def render(source: Source, out_dir: PathLike, **opts: Any) -> Atlas:
    """Renders ``source`` (a path, a numpy array, a dict of arrays, a torch module or tensor)
    into ``out_dir``: one image per tensor and a manifest.json, as ``weightatlas render``."""
    with _Materialized(source) as path:
        run(["render", path, "-o", os.fspath(out_dir), *options({"quiet": True, **opts})])
    return Atlas.load(out_dir)


def inspect(source: Source, **opts: Any) -> list[dict[str, Any]]:
    """The tensor entries ``weightatlas inspect --json`` prints: names, shapes, dtypes,
    layouts and statistics."""
    with _Materialized(source) as path:
        done = run(["inspect", path, "--json", *options(opts)])
    return list(json.loads(done.stdout)["tensors"])


@dataclass
class ZooResult:
    """A zoo run: its exit status (0 every check passed, 1 some failed), zoo.json and folder."""

    status: int
    report: dict[str, Any] = field(repr=False)
    directory: Path

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return self.status == 0


def zoo(paths: Union[PathLike, Iterable[PathLike]], out_dir: PathLike, **opts: Any) -> ZooResult:
    """Renders and health-checks every model under ``paths`` into ``out_dir``."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    done = run(["zoo", *[os.fspath(p) for p in items], "-o", os.fspath(out_dir), *options({"quiet": True, **opts})], allowed=(0, 1))
    report = json.loads((Path(out_dir) / "zoo.json").read_text(encoding="utf-8"))
    return ZooResult(done.returncode, report, Path(out_dir))


@dataclass
class DiffResult:
    """A diff: its exit status, the parsed diff.json and the folder of B − A images."""

    status: int
    report: dict[str, Any] = field(repr=False)
    directory: Path


def diff(a: Source, b: Source, out_dir: PathLike, **opts: Any) -> DiffResult:
    """Renders B − A of two checkpoints of one architecture into ``out_dir``."""
    with _Materialized(a) as path_a, _Materialized(b) as path_b:
        done = run(["diff", path_a, path_b, "-o", os.fspath(out_dir), *options({"quiet": True, **opts})], allowed=(0, 1))
    report = json.loads((Path(out_dir) / "diff.json").read_text(encoding="utf-8"))
    return DiffResult(done.returncode, report, Path(out_dir))
