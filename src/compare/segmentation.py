"""Word segmentation with jieba and the project's health-policy dictionary.

jieba is imported on first use, never at ``import compare``. Each :class:`Segmenter` owns its
own ``Tokenizer`` (the global one is left alone), adds the user dictionary term by term, and
keeps the prefix-dictionary cache in a file named after the backend's version and the
dictionary's content hash, so a stale cache can never be picked up.

Backend: ``jieba_next`` (the maintained fork, about 4x faster) when it is installed — the
``fast`` extra — else plain ``jieba``. Under the project's settings the two give the same tokens;
``tests/test_segmentation.py`` checks this on the whole seed corpus. ``COMPARE_SEGMENTER=jieba``
forces plain jieba.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from compare.errors import PlanInputError, expect
from compare.resources import data_path, policy_verbs, stopwords

# Bump when the way tokens are produced changes, so cached segmentations are not reused.
SEGMENTER_VERSION = "1"

# What jieba's default mode treats as one run of word characters; dictionary terms with any
# other character, such as 执业(助理)医师, are cut out before jieba sees the text.
_JIEBA_WORD_CHARS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
# Tokens made only of punctuation, symbols or white space are not words.
_NOT_A_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class DictionaryEntry:
    term: str
    freq: int | None
    tag: str | None


def read_userdict(path: str | Path) -> list[DictionaryEntry]:
    """Parse a user dictionary: ``term [freq] [tag]`` per line, ``#`` comments allowed."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if len(fields) > 3 or (len(fields) > 1 and not fields[1].isdigit()):
                raise PlanInputError(
                    path, f"expected 'term [freq] [tag]', got {line.strip()!r}", line=number
                )
            freq = int(fields[1]) if len(fields) > 1 else None
            entries.append(DictionaryEntry(fields[0], freq, fields[2] if len(fields) > 2 else None))
    return entries


BACKENDS = ("jieba_next", "jieba")


def _check_userdict(path: Path) -> None:
    """A user dictionary must be UTF-8 text (jieba's format): say so, naming the file and line."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PlanInputError(path, f"cannot read the user dictionary ({error.strerror})") from None
    if b"\x00" in content:
        raise PlanInputError(path, "binary, not a user dictionary (UTF-8 text, one 'term freq tag' per line)")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise PlanInputError(path, "not UTF-8 (saved as GBK?); save the dictionary as UTF-8", line=line) from None


def resolve_backend(backend: str = "auto") -> str:
    """The backend module name to use: ``auto`` picks jieba_next when importable, else jieba."""
    backend = os.environ.get("COMPARE_SEGMENTER", backend) if backend == "auto" else backend
    if backend == "auto":
        import importlib.util

        return "jieba_next" if importlib.util.find_spec("jieba_next") else "jieba"
    if backend not in BACKENDS:
        raise PlanInputError("COMPARE_SEGMENTER" if os.environ.get("COMPARE_SEGMENTER") == backend else "backend",
                             f"unknown segmenter backend {backend!r}; choose one of {', '.join(BACKENDS)} or auto")
    return backend


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "plancompare" / "jieba"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / "plancompare-jieba"
        path.mkdir(parents=True, exist_ok=True)
    return path


class Segmenter:
    """jieba segmentation with a user dictionary.

    Parameters
    ----------
    userdict:
        Path of a ``term freq tag`` dictionary; default the package's ``data/userdict.txt``.
    hmm:
        Let jieba's HMM join unknown characters into words (jieba's own default).
    backend:
        ``auto`` (jieba_next when installed, else jieba), ``jieba`` or ``jieba_next``.
    """

    def __init__(self, *, userdict: str | Path | None = None, hmm: bool = True, backend: str = "auto"):
        self.userdict = Path(userdict) if userdict is not None else data_path("userdict.txt")
        if userdict is not None:
            _check_userdict(self.userdict)
        self.hmm = hmm
        self.backend = resolve_backend(backend)
        self._tokenizer = None
        self._protected: re.Pattern[str] | None = None
        self._fast_cut: _DagCutter | None = None

    def __getstate__(self):
        # Worker processes load their own tokenizer: a loaded one is large and not worth pickling.
        return {**self.__dict__, "_tokenizer": None, "_protected": None, "_fast_cut": None}

    @property
    def settings_digest(self) -> str:
        """Hash of everything that decides the tokens: dictionary bytes, HMM, versions."""
        import importlib.metadata

        digest = hashlib.sha256()
        digest.update(self.userdict.read_bytes())
        digest.update(f"hmm={self.hmm};v={SEGMENTER_VERSION};backend={self.backend}".encode())
        digest.update(importlib.metadata.version(self.backend.replace("_", "-")).encode())
        return digest.hexdigest()

    def _load(self):
        import importlib

        module = importlib.import_module(self.backend)
        logging.getLogger(self.backend).setLevel(logging.WARNING)
        getattr(module, "set_log_level", getattr(module, "setLogLevel", None))(logging.WARNING)
        tokenizer = module.Tokenizer()
        main_dict = Path(module.__file__).with_name("dict.txt")
        dict_hash = hashlib.sha256(main_dict.read_bytes()).hexdigest()[:16]
        # An absolute path: jieba joins it to tmp_dir (a no-op then), jieba_next uses it as is.
        tokenizer.cache_file = str(_cache_dir() / f"{self.backend}-{module.__version__}-{dict_hash}.cache")
        tokenizer.initialize()
        protected = []
        for entry in read_userdict(self.userdict):
            if _JIEBA_WORD_CHARS.fullmatch(entry.term):
                tokenizer.add_word(entry.term, entry.freq, entry.tag)
            else:
                protected.append(entry.term)
        if protected:
            alternatives = sorted(set(protected), key=len, reverse=True)
            self._protected = re.compile("|".join(map(re.escape, alternatives)))
        self._fast_cut = _DagCutter.for_tokenizer(module, tokenizer) if self.hmm else None
        self._tokenizer = tokenizer
        return tokenizer

    def cut(self, text: str) -> list[str]:
        """All pieces of ``text`` as jieba cuts it, punctuation and spaces included."""
        return self._pieces(text, words_only=False)

    def tokens(self, text: str) -> list[str]:
        """The words of ``text``: :meth:`cut` without punctuation, symbols and white space."""
        return self._pieces(text, words_only=True)

    def _pieces(self, text: str, *, words_only: bool) -> list[str]:
        if self._tokenizer is None:
            self._load()
        if self._protected is None:
            return self._cut_plain(text, words_only)
        pieces: list[str] = []
        position = 0
        for match in self._protected.finditer(text):
            if match.start() > position:
                pieces.extend(self._cut_plain(text[position : match.start()], words_only))
            if not words_only or _is_word(match.group()):
                pieces.append(match.group())
            position = match.end()
        if position < len(text):
            pieces.extend(self._cut_plain(text[position:], words_only))
        return pieces

    def _cut_plain(self, text: str, words_only: bool) -> list[str]:
        """jieba's pieces of a text without protected terms (only the words with ``words_only``)."""
        if self._fast_cut is not None:
            return self._fast_cut(text, words_only=words_only)
        pieces = self._tokenizer.lcut(text, HMM=self.hmm)
        return [piece for piece in pieces if _is_word(piece)] if words_only else pieces


def _is_word(piece: str) -> bool:
    # isalnum() first: it settles nearly every piece without running the pattern.
    return piece.isalnum() or not _NOT_A_WORD.fullmatch(piece)


class _DagCutter:
    """jieba's default mode with HMM (``Tokenizer.lcut(text, HMM=True)``), token for token, as
    one loop over a plain list instead of jieba's three nested generators.

    Built only for a backend that exposes jieba_next's compiled route finder (the best path
    through the word graph of a run of word characters); ``tests/test_segmentation.py`` checks
    it against ``lcut`` on generated text and against plain jieba on every seed paragraph.
    """

    def __init__(self, module, route, word_frequency: dict):
        self.word_runs = module.re_han_default
        self.white_space = module.re_skip_default
        self.route = route
        self.word_frequency = word_frequency
        self.hmm_cut = module.finalseg.cut

    @classmethod
    def for_tokenizer(cls, module, tokenizer) -> _DagCutter | None:
        ensure = getattr(tokenizer, "_ensure_rust_prefix", None)
        if ensure is None:
            return None
        ensure()
        prefix = getattr(tokenizer, "_rust_prefix", None)
        if prefix is None or not hasattr(prefix, "get_dag_and_calc"):
            return None
        return cls(module, prefix.get_dag_and_calc, tokenizer.FREQ)

    def _flush(self, single_chars: str, pieces: list[str]) -> None:
        """Characters the dictionary cut one by one: the HMM may join them, unless the whole
        run is itself a dictionary word (then jieba keeps the single characters)."""
        if len(single_chars) == 1:
            pieces.append(single_chars)
        elif not self.word_frequency.get(single_chars):
            pieces.extend(self.hmm_cut(single_chars))
        else:
            pieces.extend(single_chars)

    def __call__(self, text: str, *, words_only: bool = False) -> list[str]:
        """The pieces of ``text``; with ``words_only`` just the words (as :func:`_is_word`)."""
        pieces: list[str] = []
        append, white_space, route_of, flush = pieces.append, self.white_space, self.route, self._flush
        # split() with a group alternates: text between runs (even index), a run (odd index).
        for index, block in enumerate(self.word_runs.split(text)):
            if not block:
                continue
            if index % 2 == 0:
                if words_only:  # one piece per character here, and white space is no word
                    pieces.extend(char for char in block if char.isalnum())
                    continue
                for part in white_space.split(block):
                    if white_space.match(part):
                        append(part)
                    else:
                        pieces.extend(part)
                continue
            first_of_block = len(pieces)
            route = route_of(block)
            # Words the dictionary route takes one character at a time gather in a run (from
            # run_start) that the HMM may join; a longer word ends the run.
            start, run_start, length = 0, -1, len(block)
            while start < length:
                end = route[start] + 1  # the best word starting here ends before `end`
                if end - start == 1:
                    if run_start < 0:
                        run_start = start
                else:
                    if run_start >= 0:
                        flush(block[run_start:start], pieces)
                        run_start = -1
                    append(block[start:end])
                start = end
            if run_start >= 0:
                flush(block[run_start:], pieces)
            if words_only and not block.isalnum():  # a run with symbols such as + or %
                pieces[first_of_block:] = [piece for piece in pieces[first_of_block:] if _is_word(piece)]
        return pieces


@cache
def default_segmenter() -> Segmenter:
    """The shared segmenter with the package dictionary (jieba loads on its first use)."""
    return Segmenter()


def segment(text: str, *, segmenter: Segmenter | None = None) -> list[str]:
    """Words of ``text`` with the project's dictionary; punctuation and spaces dropped."""
    expect(text, str, "text", "a string")
    return (segmenter or default_segmenter()).tokens(text)


def remove_stopwords(
    tokens: Iterable[str], *, drop_policy_verbs: bool = False, drop_numbers: bool = False
) -> list[str]:
    """Tokens without function words; optionally without policy boilerplate verbs and numbers."""
    if isinstance(tokens, str):
        raise TypeError("tokens must be a list of words (e.g. segment(text)), not a string: a string would be "
                        "read character by character")
    unwanted = stopwords() | policy_verbs() if drop_policy_verbs else stopwords()
    kept = [token for token in tokens if token not in unwanted]
    if drop_numbers:
        kept = [token for token in kept if not re.fullmatch(r"[\d.%‰]+", token)]
    return kept
