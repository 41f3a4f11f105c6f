"""The errors the binary's exit codes map to (docs/ARCHITECTURE.md, "Exit codes")."""

from __future__ import annotations

from typing import Sequence


class WeightAtlasError(Exception):
    """The binary failed; ``message`` is its own message (naming file, tensor and offset)."""

    exit_code: int = -1

    def __init__(self, message: str, *, exit_code: int, command: Sequence[str]) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = list(command)


class UsageError(WeightAtlasError):
    """Exit 2: an option or argument the binary does not accept."""


class InputError(WeightAtlasError):
    """Exit 3: a bad or unreadable weight file."""


class OutputError(WeightAtlasError):
    """Exit 4: the output could not be written."""


class BackendError(WeightAtlasError):
    """Exit 5: the OpenCL backend failed."""


_BY_EXIT_CODE: dict[int, type[WeightAtlasError]] = {2: UsageError, 3: InputError, 4: OutputError, 5: BackendError}


def error_for(exit_code: int, message: str, command: Sequence[str]) -> WeightAtlasError:
    """The error for a failed run (``WeightAtlasError`` itself for an unexpected code)."""
    kind = _BY_EXIT_CODE.get(exit_code, WeightAtlasError)
    return kind(message or f"weightatlas exited with status {exit_code}", exit_code=exit_code, command=command)
