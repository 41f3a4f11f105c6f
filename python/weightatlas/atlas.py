"""``Atlas``: what ``render`` wrote, for code and for Jupyter."""

from __future__ import annotations

import base64
import html
import importlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Images up to this many bytes are embedded in ``_repr_html_``; bigger ones are shown as
#: thumbnails linking to the viewer.
INLINE_LIMIT = 1 << 20
#: Width in CSS pixels of a thumbnail.
THUMBNAIL_WIDTH = 256


@dataclass
class Atlas:
    """A rendered atlas: its folder and its parsed ``manifest.json``."""

    directory: Path
    manifest: dict[str, Any] = field(repr=False)

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> "Atlas":
        """The atlas in ``directory`` (it must hold a manifest.json)."""
        folder = Path(directory)
        return cls(folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8")))

    @property
    def tensors(self) -> list[dict[str, Any]]:
        """The manifest's tensor entries, in model order."""
        return list(self.manifest.get("tensors", []))

    @property
    def images(self) -> dict[str, Path]:
        """Tensor name → its image (PNG, or a Deep Zoom .dzi), for the tensors that have one."""
        return {t["name"]: self.directory / t["image"] for t in self.tensors if "image" in t}

    def show(self, name: str) -> Any:
        """The image of tensor ``name`` as an ``IPython.display.Image`` (a notebook shows it)."""
        display = importlib.import_module("IPython.display")  # only needed in notebooks
        path = self.images.get(name)
        if path is None:
            raise KeyError(f"tensor {name!r} has no image in {self.directory}")
        return display.Image(filename=str(path))

    def _repr_html_(self) -> str:
        rows = [self._row(t) for t in self.tensors if "image" in t]
        viewer = html.escape(self._link(self.directory / "index.html"), quote=True)
        title = html.escape(str(self.manifest.get("model", self.directory)))
        return (f'<div class="weightatlas"><p><b>{title}</b>: {len(rows)} images '
                f'(<a href="{viewer}" target="_blank">viewer</a>)</p>'
                f'<table>{"".join(rows)}</table></div>')

    def _row(self, tensor: dict[str, Any]) -> str:
        path = self.directory / tensor["image"]
        name = html.escape(tensor["name"])
        shape = "×".join(str(d) for d in tensor.get("shape", []))
        caption = f"<td><code>{name}</code><br>{html.escape(shape)} {html.escape(tensor.get('layout', ''))}</td>"
        if path.suffix == ".png" and path.stat().st_size <= INLINE_LIMIT:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return f'<tr>{caption}<td><img src="data:image/png;base64,{data}" alt="{name}"></td></tr>'
        link = html.escape(self._link(self.directory / "index.html"), quote=True)
        image = html.escape(self._link(path), quote=True)
        if path.suffix == ".dzi":
            image = html.escape(self._link(deep_zoom_thumbnail(path)), quote=True)
        thumb = f'<img src="{image}" width="{THUMBNAIL_WIDTH}" alt="{name}">'
        return f'<tr>{caption}<td><a href="{link}" target="_blank">{thumb}</a></td></tr>'

    @staticmethod
    def _link(path: Path) -> str:
        """``path`` relative to the working directory (a notebook's folder) where it can be."""
        try:
            return Path(os.path.relpath(path)).as_posix()
        except ValueError:
            return path.resolve().as_uri()


def deep_zoom_thumbnail(dzi: Path) -> Path:
    """The one-tile level of a Deep Zoom pyramid: its largest level at most 256 px on a side."""
    text = dzi.read_text(encoding="utf-8")
    width = int(re.search(r'Width="(\d+)"', text).group(1))  # type: ignore[union-attr]
    height = int(re.search(r'Height="(\d+)"', text).group(1))  # type: ignore[union-attr]
    top = math.ceil(math.log2(max(width, height, 1)))
    level = max(0, top - max(0, math.ceil(math.log2(max(width, height, 1) / 256))))
    return dzi.with_name(dzi.stem + "_files") / str(level) / "0_0.png"
