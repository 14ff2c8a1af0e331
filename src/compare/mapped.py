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
        # Most repairs find nothing in most texts: no match, no work on the arrays.
        matches = list(pattern.finditer(self.text))
        if not matches:
            return self
        texts: list[str] = []
        # Raw positions of the output as (start, end) pieces: kept slices and, for a replacement of
        # another length, its characters' spans. Same-length replacements keep the arrays as they are.
        starts: list[np.ndarray] = []
        ends: list[np.ndarray] = []
        kept_until = 0
        resized = False
        for match in matches:
            begin, finish = match.span()
            new = replacement(match) if callable(replacement) else match.expand(replacement)
            if new == match.group(0):
                continue
            texts.append(self.text[kept_until:begin])
            texts.append(new)
            if len(new) != finish - begin:
                resized = True
                starts.append(self.starts[kept_until:begin])
                ends.append(self.ends[kept_until:begin])
                if new:
                    if finish > begin:
                        span_start, span_end = self.starts[begin], self.ends[finish - 1]
                    else:  # pure insertion: anchor on the next (or previous) character
                        anchor = min(begin, len(self.text) - 1)
                        span_start = span_end = self.starts[anchor]
                    starts.append(np.full(len(new), span_start, dtype=np.int64))
                    ends.append(np.full(len(new), span_end, dtype=np.int64))
                kept_until = finish
            else:
                # Same length: the replaced characters keep their raw spans, like kept text.
                starts.append(self.starts[kept_until:finish])
                ends.append(self.ends[kept_until:finish])
                kept_until = finish
        if not texts:
            return self
        texts.append(self.text[kept_until:])
        if not resized:
            return MappedText("".join(texts), self.starts, self.ends)
        starts.append(self.starts[kept_until:])
        ends.append(self.ends[kept_until:])
        return MappedText("".join(texts), np.concatenate(starts), np.concatenate(ends))

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
