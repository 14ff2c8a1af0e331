import csv
import re
import subprocess
import sys

import pytest
from conftest import TEST_DATA

from compare import Segmenter, remove_stopwords, segment
from compare.resources import data_path, policy_verbs, read_word_list, stopwords
from compare.segmentation import read_userdict

MUST_SEGMENT = list(csv.DictReader(open(TEST_DATA / "must_segment.tsv", encoding="utf-8"), delimiter="\t"))


def test_must_segment_list_is_substantial():
    terms = {row["term"] for row in MUST_SEGMENT}
    assert len(terms) >= 120
    for core in ("医共体", "医联体", "家庭医生", "签约服务", "健康素养", "执业(助理)医师", "医养结合",
                 "安宁疗护", "互联网医院", "治未病", "中医馆", "托位", "重大慢性病过早死亡率", "十四五"):
        assert core in terms


@pytest.mark.parametrize("row", MUST_SEGMENT, ids=lambda row: row["term"])
def test_dictionary_terms_come_out_whole(row):
    assert row["context"].find(row["term"]) >= 0, "context must contain the term"
    assert row["term"] in segment(row["context"])


def test_userdict_is_large_and_well_formed():
    entries = read_userdict(data_path("userdict.txt"))
    terms = [e.term for e in entries]
    assert len(set(terms)) >= 300 and len(set(terms)) == len(terms)
    assert all(e.freq and e.freq > 0 for e in entries)
    assert not set(terms) & stopwords()


def test_stopwords_and_policy_verbs_are_separate_lists():
    assert {"的", "和", "与"} <= stopwords()
    assert {"加强", "推进", "完善", "健全"} <= policy_verbs()
    assert not stopwords() & policy_verbs()
    tokens = segment("进一步加强县域医共体建设和家庭医生签约服务")
    assert "加强" in remove_stopwords(tokens)
    kept = remove_stopwords(tokens, drop_policy_verbs=True)
    assert "加强" not in kept and "县域医共体" in kept and "和" not in kept


def test_terms_with_parentheses_are_protected_from_jieba():
    tokens = segment("每千常住人口执业(助理)医师数达到3.2人")
    assert "执业(助理)医师" in tokens
    assert "(" not in tokens and ")" not in tokens


def test_punctuation_and_spaces_are_not_tokens():
    assert segment("加强、推进，完善。 健全！") == ["加强", "推进", "完善", "健全"]


def test_a_researchers_own_dictionary_changes_the_settings(tmp_path):
    custom = tmp_path / "mydict.txt"
    custom.write_text("# my terms\n慈溪模式 5000 nz\n", encoding="utf-8")
    segmenter = Segmenter(userdict=custom)
    assert "慈溪模式" in segmenter.tokens("推广慈溪模式")
    assert segmenter.settings_digest != Segmenter().settings_digest


def test_bad_dictionary_line_names_file_and_line(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("医共体 20000 j\n家庭医生 many n\n", encoding="utf-8")
    from compare import PlanInputError

    with pytest.raises(PlanInputError, match=r"broken\.txt:2: expected 'term \[freq\] \[tag\]'"):
        Segmenter(userdict=broken).tokens("医共体")


def test_import_compare_does_not_load_jieba():
    code = (
        "import sys, compare; loaded = lambda: {'jieba', 'jieba_next'} & set(sys.modules); "
        "assert not loaded(); compare.segment('医共体'); assert loaded()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_dictionary_loads_without_any_prior_jieba_cache(tmp_path):
    """A fresh cache folder (no jieba.cache anywhere) gives the same tokens."""
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    code = "import compare; print(' '.join(compare.segment('推进县域医共体和安宁疗护服务')))"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout
    assert "县域医共体" in first.stdout.split() and "安宁疗护" in first.stdout.split()
    assert list((tmp_path / "plancompare" / "jieba").glob("*.cache"))


def test_word_lists_skip_comments(tmp_path):
    listing = tmp_path / "words.txt"
    listing.write_text("# version: 1\n\n的\n  和  \n", encoding="utf-8")
    assert read_word_list(listing) == ["的", "和"]


def test_fast_backend_gives_plain_jiebas_tokens_on_the_whole_corpus():
    """jieba_next (the `fast` extra) is used only because it segments exactly like jieba here."""
    pytest.importorskip("jieba_next", reason="the fast extra (jieba-next) is not installed")
    from conftest import CLEAN

    from compare import load_paragraphs

    texts = load_paragraphs(CLEAN)["text"].tolist()
    plain, fast = Segmenter(backend="jieba"), Segmenter(backend="jieba_next")
    differing = [text[:30] for text in texts if plain.tokens(text) != fast.tokens(text)]
    assert not differing, f"{len(differing)} paragraphs differ, e.g. {differing[:3]}"
    assert plain.settings_digest != fast.settings_digest  # caches are kept apart all the same


def test_backend_choice():
    from compare.segmentation import resolve_backend

    assert resolve_backend("jieba") == "jieba"
    with pytest.raises(ValueError, match="unknown segmenter backend"):
        resolve_backend("thulac")


def test_fast_cut_is_the_backends_own_cut_on_any_text():
    """The one-loop cut replaces jieba_next's lcut(HMM=True); it must agree on every input:
    runs of Chinese, Latin, digits, symbols jieba keeps in words, white space and CRLF."""
    pytest.importorskip("jieba_next", reason="the fast extra (jieba-next) is not installed")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    segmenter = Segmenter(backend="jieba_next")
    segmenter.tokens("预热")
    assert segmenter._fast_cut is not None, "jieba_next should get the one-loop cut"
    alphabet = st.sampled_from(list("卫生健康人均预期寿命达到岁以上婴儿死亡率降至‰万人口执业医师数")
                               + list("abcXYZ019+#&._%-() ，。；：、\r\n\t\u3000①Ⅱ"))
    pieces = st.lists(st.one_of(st.text(alphabet, max_size=12), st.sampled_from(["\r\n", "  ", "80.5%"])))

    @settings(max_examples=300, deadline=None)
    @given(pieces)
    def agrees(parts):
        text = "".join(parts)
        pieces = segmenter._tokenizer.lcut(text, HMM=True)
        assert segmenter._fast_cut(text) == pieces
        words = [piece for piece in pieces if not re.fullmatch(r"[\W_]+", piece)]
        assert segmenter._fast_cut(text, words_only=True) == words

    agrees()
