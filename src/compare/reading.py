"""Reading plan files: bytes to text, with a clear error when that is impossible.

:func:`read_plan_text` is the one entry point. It accepts plain text (UTF-8, UTF-8 with BOM,
GB18030/GBK, Big5), web pages (``.html``/``.htm``), Word files (``.docx``) and PDF files with a
text layer (``.pdf``), and returns ``(text, encoding)``. For text files ``text`` is the decoded
file; for every other format it is the text this module extracts, and that extracted text *is*
the plan's raw text: offsets and evidence quotes refer to it. docs/ingestion.md describes each
reader.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from compare.errors import PlanInputError
from compare.resources import simplified

# Order matters: a UTF-8 BOM is unambiguous, then strict UTF-8 (which rarely decodes GBK or Big5
# bytes by accident). Bytes that are not UTF-8 are decoded as GB18030 (the superset of GBK/GB2312
# used by mainland government files) and as Big5 (Taiwan, Hong Kong, Macao); GB18030 decodes most
# Big5 byte sequences without error into nonsense, so the decoding whose characters are the most
# plausible Chinese wins (see :func:`chinese_plausibility`).
ENCODINGS = ("utf-8-sig", "gb18030", "big5")
# Python codecs behind the names above: cp950 is Big5 as Windows writes it (a superset of the
# standard table); big5hkscs adds the Hong Kong supplementary characters.
_CODECS = {"utf-8-sig": ("utf-8-sig",), "gb18030": ("gb18030",), "big5": ("cp950", "big5hkscs")}
# A decoding is plausible Chinese when at least this share of its non-ASCII letters are common
# characters. Real plans score 0.97-1.0; Big5 read as GB18030 (and the reverse) 0.1-0.5.
MIN_PLAUSIBILITY = 0.6

# Control characters other than tab, newline, carriage return and form feed mean the file is not
# text (a PDF, a Word file or a zip archive renamed .txt).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
# Files a corpus folder may hold as plans (a plan file without a manifest row is an error).
PLAN_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *DOCX_SUFFIXES, *PDF_SUFFIXES)
# Formats people have that no reader here accepts, and what to do instead.
_UNSUPPORTED = {
    ".doc": "old binary Word .doc files cannot be read; save it as .docx (or PDF) first",
    ".wps": "WPS .wps files cannot be read; save it as .docx (or PDF) first",
    ".ofd": "OFD files cannot be read; export it as PDF or .docx first",
    ".rtf": "RTF files cannot be read; save it as .docx first",
}

# --- size limit ----------------------------------------------------------------------------

DEFAULT_MAX_BYTES = 20_000_000  # 20 MB: the longest plans are about 1 MB as PDF, 0.2 MB as text
MAX_BYTES_ENV = "COMPARE_MAX_BYTES"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$", re.IGNORECASE)


def max_plan_bytes(max_bytes: int | None = None, *, path: str | Path = "<plan>") -> int:
    """The size limit for one plan file in bytes.

    ``max_bytes`` wins; otherwise the environment variable ``COMPARE_MAX_BYTES`` (bytes, or a
    number with ``K``/``M``/``G``, e.g. ``50MB``; decimal units); otherwise 20 MB.
    """
    if max_bytes is not None:
        return int(max_bytes)
    setting = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not setting:
        return DEFAULT_MAX_BYTES
    match = _SIZE.match(setting)
    if match is None:
        raise PlanInputError(
            path, f"{MAX_BYTES_ENV}={setting!r} is not a size in bytes (e.g. 50000000 or 50MB)"
        )
    factor = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}"


def check_size(path: Path, max_bytes: int | None = None) -> int:
    """The file's size in bytes; :class:`PlanInputError` when it is over the limit."""
    limit = max_plan_bytes(max_bytes, path=path)
    size = path.stat().st_size
    if size > limit:
        raise PlanInputError(
            path,
            f"file is {_megabytes(size)} MB, larger than the {limit / 1e6:g} MB limit for a plan; "
            f"set {MAX_BYTES_ENV} to raise it",
        )
    return size


# --- text files ----------------------------------------------------------------------------

_CJK_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Punctuation, full-width forms and symbols common in Chinese text; neutral for plausibility.
_NEUTRAL = re.compile("[\\s\x00-\x7f\u00a0-\u00bf\u2000-\u206f\u2100-\u218f\u2190-\u21ff"
                      "\u2200-\u22ff\u2460-\u24ff\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef]")


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The 3,755 level-1 characters of GB 2312: the most frequent simplified characters."""
    common = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                common.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(common)


def chinese_plausibility(text: str, *, sample: int = 100_000) -> float:
    """Share of the letters of ``text`` outside ASCII that are common Chinese characters.

    Traditional characters count through their simplified form (OpenCC ``t2s``); punctuation
    and full-width forms are neutral. Kana, Greek, box drawing, private-use and rare characters
    (what Big5 read as GB18030, or GBK read as Big5, turns into) count against. Text with no
    such letters scores 1.0.
    """
    letters = _NEUTRAL.sub("", simplified(text[:sample]))
    if not letters:
        return 1.0
    common = _common_hanzi()
    return sum(char in common for char in letters) / len(letters)


def decode_plan_bytes(data: bytes, *, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a plan; returns ``(text, encoding)``.

    Accepts UTF-8 (with or without BOM), GB18030/GBK and Big5; ``encoding`` is ``utf-8``,
    ``gb18030`` or ``big5``. Bytes that are not UTF-8 are decoded both as GB18030 and as Big5
    and the more plausible Chinese wins (:func:`chinese_plausibility`). Raises
    :class:`PlanInputError` naming ``path`` when the bytes are empty, binary, decode as none of
    these, or decode only into implausible characters.
    """
    if not data or data.isspace():  # only ASCII white space (what bytes.strip() removes)
        raise PlanInputError(path, "file is empty (no text to read)")
    if b"\x00" in data[:4096]:
        raise PlanInputError(path, "file is binary, not text (NUL bytes found); convert it to .txt first")
    failures: list[UnicodeDecodeError] = []
    decoded: list[tuple[str, str]] = []
    try:
        decoded.append((data.decode("utf-8-sig"), "utf-8"))
    except UnicodeDecodeError as error:
        failures.append(error)
        for name in ENCODINGS[1:]:
            for codec in _CODECS[name]:
                try:
                    decoded.append((data.decode(codec), name))
                    break
                except UnicodeDecodeError as error:
                    failures.append(error)
    if not decoded:
        # Report where the encoding that got furthest failed: that is most likely the intended one.
        furthest = max(failures, key=lambda error: error.start)
        line = data[: furthest.start].count(b"\n") + 1
        raise PlanInputError(
            path,
            f"cannot decode byte {data[furthest.start]:#04x} at offset {furthest.start} as UTF-8, "
            "UTF-8 with BOM, GB18030/GBK or Big5; save the file as UTF-8",
            line=line,
        )
    if len(decoded) == 1 and decoded[0][1] == "utf-8":
        text, encoding = decoded[0]
    else:
        scored = [(chinese_plausibility(text), -rank, text, name) for rank, (text, name) in enumerate(decoded)]
        score, _, text, encoding = max(scored)
        if score < MIN_PLAUSIBILITY:
            tried = ", ".join(f"{name} {value:.0%}" for value, _, _, name in scored)
            raise PlanInputError(
                path,
                f"bytes are not UTF-8 and decode as no plausible Chinese text (common characters: "
                f"{tried}); save the file as UTF-8",
            )
    control = _BINARY_CONTROLS.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise PlanInputError(
            path,
            f"file looks binary (control character U+{ord(control.group()):04X}); not a text plan",
            line=line,
        )
    if _blank(text):
        raise PlanInputError(path, "file is empty (no text to read)")  # only a BOM or blank space
    return text, encoding


def _blank(text: str) -> bool:
    """Only white space, BOMs and zero-width spaces."""
    first = len(text) - len(text.lstrip())  # the first character that is not white space
    if first < len(text) and text[first] not in "\ufeff\u200b":
        return False
    return not text.replace("\ufeff", "").replace("\u200b", "").strip()


def _join_pieces(pieces: list[str], *, wrapped: bool = False) -> str:
    """Pieces of one paragraph or cell run together: no space after Chinese, one between words.

    ``wrapped`` pieces are lines broken by the page width, which may split a number
    (``6`` / ``5%``): digit meets digit without a space there.
    """
    text = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        last, first = text[-1:], piece[0]
        if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
            if not (wrapped and last.isdigit() and first.isdigit()):
                text += " "
        text += piece
    return text


def _tidy_lines(lines: list[str]) -> str:
    """Lines stripped, blank ones dropped, one newline after each."""
    kept = (re.sub(r"[\r\n]+", " ", line).strip() for line in lines)
    return "".join(line + "\n" for line in kept if line)


# --- HTML ----------------------------------------------------------------------------------

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
    """All visible text of an HTML page, block elements on their own lines (table cells one per line).

    The fallback of :func:`html_main_text`: it keeps navigation and footers, which the cleaner
    partly removes as page furniture.
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


# trafilatura's XML elements that start a new line; a table cell is one line, however many
# paragraphs it holds.
_XML_BLOCKS = {"p", "head", "item", "list", "quote", "row", "table", "code", "main", "doc"}
# The main text must keep at least this share of the Chinese characters of the whole page, or the
# extractor is taken to have dropped plan content and the whole page is read instead.
MIN_MAIN_TEXT_SHARE = 0.5


def _xml_lines(element, lines: list[str]) -> None:
    """Lines of trafilatura's XML: block elements and table cells each on their own line."""
    if element.tag == "cell":
        lines.append(_join_pieces(list(element.itertext())))
        return
    if element.tag in _XML_BLOCKS:
        lines.append("")
    if element.text:
        lines[-1] += element.text
    for child in element:
        if child.tag == "lb":
            lines.append("")
        else:
            _xml_lines(child, lines)
            if child.tag in _XML_BLOCKS or child.tag == "cell":
                lines.append("")
        if child.tail:
            lines[-1] += child.tail


def html_main_text(markup: str) -> str:
    """The plan on a web page without its navigation, share links and footer.

    trafilatura finds the main content (tables kept); its paragraphs, headings and list items
    become lines, table cells one per line (a merged cell once), and the page title the first
    line. When trafilatura finds nothing or keeps less than half of the page's Chinese text,
    the whole page is read with :func:`html_to_text` instead.
    """
    import trafilatura
    from lxml import etree

    everything = html_to_text(markup)
    try:
        extracted = trafilatura.extract(
            markup, output_format="xml", include_tables=True, include_comments=False,
            include_images=False, include_links=False, favor_recall=True, with_metadata=True,
        )
        document = etree.fromstring(extracted.encode("utf-8")) if extracted else None
    except Exception:  # noqa: BLE001 - markup the extractor chokes on is still read, in full
        document = None
    if document is None:
        return everything
    lines = [""]
    main = document.find("main")
    _xml_lines(main if main is not None else document, lines)
    title = (document.get("title") or "").strip()
    if title and not any(title in line for line in lines[:5]):
        lines.insert(0, title)
    text = _tidy_lines(lines)
    if len(_CJK_IDEOGRAPH.findall(text)) < MIN_MAIN_TEXT_SHARE * len(_CJK_IDEOGRAPH.findall(everything)):
        return everything
    return text


# --- Word ----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Text of a paragraph in document order: runs also inside hyperlinks, tracked insertions, smart
# tags and inline content controls; not text boxes (floating, outside the reading order) and
# not the tab stops of the paragraph's properties.
_PARAGRAPH_TEXT = (
    ".//w:t[not(ancestor::w:txbxContent)]"
    " | .//w:tab[not(ancestor::w:txbxContent) and not(ancestor::w:pPr)]"
    " | .//w:br[not(ancestor::w:txbxContent)] | .//w:cr[not(ancestor::w:txbxContent)]"
)
_NAMESPACES = {"w": _W[1:-1]}


@lru_cache(maxsize=1)
def _paragraph_text_xpath():
    from lxml import etree

    return etree.XPath(_PARAGRAPH_TEXT, namespaces=_NAMESPACES)


def _docx_paragraph(paragraph) -> str:
    parts = []
    for element in _paragraph_text_xpath()(paragraph):
        tag = element.tag
        if tag == f"{_W}t":
            parts.append(element.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        else:  # a line, column or page break
            parts.append("\n")
    return "".join(parts)


def _docx_blocks(parent, lines: list[str]) -> None:
    """Paragraphs and tables under ``parent`` in document order (into content controls too)."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            lines.extend(_docx_paragraph(child).split("\n"))
        elif child.tag == f"{_W}tbl":
            _docx_table(child, lines)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _docx_blocks(child, lines)


def _docx_table(table, lines: list[str]) -> None:
    """Cells of a Word table one per line, row by row; a merged cell once, empty cells not at all.

    A cell's paragraphs run together on its line; a table nested in a cell follows on lines of
    its own.
    """
    for row in table.iterchildren(f"{_W}tr"):
        for cell in row.iterchildren(f"{_W}tc"):
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue  # the lower part of a vertically merged cell
            pieces: list[str] = []
            for child in cell.iterchildren():
                if child.tag == f"{_W}p":
                    pieces.append(_docx_paragraph(child))
                elif child.tag == f"{_W}tbl":
                    lines.append(_join_pieces(pieces))
                    pieces = []
                    _docx_table(child, lines)
                elif child.tag == f"{_W}sdt":  # a content control around paragraphs
                    inner: list[str] = []
                    _docx_blocks(child, inner)
                    pieces.extend(inner)
            lines.append(_join_pieces(pieces))


def docx_to_text(path: Path) -> str:
    """The text of a Word file: body paragraphs and tables in document order.

    Each paragraph (headings included) is a line; a line break inside a paragraph starts a new
    line. Tables are emitted where they stand, one cell per line (a cell's paragraphs run
    together, a merged cell once), so a table after a ``表 N`` caption reads like a flattened
    table in a text file. Headers, footers, footnotes, comments, text boxes and deleted text
    are not read.
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise PlanInputError(path, "not a readable .docx Word file (not a zip package)") from None
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise PlanInputError(path, f"not a readable .docx Word file ({error})") from None
    lines: list[str] = []
    _docx_blocks(document.element.body, lines)
    return _tidy_lines(lines)


# --- PDF -----------------------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")
# A PDF's text layer is usable when at least this share of its characters are Chinese and at
# most this share is garbage ((cid:NNN) glyphs without a Unicode mapping, U+FFFD, private use).
MIN_PDF_CJK_SHARE = 0.3
MAX_PDF_GARBAGE_SHARE = 0.05
_GARBAGE_CHAR = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_PAGE_NUMBER = re.compile(r"^[-—–_\s·]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–_\s·]*$")
_SENTENCE_END = "。！？!?；;：:"


def pdf_text_quality(text: str) -> tuple[float, float, int]:
    """``(cjk_share, garbage_share, units)`` of text extracted from a PDF.

    Units are the non-space characters, a ``(cid:NNN)`` counting as one; garbage is
    ``(cid:NNN)``, U+FFFD, private-use and control characters.
    """
    cids = len(_CID.findall(text))
    rest = re.sub(r"\s+", "", _CID.sub("", text))
    units = cids + len(rest)
    if not units:
        return 0.0, 0.0, 0
    cjk = len(_CJK_IDEOGRAPH.findall(rest))
    garbage = cids + len(_GARBAGE_CHAR.findall(rest))
    return cjk / units, garbage / units, units


def _pdf_lines(page) -> list[dict]:
    """Text lines of a page outside its ruled tables, with their geometry."""
    lines = []
    for line in page.extract_text_lines(return_chars=True):
        text = line["text"].strip()
        if not text:
            continue
        visible = [c for c in line["chars"] if c["text"].strip()] or line["chars"]
        sizes = sorted(c["size"] for c in visible) or [10.0]
        # An indent written as spaces (full-width or not) still counts as an indent.
        x0 = visible[0]["x0"] if visible else line["x0"]
        lines.append({"text": text, "x0": x0, "x1": line["x1"], "top": line["top"],
                      "bottom": line["bottom"], "size": sizes[len(sizes) // 2]})
    return lines


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle_x, middle_y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _heading_start(text: str) -> bool:
    from compare.cleaning import heading_rank

    return heading_rank(text) is not None


def _page_blocks(page, number: int) -> list[tuple[float, str, object]]:
    """``(top, kind, content)`` of a page in reading order: text lines and tables (cell lists)."""
    tables = []
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - a table finder failure must not lose the page's text
        found = []
    for table in found:
        rows = table.extract()
        if not rows or max(len(row) for row in rows) < 2:
            continue  # one column: a framed box (专栏), not a table; its lines are read as text
        cells = [_join_pieces((cell or "").split("\n"), wrapped=True) for row in rows for cell in row]
        cells = [cell for cell in cells if cell]
        if cells:
            tables.append((table.bbox, cells))
    blocks: list[tuple[float, str, object]] = []
    height = float(page.height)
    for line in _pdf_lines(page):
        if any(_inside(line, bbox) for bbox, _ in tables):
            continue
        in_margin = line["bottom"] < 0.1 * height or line["top"] > 0.9 * height
        if in_margin and _PAGE_NUMBER.match(line["text"]):
            continue  # page number
        line["page"] = number
        blocks.append((line["top"], "line", line))
    blocks.extend((bbox[1], "table", cells) for bbox, cells in tables)
    blocks.sort(key=lambda block: block[0])
    return blocks


def _median(values: list[float], default: float = 0.0) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else default


def _continues(previous: dict, line: dict, right: float, left: float, gap: float) -> bool:
    """Whether ``line`` continues the paragraph of ``previous`` (wrapped by the page width)."""
    size = previous["size"]
    full = previous["x1"] >= right - 1.5 * size
    indented = line["x0"] > left + 0.8 * size
    spaced = previous["page"] == line["page"] and line["top"] - previous["bottom"] > gap + 0.5 * size
    heading_next = previous["text"][-1] in _SENTENCE_END and _heading_start(line["text"])
    return full and not indented and not spaced and not heading_next


def read_pdf_pages(path: Path) -> list[list[tuple[float, str, object]]]:
    """Each page of a PDF as ``(top, kind, content)`` blocks (see :func:`pdf_to_text`)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(str(path)) as pdf:
            return [_page_blocks(page, number) for number, page in enumerate(pdf.pages)]
    except (PdfminerException, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PlanInputError(path, "PDF is password-protected; save an unprotected copy") from None
        raise PlanInputError(path, f"not a readable PDF ({cause})") from None


def pdf_to_text(pages: list[list[tuple[float, str, object]]]) -> str:
    """The text layer of a PDF (pages from :func:`read_pdf_pages`), wrapped lines joined.

    Lines come from pdfplumber in page order. A line that reaches the right edge of the text
    and is followed by a line that is neither indented nor set apart by extra space (nor a
    heading after a finished sentence) is joined to it, also across a page break. Ruled tables
    are emitted where they stand, one cell per line. Page numbers in the page margins are
    dropped.
    """
    lines_of = [[block[2] for block in page if block[1] == "line"] for page in pages]
    typical_right = _median([max(line["x1"] for line in lines) for lines in lines_of if lines])
    typical_left = _median([min(line["x0"] for line in lines) for lines in lines_of if lines])
    gap = _median([
        b[2]["top"] - a[2]["bottom"] for page in pages for a, b in zip(page, page[1:], strict=False)
        if a[1] == b[1] == "line"
    ])
    out: list[str] = []
    previous: dict | None = None
    for page, lines in zip(pages, lines_of, strict=True):
        right = max([typical_right, *(line["x1"] for line in lines)])
        left = min([typical_left, *(line["x0"] for line in lines)])
        for _, kind, content in page:
            if kind == "table":
                out.extend(content)  # type: ignore[arg-type]
                previous = None
                continue
            line: dict = content  # type: ignore[assignment]
            if previous is not None and _continues(previous, line, right, left, gap):
                out[-1] = _join_pieces([out[-1], line["text"]], wrapped=True)
            else:
                out.append(line["text"])
            previous = line
    return _tidy_lines(out)


def check_pdf_text(text: str, path: Path, pages: int | None = None) -> None:
    """Refuse a PDF whose text layer is missing or garbage (scanned, or broken font maps)."""
    cjk, garbage, units = pdf_text_quality(text)
    if units == 0:
        where = f" on any of its {pages} pages" if pages else ""
        raise PlanInputError(
            path, f"PDF has no usable text layer (no text found{where}: scanned images?); OCR it first"
        )
    if cjk < MIN_PDF_CJK_SHARE or garbage > MAX_PDF_GARBAGE_SHARE:
        raise PlanInputError(
            path,
            f"PDF has no usable text layer (CJK {cjk:.0%}, {garbage:.0%} (cid:…) garbage); OCR it first",
        )


# --- entry point ---------------------------------------------------------------------------


def check_unpacked_size(path: Path, limit: int) -> None:
    """Refuse a Word file whose parts unpack to more than the size limit (a decompression bomb),
    before anything is decompressed."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanInputError(path, f"not a readable .docx Word file ({error})") from None
    if unpacked > limit:
        raise PlanInputError(path, f"unpacks to {_megabytes(unpacked)} MB, more than the {limit / 1e6:g} MB limit "
                                   f"for a plan; set {MAX_BYTES_ENV} to raise it")


def _within_limit(text: str, path: Path, limit: int) -> str:
    """The extracted text, refused when it is larger than the limit for a plan."""
    if len(text) * 3 > limit and len(text.encode("utf-8")) > limit:
        raise PlanInputError(path, f"its text is larger than the {limit / 1e6:g} MB limit for a plan; "
                                   f"set {MAX_BYTES_ENV} to raise it")
    return text


def read_plan_text(path: str | Path, *, max_bytes: int | None = None) -> tuple[str, str]:
    """Read a plan's text; returns ``(text, encoding)``.

    By suffix: ``.txt`` (and any other suffix) is decoded with :func:`decode_plan_bytes`;
    ``.html``/``.htm`` is decoded the same way and reduced to its main text
    (:func:`html_main_text`); ``.docx`` is read with :func:`docx_to_text` (encoding ``docx``);
    ``.pdf`` with :func:`pdf_to_text` (encoding ``pdf``), refused when its text layer is
    missing or garbage. For every format but text files the returned text is the extracted text
    and is the plan's raw text: evidence offsets refer to it.

    A file larger than ``max_bytes`` (default: ``COMPARE_MAX_BYTES`` or 20 MB) is refused
    before it is read. Every problem is a :class:`PlanInputError` naming the file.
    """
    path = Path(path)
    if path.is_dir():
        raise PlanInputError(path, "is a folder, not a file")
    if not path.exists():
        raise PlanInputError(path, "file not found")
    if not path.is_file():
        raise PlanInputError(path, "is not a regular file (a device, pipe or socket); give a plan file")
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise PlanInputError(path, _UNSUPPORTED[suffix])
    check_size(path, max_bytes)
    limit = max_plan_bytes(max_bytes, path=path)
    if suffix in DOCX_SUFFIXES:
        check_unpacked_size(path, limit)
        text = _within_limit(docx_to_text(path), path, limit)
        if not text.strip():
            raise PlanInputError(path, "Word file has no text in its body")
        return text, "docx"
    if suffix in PDF_SUFFIXES:
        pages = read_pdf_pages(path)
        text = _within_limit(pdf_to_text(pages), path, limit)
        check_pdf_text(text, path, len(pages))
        return text, "pdf"
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # never more than the limit, whatever the size said
    except FileNotFoundError:
        raise PlanInputError(path, "file not found") from None
    if len(data) > limit:
        raise PlanInputError(path, f"file is larger than the {limit / 1e6:g} MB limit for a plan; "
                                   f"set {MAX_BYTES_ENV} to raise it")
    text, encoding = decode_plan_bytes(data, path=path)
    if suffix in HTML_SUFFIXES:
        text = html_main_text(text)
        if not text.strip():
            raise PlanInputError(path, "HTML page has no visible text")
    return text, encoding
