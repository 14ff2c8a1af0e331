"""Reading plan files: bytes to text, with a clear error when that is impossible."""

from __future__ import annotations

import re
from pathlib import Path

from compare.errors import PlanInputError

# Order matters: a UTF-8 BOM is unambiguous, then strict UTF-8 (which rarely decodes GBK bytes
# by accident), then GB18030, the superset of GBK/GB2312 used by Chinese government files.
ENCODINGS = ("utf-8-sig", "gb18030")

# Control characters other than tab, newline, carriage return and form feed mean the file is not
# text (a PDF, a Word file or a zip archive renamed .txt).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_plan_bytes(data: bytes, *, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a plan; returns ``(text, encoding)``.

    Accepts UTF-8 (with or without BOM) and GB18030/GBK. Raises :class:`PlanInputError`
    naming ``path`` when the bytes are empty, binary, or decode as none of these.
    """
    if not data.strip():
        raise PlanInputError(path, "file is empty (no text to read)")
    if b"\x00" in data[:4096]:
        raise PlanInputError(path, "file is binary, not text (NUL bytes found); convert it to .txt first")
    failures: list[UnicodeDecodeError] = []
    for candidate in ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as error:
            failures.append(error)
            continue
        encoding = "utf-8" if candidate == "utf-8-sig" else candidate
        break
    else:
        # Report where the encoding that got furthest failed: that is most likely the intended one.
        furthest = max(failures, key=lambda error: error.start)
        line = data[: furthest.start].count(b"\n") + 1
        raise PlanInputError(
            path,
            f"cannot decode byte {data[furthest.start]:#04x} at offset {furthest.start} as UTF-8, "
            "UTF-8 with BOM or GB18030/GBK; save the file as UTF-8",
            line=line,
        )
    control = _BINARY_CONTROLS.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise PlanInputError(
            path,
            f"file looks binary (control character U+{ord(control.group()):04X}); not a text plan",
            line=line,
        )
    return text, encoding


def read_plan_text(path: str | Path) -> tuple[str, str]:
    """Read a plan's text file; returns ``(text, encoding)``. See :func:`decode_plan_bytes`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanInputError(path, "file not found") from None
    except IsADirectoryError:
        raise PlanInputError(path, "is a folder, not a file") from None
    return decode_plan_bytes(data, path=path)
