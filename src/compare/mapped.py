"""Text that remembers where every character came from in the raw file.

Cleaning repairs extraction noise (spaces inside words, full-width digits, a full stop used as
a decimal point, broken lines). Later steps quote evidence from the *raw* text, so every repair
is done on a :class:`MappedText`, which carries for each clean character the raw span
``[start, end)`` it was made from. Offsets are character offsets into the decoded raw text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class MappedText:
    """A string plus, per character, the raw ``[start, end)`` span it came from."""

    text: str
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def from_raw(cls, raw: str, start: int = 0, end: int | None = None) -> MappedText:
        """The slice ``raw[start:end]``, mapped one-to-one onto itself."""
        end = len(raw) if end is None else end
        positions = np.arange(start, end, dtype=np.int64)
        return cls(raw[start:end], positions, positions + 1)

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> MappedText:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("MappedText supports only contiguous slices")
        return MappedText(self.text[key], self.starts[key], self.ends[key])

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Raw ``[start, end)`` covering the clean characters ``[start, end)``."""
        end = len(self.text) if end is None else end
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"empty or out-of-range span {start}:{end} of {len(self.text)}")
        return int(self.starts[start]), int(self.ends[end - 1])

    def sub(self, pattern: re.Pattern[str], replacement: Replacement) -> MappedText:
        """Regex substitution that keeps the raw mapping.

        A replacement as long as its match maps character by character; any other
        replacement maps each of its characters to the whole matched raw span.
        """
        matches = list(pattern.finditer(self.text))
        if not matches:  # most repairs find nothing in most texts
            return self
        if callable(replacement):
            news: list[str] | str = [replacement(match) for match in matches]
        elif "\\" in replacement:
            news = [match.expand(replacement) for match in matches]
        else:  # a literal: no template to expand per match
            news = replacement
        return self.replace_spans([match.span() for match in matches], news)

    def replace_spans(self, spans: list[tuple[int, int]], news: list[str] | str) -> MappedText:
        """Each ``[begin, end)`` of ``spans`` (in order, not overlapping) replaced by the text at
        the same index of ``news`` (or by ``news`` itself, a string), mapped as by :meth:`sub`."""
        if isinstance(news, str):
            news = [news] * len(spans)
        pieces: list[str] = []
        kept_until = 0
        resized: list[tuple[int, int, int]] = []  # (begin, finish, new length) of length changes
        for (begin, finish), new in zip(spans, news, strict=True):
            pieces += [self.text[kept_until:begin], new]
            kept_until = finish
            if len(new) != finish - begin:
                resized.append((begin, finish, len(new)))
        pieces.append(self.text[kept_until:])
        text = "".join(pieces)
        if not resized:
            # Same-length replacements keep each character's raw span.
            return self if text == self.text else MappedText(text, self.starts, self.ends)
        if any(begin == finish for begin, finish, _ in resized):
            return self._sub_with_insertions(text, spans, news)
        begins, finishes, sizes = (np.array(column, dtype=np.int64) for column in zip(*resized, strict=True))
        starts, ends = self._resize(begins, finishes, sizes)
        return MappedText(text, starts, ends)

    def _resize(self, begins: np.ndarray, finishes: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Raw spans after replacing each non-empty ``[begin, finish)`` by ``size`` characters
        that all map to the span's whole raw extent; all other characters keep their own."""
        # Each character appears `copies` times in the output: once if kept, none if inside a
        # replaced span, `size` times for the first character of a replaced span, which
        # carries the raw end of the span's last character.
        inside = np.zeros(len(self.text) + 1, dtype=np.int64)
        inside[begins] += 1
        inside[finishes] -= 1
        copies = (np.cumsum(inside[:-1]) == 0).astype(np.int64)
        copies[begins] = sizes
        span_ends = self.ends.copy()
        span_ends[begins] = self.ends[finishes - 1]
        starts, ends = np.repeat(self.starts, copies), np.repeat(span_ends, copies)
        if sizes.any():  # spans written as int64, as np.full would
            dtype = np.promote_types(starts.dtype, np.int64)
            starts, ends = starts.astype(dtype, copy=False), ends.astype(dtype, copy=False)
        return starts, ends

    def _sub_with_insertions(self, text: str, spans: list[tuple[int, int]], news: list[str]) -> MappedText:
        """Raw spans for a substitution with empty matches (insertions), piece by piece."""
        starts: list[np.ndarray] = []
        ends: list[np.ndarray] = []
        kept_until = 0
        for (begin, finish), new in zip(spans, news, strict=True):
            if new == self.text[begin:finish]:
                continue
            starts.append(self.starts[kept_until:begin])
            ends.append(self.ends[kept_until:begin])
            if len(new) == finish - begin:
                starts.append(self.starts[begin:finish])
                ends.append(self.ends[begin:finish])
            elif new:
                if finish > begin:
                    span_start, span_end = self.starts[begin], self.ends[finish - 1]
                else:  # pure insertion: anchor on the next (or previous) character
                    anchor = min(begin, len(self.text) - 1)
                    span_start = span_end = self.starts[anchor]
                starts.append(np.full(len(new), span_start, dtype=np.int64))
                ends.append(np.full(len(new), span_end, dtype=np.int64))
            kept_until = finish
        starts.append(self.starts[kept_until:])
        ends.append(self.ends[kept_until:])
        return MappedText(text, np.concatenate(starts), np.concatenate(ends))

    def strip(self) -> MappedText:
        """Remove leading and trailing white space."""
        stripped_left = self.text.lstrip()
        begin = len(self.text) - len(stripped_left)
        finish = begin + len(stripped_left.rstrip())
        return self[begin:finish]

    @staticmethod
    def concat(parts: list[MappedText]) -> MappedText:
        """Join mapped texts end to end."""
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return MappedText("", empty, empty)
        return MappedText(
            "".join(p.text for p in parts),
            np.concatenate([p.starts for p in parts]),
            np.concatenate([p.ends for p in parts]),
        )
