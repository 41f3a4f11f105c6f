"""The ``weightatlas`` console command: the wheel's binary, with the same arguments and exit code."""

from __future__ import annotations

import os
import sys

from ._binary import binary, environment


def main() -> None:
    """Replaces this process with the binary (signals and exit codes pass straight through)."""
    path = str(binary())
    os.execve(path, [path, *sys.argv[1:]], environment())
