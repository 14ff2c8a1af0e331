"""plancompare: compare Chinese city health plans.

Import name ``compare``. Nothing heavy happens at import: jieba loads on first segmentation.
"""

from compare.corpus import build, read_manifest
from compare.errors import PlanInputError
from compare.loaders import load_documents, load_paragraphs, load_removed, load_tokens
from compare.reading import decode_plan_bytes, read_plan_text
from compare.segmentation import Segmenter, remove_stopwords, segment
from compare.structure import CleanPlan, Paragraph, clean_plan, read_plan, split_sentences

__version__ = "0.1.0"

__all__ = [
    "CleanPlan",
    "Paragraph",
    "PlanInputError",
    "Segmenter",
    "build",
    "clean_plan",
    "decode_plan_bytes",
    "load_documents",
    "load_paragraphs",
    "load_removed",
    "load_tokens",
    "read_manifest",
    "read_plan",
    "read_plan_text",
    "remove_stopwords",
    "segment",
    "split_sentences",
]
