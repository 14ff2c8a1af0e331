"""Policy instruments per clause (compare.instruments): units with raw offsets, the codebook, the coder."""

import pytest
from conftest import PANZHIHUA, RAW

from compare import PlanInputError, clean_plan, read_plan
from compare.cli import main
from compare.instruments import (
    INSTRUMENT_TYPES,
    code_units,
    instrument_units,
    load_instruments,
    states_an_action,
)
from compare.resources import data_path


def test_units_are_clauses_that_quote_the_raw_text():
    plan = read_plan(RAW / f"{PANZHIHUA}.txt")
    units = instrument_units(plan)
    assert len(units) > 300 and units["unit_id"].is_unique
    assert all(plan.raw[u.start:u.end].strip() == u.text for u in units.itertuples())
    # A sentence is cut at ；: each clause that states an action is a unit of its own.
    two = instrument_units(clean_plan("一、主要任务\n加强全科医生培养；建设区域医疗中心。"))
    assert two["text"].tolist() == ["加强全科医生培养；", "建设区域医疗中心。"]
    assert two["heading_path"].tolist() == ["一、主要任务", "一、主要任务"]


def test_the_codebook_has_three_types_and_sixteen_sub_instruments():
    instruments = load_instruments()
    assert {i.type for i in instruments} == set(INSTRUMENT_TYPES) and len(instruments) == 16
    assert all(i.cues for i in instruments)


def test_a_bad_codebook_row_names_the_file_and_line(tmp_path):
    lines = data_path("instruments.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "instruments.csv"
    broken.write_text("\n".join([lines[0], lines[1].replace("supply", "supplies", 1)]) + "\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"instruments.csv:2: type 'supplies' is not one of"):
        load_instruments(broken)


@pytest.mark.parametrize(("text", "acts"), [
    ("加大财政投入，建设区域医疗中心。", True),
    ("“十三五”期间，全市累计建成标准化村卫生室120个。", False),  # an achievement: no instrument of the plan
    ("健康是促进人的全面发展的必然要求。", False),  # background, no action
])
def test_only_clauses_that_state_an_action_get_instruments(text, acts):
    assert states_an_action(text) is acts


def test_a_clause_gets_every_means_it_uses_with_its_words():
    units = instrument_units(clean_plan("二、保障措施\n加大财政投入，建设区域医疗中心。"))
    codes = code_units(units)
    found = dict(zip(codes["sub_instrument"], codes["evidence"], strict=True))
    assert {"funding", "infrastructure"} <= set(found) and "投入" in found["funding"]
    assert set(codes["type"]) >= {"supply"}


def test_compare_instruments_prints_one_row_per_coded_clause(tmp_path, capsys):
    plan = tmp_path / "demo.txt"
    plan.write_text("一、主要任务\n加强全科医生培养；通过政府购买服务方式开展家庭医生签约服务。\n", encoding="utf-8")
    assert main(["instruments", str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "doc_id,unit_id,start,end,type,sub_instrument,evidence"
    assert any(",demand,procurement," in line for line in out) and any(",supply,talent," in line for line in out)


def test_instruments_table_shares_and_cross_table_trace_back_to_clauses():
    from conftest import CLEAN

    from compare import code_paragraphs, load_instrument_codes, load_paragraphs, load_tokens
    from compare.instruments import instrument_clauses, instrument_shares, instrument_theme_table

    codes = load_instrument_codes(CLEAN)
    assert set(codes["type"]) <= {*INSTRUMENT_TYPES, "no_action", "uncoded"}
    raw = (RAW / f"{PANZHIHUA}.txt").read_text(encoding="utf-8")
    sample = codes[(codes["doc_id"] == PANZHIHUA) & (codes["evidence"] != "")].head(20)
    assert all(any(word in raw[r.start:r.end] or word in raw[r.start:r.end].replace(" ", "")
                   for word in r.evidence.split("|")) for r in sample.itertuples())
    shares = instrument_shares(codes)
    panzhihua = shares[shares["doc_id"] == PANZHIHUA].set_index("type")
    assert set(panzhihua.index) == set(INSTRUMENT_TYPES)
    assert ((panzhihua["share_low"] <= panzhihua["share"]) & (panzhihua["share"] <= panzhihua["share_high"])).all()
    paragraphs = load_paragraphs(CLEAN)
    table = instrument_theme_table(codes, code_paragraphs(paragraphs, load_tokens(CLEAN)))
    assert table.groupby("type")["share"].sum().sub(1).abs().lt(1e-5).all()
    cell = instrument_clauses(codes, doc_id=PANZHIHUA, value="demand")
    assert len(cell) == codes[(codes["doc_id"] == PANZHIHUA) & (codes["type"] == "demand")].shape[0]
    assert all(raw[r.start:r.end] == r.clause for r in cell.itertuples())  # every clause quotes the raw file
