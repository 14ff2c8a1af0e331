import shutil

import pandas as pd
import pytest
from conftest import CLEAN, REPO, SEED_IDS

from compare import load_documents, load_paragraphs, load_removed, load_tokens
from compare.loaders import default_clean_dir


def test_loaders_pin_dtypes():
    documents = load_documents(CLEAN)
    assert documents["doc_id"].dtype == "string"
    assert documents["horizon"].dtype == "Int64" and documents["n_chars"].dtype == "int64"
    assert documents["baseline_year"].isna().sum() == 3  # stated only by the two five-year plans
    paragraphs = load_paragraphs(CLEAN)
    assert paragraphs[["para_id", "level", "raw_start", "raw_end"]].dtypes.eq("int64").all()
    assert paragraphs["heading_path"].dtype == "string"
    assert not paragraphs["heading_path"].isna().any()  # top-of-document text has an empty path
    tokens = load_tokens(CLEAN)
    assert len(tokens) == len(paragraphs)
    assert (tokens[["doc_id", "para_id"]].values == paragraphs[["doc_id", "para_id"]].values).all()
    assert set(load_removed(CLEAN)["reason"]) >= {"metadata header", "table of contents", "navigation"}


def test_documents_table_counts_match_paragraphs():
    documents = load_documents(CLEAN).set_index("doc_id")
    paragraphs = load_paragraphs(CLEAN)
    assert sorted(documents.index) == sorted(SEED_IDS)
    counts = paragraphs.groupby("doc_id").size()
    chars = paragraphs.groupby("doc_id")["text"].apply(lambda s: s.str.len().sum())
    for doc_id in SEED_IDS:
        assert documents.loc[doc_id, "n_paragraphs"] == counts[doc_id]
        assert documents.loc[doc_id, "n_chars"] == chars[doc_id]
        assert len(documents.loc[doc_id, "sha256"]) == 64


def test_raw_offsets_quote_the_raw_file():
    paragraphs = load_paragraphs(CLEAN)
    documents = load_documents(CLEAN).set_index("doc_id")
    for doc_id, group in paragraphs.groupby("doc_id"):
        raw = (REPO / "data" / "raw" / documents.loc[doc_id, "file"]).read_text(encoding="utf-8")
        for row in group.itertuples():
            quoted = raw[row.raw_start : row.raw_end]
            assert quoted.replace(" ", "").replace("\xa0", "")[:1] == row.text[:1]


def test_default_folder_found_from_notebooks_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("COMPARE_DATA", raising=False)
    monkeypatch.chdir(REPO / "notebooks")
    assert default_clean_dir() == CLEAN
    pd.testing.assert_frame_equal(load_documents(), load_documents(CLEAN))
    monkeypatch.setenv("COMPARE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="run 'compare build'"):
        load_documents()


@pytest.mark.parametrize(("edit", "message"), [
    (lambda rows: [rows[0], rows[1].replace(",1,", ",one,", 1), *rows[2:]], r"row 1 after the header, column para_id: .one."),
    (lambda rows: [*rows[:3], rows[3] + ",extra", *rows[4:]], r"not a table compare can read \(.*Expected 8 fields"),
    (lambda rows: ["\n".join(rows)[:-40]], "ends in the middle of a row"),
])
def test_a_hand_edited_table_names_the_file_and_what_is_wrong(tmp_path, edit, message):
    folder = tmp_path / "clean"
    shutil.copytree(CLEAN, folder)
    (folder / "build.json").unlink()  # tables without a stamp: the values themselves are checked
    table = folder / "paragraphs.csv"
    rows = table.read_text(encoding="utf-8").rstrip("\n").split("\n")
    edited = edit(rows)
    table.write_text("\n".join(edited) + ("\n" if len(edited) > 1 else ""), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"paragraphs.csv: {message}"):
        load_paragraphs(folder)


def test_with_its_stamp_any_edit_is_refused(tmp_path):
    folder = tmp_path / "clean"
    shutil.copytree(CLEAN, folder)
    table = folder / "paragraphs.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("人均预期寿命", "人均寿命", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="paragraphs.csv: not the table its build wrote"):
        load_paragraphs(folder)


def test_documents_of_named_cities_only():
    documents = load_documents(CLEAN)
    city = documents["city"].iloc[0]
    kept = load_documents(CLEAN, cities=[city])
    assert set(kept["city"]) == {city} and len(kept) == (documents["city"] == city).sum()
    assert len(load_documents(CLEAN, cities=[])) == len(documents)
    with pytest.raises(ValueError, match="no plan of 不存在市"):
        load_documents(CLEAN, cities=[city, "不存在市"])
