"""Where the binaries are and how a run of one becomes a result or an error."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Sequence

from .errors import error_for

_BIN = Path(__file__).resolve().parent / "_bin"


def binary(name: str = "weightatlas") -> Path:
    """The wheel's binary ``name`` (``$WEIGHTATLAS_BINARY`` overrides ``weightatlas``)."""
    override = os.environ.get("WEIGHTATLAS_BINARY")
    if override and name == "weightatlas":
        return Path(override)
    return _BIN / name


def environment() -> dict[str, str]:
    """The binary's environment: the Keras reader beside it, unless the caller names one."""
    env = dict(os.environ)
    reader = _BIN / "weightatlas-hdf5"
    if "WEIGHTATLAS_HDF5_READER" not in env and reader.exists():
        env["WEIGHTATLAS_HDF5_READER"] = str(reader)
    return env


def run(arguments: Sequence[str], *, allowed: Sequence[int] = (0,)) -> subprocess.CompletedProcess[str]:
    """Runs ``weightatlas ARGUMENTS``; an exit status outside ``allowed`` raises its error."""
    command = [str(binary()), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, env=environment(), check=False)
    if done.returncode not in allowed:
        raise error_for(done.returncode, done.stderr.strip(), command)
    return done


def options(values: dict[str, object]) -> list[str]:
    """Keyword options as CLI flags: ``input_shape="3x32x32"`` is ``--input-shape 3x32x32``,
    ``True`` a bare flag, ``None``/``False`` nothing, a list or tuple one flag per item."""
    flags: list[str] = []
    for key, value in values.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            flags.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                flags += [flag, str(item)]
        else:
            flags += [flag, str(value)]
    return flags
