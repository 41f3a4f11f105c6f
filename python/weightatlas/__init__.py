"""WeightAtlas: neural-network weights as images, from Python.

A thin, typed wrapper over the ``weightatlas`` binary shipped in this wheel::

    import weightatlas
    atlas = weightatlas.render("model.safetensors", "atlas/")   # or an array, a state dict, a module
    atlas                                                      # in Jupyter: the layers inline
    grid = weightatlas.make_grid(filters, nrow=8, normalize=True)  # torchvision's, byte for byte
"""

from ._version import __version__
from .api import DiffResult, ZooResult, diff, inspect, render, zoo
from .atlas import Atlas
from .errors import BackendError, InputError, OutputError, UsageError, WeightAtlasError
from .grid import make_grid

__all__ = [
    "Atlas", "BackendError", "DiffResult", "InputError", "OutputError", "UsageError", "WeightAtlasError",
    "ZooResult", "__version__", "diff", "inspect", "make_grid", "render", "zoo",
]
