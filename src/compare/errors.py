"""The one exception type users see for bad input."""

from __future__ import annotations

from pathlib import Path


class PlanInputError(ValueError):
    """Bad input: names the file and, where known, the line.

    The message reads ``path:line: problem`` so editors and terminals can jump to it.
    """

    def __init__(self, path: str | Path, problem: str, *, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}")


def expect(value: object, types: type | tuple[type, ...], name: str, what: str) -> None:
    """Raise ``TypeError`` saying what ``name`` should be when ``value`` is not of ``types``: a
    wrong argument fails at the door with a sentence, not deep inside with a library's message."""
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {what}, not {type(value).__name__}")
