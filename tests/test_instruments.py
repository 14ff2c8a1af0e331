"""Policy instruments per clause (compare.instruments): units with raw offsets, the codebook, the coder."""

import runpy
from pathlib import Path

import pytest
from conftest import PANZHIHUA, RAW

from compare import PlanInputError, clean_plan, read_plan
from compare.cli import main
from compare.evaluation import coded_clauses, instrument_agreement, tool_types
from compare.instruments import (
    INSTRUMENT_TYPES,
    ActionClassifier,
    action_features,
    code_units,
    instrument_units,
    load_instruments,
    states_an_action,
)
from compare.resources import data_path, simplified


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
    sample = codes[(codes["doc_id"] == PANZHIHUA) & codes["type"].isin(INSTRUMENT_TYPES)].head(20)
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


CLAUSES = Path(__file__).parent / "data" / "instruments"


def _coded(text: str) -> dict[str, str]:
    codes = code_units(instrument_units(clean_plan(f"二、主要任务\n{text}")))
    return dict(zip(codes["sub_instrument"].where(codes["sub_instrument"] != "", codes["type"]), codes["evidence"],
                    strict=True))


@pytest.mark.parametrize("text", [
    "居民电子健康档案开放率达到90%以上。",  # a rate target for a service: the target, not the service
    "到2025年，家庭医生签约服务覆盖率达到45%以上。",
    "以习近平新时代中国特色社会主义思想为指导，坚持预防为主，以提高人民健康水平为核心，推进健康城市建设。",
])
def test_a_clause_that_only_states_a_goal_is_goals_planning_alone(text):
    assert list(_coded(text)) == ["goals_planning"]


def test_an_action_with_a_target_keeps_its_means_beside_the_goal():
    codes = _coded("加大财政投入，到2025年新建社区卫生服务中心10个。")
    assert {"funding", "infrastructure", "goals_planning"} <= set(codes)


@pytest.mark.parametrize("text", [
    "婴儿死亡率由2015年的3.68‰降低到2020年的2.44‰，实现了“十三五”规划预期目标。",  # a trajectory reported
    "2020年，全市孕产妇死亡率为8.51/10万，婴儿死亡率为2.46‰，均优于全国平均水平。",
    "本规划是推进卫生健康事业发展的行动纲领，是制定相关政策和安排相关项目投资的重要依据。",
])
def test_a_clause_that_reports_or_frames_states_no_action_and_says_why(text):
    codes = code_units(instrument_units(clean_plan(f"一、发展基础\n{text}")))
    assert codes["type"].tolist() == ["no_action"]
    # the evidence names the features that decided it, as the weight table holds them
    weights = ActionClassifier.from_csv().weights_
    assert all(weights[feature] < 0 for feature in codes["evidence"].iloc[0].split("|"))


def test_the_packaged_action_model_is_the_one_fitted_on_the_development_clauses():
    packaged = ActionClassifier.from_csv().weights_
    fitted = runpy.run_path(str(Path(__file__).parents[1] / "scripts" / "fit_action_model.py"))["fit_packaged_model"]()
    assert set(fitted.weights_.index) == set(packaged.index)
    assert (fitted.weights_.sort_index() - packaged.sort_index()).abs().max() < 1e-4


def test_a_clause_score_is_the_sum_of_the_weights_of_its_features():
    """The classifier scores a whole plan's clauses at once (numpy); the definition is the sum of
    the weights of each clause's :func:`action_features`, checked here on every dev clause."""
    model = ActionClassifier.from_csv()
    texts = [simplified(text).strip() for text in coded_clauses(CLAUSES, split="dev")["text"]]
    weights = model.weights_.to_dict()
    expected = [weights["(intercept)"] + sum(weights.get(f, 0.0) for f in action_features(text)) for text in texts]
    assert model.decision_function(texts) == pytest.approx(expected, abs=1e-9)
    assert model.decision_function([]).shape == (0,)


def test_an_action_model_file_with_a_bad_weight_names_the_file_and_line(tmp_path):
    broken = tmp_path / "action_model.csv"
    broken.write_text("feature,weight\n(intercept),-1.5\n加强,0.5\n由0,heavy\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"action_model.csv:4: weight is not a number"):
        ActionClassifier.from_csv(broken)
    small = tmp_path / "small.csv"
    small.write_text("feature,weight\n(intercept),-1.5\n加强,2\n", encoding="utf-8")
    model = ActionClassifier.from_csv(small)
    assert model.predict(["加强培训。", "培训。"]).tolist() == [True, False]
    assert model.explain("加强培训。") == [("加强", 2.0)]


@pytest.mark.parametrize(("split", "floor"), [("dev", 0.80), ("heldout", 0.68)])
def test_the_coder_agrees_with_the_adjudicated_codes(split, floor):
    """docs/instruments.md states these figures: dev is in-sample (the action model is fitted on it);
    the kept-aside part (heldout, both batches) is never read, only scored (its history is in the docs)."""
    clauses = coded_clauses(CLAUSES, split=split)
    figures = instrument_agreement(list(clauses["types"]), tool_types(clauses))
    assert figures["accuracy"] >= floor, figures
