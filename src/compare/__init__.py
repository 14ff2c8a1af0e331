"""plancompare: compare Chinese city health plans.

Import name ``compare``. Nothing heavy happens at import: jieba loads on first segmentation.
"""

from compare.align import align_metrics, coverage_matrix, missing_metrics
from compare.benchmarks import load_benchmarks
from compare.corpus import build, read_manifest
from compare.errors import PlanInputError
from compare.indicators import extract_indicators
from compare.instruments import code_instruments
from compare.loaders import (
    load_documents,
    load_indicators,
    load_instrument_codes,
    load_paragraphs,
    load_removed,
    load_tokens,
)
from compare.reading import decode_plan_bytes, read_plan_text
from compare.registry import load_registry
from compare.segmentation import Segmenter, remove_stopwords, segment
from compare.structure import CleanPlan, Paragraph, clean_plan, read_plan, split_sentences
from compare.themes import ThemeCoder, code_paragraphs, load_codebook, load_themes, theme_shares

__version__ = "0.1.0"

__all__ = [
    "CleanPlan",
    "Paragraph",
    "PlanInputError",
    "Segmenter",
    "ThemeCoder",
    "align_metrics",
    "build",
    "clean_plan",
    "code_paragraphs",
    "coverage_matrix",
    "decode_plan_bytes",
    "extract_indicators",
    "code_instruments",
    "load_benchmarks",
    "load_codebook",
    "load_documents",
    "load_indicators",
    "load_instrument_codes",
    "load_paragraphs",
    "load_registry",
    "load_removed",
    "load_themes",
    "load_tokens",
    "missing_metrics",
    "read_manifest",
    "read_plan",
    "read_plan_text",
    "remove_stopwords",
    "segment",
    "split_sentences",
    "theme_shares",
]
