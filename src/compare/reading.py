"""Reading plan files: bytes to text, with a clear error when that is impossible."""

from __future__ import annotations

import re
from html.parser import HTMLParser
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


HTML_SUFFIXES = (".html", ".htm")
# Files a corpus folder may hold as plans (a plan file without a manifest row is an error).
PLAN_SUFFIXES = (".txt", *HTML_SUFFIXES)
_BLOCK_TAGS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "ul", "ol", "dd", "dt", "title", "caption", "blockquote"}


class _TextOfHtml(HTMLParser):
    """Visible text of a page, one block element (paragraph, table cell, …) per line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data.replace("\n", " "))


def html_to_text(markup: str) -> str:
    """The text of an HTML page, block elements on their own lines (table cells one per line).

    Plans saved from government websites become text the cleaner understands; offsets of a
    plan read from HTML refer to this text.
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def read_plan_text(path: str | Path) -> tuple[str, str]:
    """Read a plan's text; returns ``(text, encoding)``. See :func:`decode_plan_bytes`.

    ``.html``/``.htm`` files are reduced to their visible text with :func:`html_to_text`.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanInputError(path, "file not found") from None
    except IsADirectoryError:
        raise PlanInputError(path, "is a folder, not a file") from None
    text, encoding = decode_plan_bytes(data, path=path)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
        if not text.strip():
            raise PlanInputError(path, "HTML page has no visible text")
    return text, encoding
