"""Gold comparison (``compare_document``), the schema validator, gold-file checks, and ``policyparse validate``."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from policyparse import pipeline
from policyparse.cli import app
from policyparse.model import Document, Section, SourceInfo, Target, Task, json_schema
from policyparse.validate import (
    ExpectedFileError,
    compare_document,
    load_expected,
    match_tasks,
    norm_marker,
    schema_errors,
)

import batch_fakes

runner = CliRunner()


def doc_from_gold(gold: dict) -> dict:
    """A parse result that says exactly what the gold file says (the perfect parser)."""
    def section(s: dict) -> dict:
        return {"marker": s["marker"], "heading": s["heading"], "children": [section(c) for c in s.get("children", [])]}

    return {
        "text": "",
        "metadata": copy.deepcopy(gold["metadata"]),
        "notice": copy.deepcopy(gold.get("notice")),
        "sections": [section(s) for s in gold["sections"]],
        "tasks": [{"id": f"t{i}", "marker": t.get("marker"), "heading": t.get("heading") or "",
                   "text": f"{t.get('heading') or ''}。{t.get('text_head') or ''}……",
                   "lead_units": list(t["lead_units"]), "responsible_units": list(t["responsible_units"]),
                   "deadline": t.get("deadline"), "source": t.get("source", "body")} for i, t in enumerate(gold["tasks"])],
        "targets": copy.deepcopy(gold["targets"]),
        "funding": copy.deepcopy(gold["funding"]),
        "attachments": copy.deepcopy(gold["attachments"]),
        "repairs": [{"kind": "mojibake", "count": 1, "places": [{"bad": r["bad"], "good": r["good"]}]}
                    for r in gold.get("repairs", [])],
    }


@pytest.fixture(scope="module")
def golds(samples_dir: Path) -> list[dict]:
    return [load_expected(p) for p in sorted(samples_dir.glob("*.expected.json"))]


def test_the_perfect_parse_scores_one_on_every_field(golds: list[dict]) -> None:
    for gold in golds:
        cmp = compare_document(doc_from_gold(gold), gold)
        assert {name: s.f1 for name, s in cmp.scores.items()} == {name: 1.0 for name in cmp.scores}
        assert cmp.overall.tp > 0 and cmp.overall.fp == cmp.overall.fn == 0


def test_an_empty_parse_scores_zero_recall(golds: list[dict]) -> None:
    gold = golds[0]
    cmp = compare_document({"metadata": {}, "notice": None}, gold)
    assert cmp.overall.tp == 0 and cmp.overall.fn > 0 and cmp.overall.recall == 0.0
    assert cmp.scores["targets"].fn == len(gold["targets"])


def test_a_missing_target_and_an_extra_funding_item(golds: list[dict]) -> None:
    gold = next(g for g in golds if g["targets"] and g["funding"])
    doc = doc_from_gold(gold)
    doc["targets"].pop()
    doc["funding"].append({"text": "奖励9万元", "value": 90000, "unit": "元"})
    cmp = compare_document(doc, gold)
    n = len(gold["targets"])
    assert (cmp.scores["targets"].tp, cmp.scores["targets"].fn, cmp.scores["targets"].fp) == (n - 1, 1, 0)
    assert cmp.scores["funding"].fp == 1 and cmp.scores["funding"].precision < 1.0
    assert cmp.extra["funding"] == [(90000.0, "元")]


def test_quantities_match_on_value_and_unit_not_on_spelling() -> None:
    gold = {"targets": [{"text": "投资4.5亿元", "value": 450000000, "unit": "元", "comparator": ">="}]}
    got = {"targets": [{"text": "投资4.5亿元以上", "value": 4.5e8, "unit": "元", "comparator": "="}]}
    cmp = compare_document(got, gold)
    assert cmp.scores["targets"].f1 == 1.0
    assert cmp.scores["target_attrs"].fp == 1 and cmp.missed["target_attrs"] == [("投资4.5亿元", "comparator", ">=")]
    assert compare_document({"targets": [{"value": 450000000, "unit": "万元"}]}, gold).scores["targets"].f1 == 0.0


def test_markers_and_headings_are_compared_after_width_normalisation() -> None:
    assert norm_marker("（一）") == norm_marker("(一)") and norm_marker("1、") == norm_marker("1．") == "1."
    gold = {"sections": [{"marker": "（二）", "heading": "强化要素保障", "children": [{"marker": "1、", "heading": "用地"}]}]}
    got = {"sections": [{"marker": "(二)", "heading": "强化要素保障。", "children": [{"marker": "1.", "heading": "用 地"}]}]}
    assert compare_document(got, gold).scores["sections"].f1 == 1.0


def test_tasks_match_by_heading_then_by_text_head() -> None:
    gold = [{"marker": "（一）", "heading": "优化营商环境", "text_head": "深化放管服改革推动", "source": "body"},
            {"marker": "（二）", "heading": "加大人才引进", "text_head": "完善高层次人才政策", "source": "body"},
            {"marker": "3", "heading": "加大人才引进", "text_head": "实施人才专项计划", "source": "table"}]
    got = [{"marker": "（2）", "heading": "人才", "text": "（二）加大人才引进力度。完善高层次人才政策，……"},
           {"marker": "(一)", "heading": "优化营商环境", "text": "优化营商环境。深化放管服改革推动……"},
           {"marker": "3", "heading": "加大人才引进", "text": "实施人才专项计划", "source": "table"}]
    assert match_tasks(got, gold) == {1: 0, 2: 2, 0: 1}


def test_units_are_scored_as_task_unit_pairs_per_role() -> None:
    gold = {"tasks": [{"marker": "1.", "heading": "建设园区", "text_head": "", "source": "body",
                       "lead_units": ["市发展改革委"], "responsible_units": ["各县（市、区）政府"], "deadline": "2022年底"}]}
    got = {"tasks": [{"marker": "1．", "heading": "建设园区", "text": "", "lead_units": [],
                      "responsible_units": ["市发展改革委", "各县（市、区）政府"], "deadline": "2022年底"}]}
    cmp = compare_document(got, gold)
    assert (cmp.scores["lead_units"].tp, cmp.scores["lead_units"].fn) == (0, 1)
    assert (cmp.scores["responsible_units"].tp, cmp.scores["responsible_units"].fp) == (1, 1)
    assert cmp.scores["deadline"].f1 == 1.0 and cmp.scores["tasks"].f1 == 1.0


def test_metadata_fields_exact_and_only_those_in_the_gold() -> None:
    gold = {"metadata": {"title": "关于促进经济发展的意见", "doc_number": "某政发〔2020〕3号", "issue_date": None,
                         "recipients": ["各乡镇人民政府", "县直各部门"], "note": "ignored"}}
    got = {"metadata": {"title": "关于促进经济发展的意见", "doc_number": "某政发〔2020〕4号", "issue_date": "2020-01-02",
                        "recipients": ["各乡镇人民政府"], "category": "not in the gold, not scored"}}
    score = compare_document(got, gold).scores["metadata"]
    assert (score.tp, score.fp, score.fn) == (2, 2, 2)


def test_repairs_use_the_final_text_at_the_span() -> None:
    gold = {"repairs": [{"bad": "涓浗", "good": "中国"}, {"bad": "锟斤拷", "good": None}]}
    got = {"text": "我爱中国", "repairs": [{"places": [{"bad": "涓浗", "good": "中國", "span": [2, 4]},
                                                        {"bad": "锟斤拷", "good": None}]}]}
    assert compare_document(got, gold).scores["repairs"].f1 == 1.0


# ---------------------------------------------------------------- schema validator


def _valid_doc() -> dict:
    doc = Document(source=SourceInfo(path="a.txt", sha256="0" * 64, bytes=3), text="一、总则达到5家")
    doc.sections = [Section(id="s1", level=1, marker="一、", ordinal=1, heading="总则", span=(0, 4),
                            children=[Section(id="s1.1", level=2, marker="1.", ordinal=1, heading="x")])]
    doc.tasks = [Task(id="t1", section_id="s1", heading="总则", text="x", lead_units=["市科技局"])]
    doc.targets = [Target(id="g1", text="达到5家", indicator=None, value=5.0, unit="家", span=(4, 8))]
    return doc.to_dict()


MUTATIONS = {
    "wrong type": lambda d: d.update(text=5),
    "missing required": lambda d: d.pop("metadata"),
    "extra field": lambda d: d["source"].update(colour="red"),
    "enum": lambda d: d["targets"][0].update(comparator="≈"),
    "span length": lambda d: d["targets"][0].update(span=[1, 2, 3]),
    "negative span": lambda d: d["targets"][0].update(span=[-1, 2]),
    "nested": lambda d: d["sections"][0]["children"][0].update(level="2"),
    "null not allowed": lambda d: d["tasks"][0].update(lead_units=None),
    "bool is not an integer": lambda d: d["source"].update(bytes=True),
}


def test_schema_validator_accepts_valid_output() -> None:
    assert schema_errors(_valid_doc(), json_schema()) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_schema_validator_agrees_with_jsonschema(name: str) -> None:
    doc = _valid_doc()
    MUTATIONS[name](doc)
    ours = schema_errors(doc, json_schema())
    theirs = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(doc))
    assert bool(ours) and bool(theirs), (ours, theirs)


def test_schema_validator_refuses_keywords_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="pattern"):
        schema_errors("x", {"type": "string", "pattern": "^a"})


# ---------------------------------------------------------------- gold files


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "missing"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"metadata": {}, "targets": {"a": 1}}', "targets is not a list"),
        ('{"targets": [{"value": "五"}]}', "targets[0].value is not a number"),
        ('{"doc": "x"}', "none of the gold fields"),
    ],
)
def test_bad_expected_files_name_the_file_and_the_problem(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "a.expected.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ExpectedFileError) as info:
        load_expected(path)
    assert str(path) in str(info.value) and message in str(info.value)


# ---------------------------------------------------------------- the command


GOOD = "任务：建设孵化器（牵头单位：市科技局）\n达到20家\n"
GOLD = {"metadata": {"title": None}, "notice": None, "sections": [],
        "tasks": [{"marker": None, "heading": "建设孵化器", "text_head": "", "lead_units": ["市科技局"],
                   "responsible_units": [], "deadline": None, "source": "body"}],
        "targets": [{"text": "20家", "value": 20, "unit": "家"}], "funding": [], "attachments": []}


@pytest.fixture
def small_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pipeline, "parse", lambda path, script="simplified", **kw: batch_fakes.fake_parse_path(path))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(GOOD, encoding="utf-8")
        (folder / f"{name}.expected.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return folder


def test_validate_passes_and_prints_tables(small_corpus: Path) -> None:
    result = runner.invoke(app, ["validate", str(small_corpus), "--min-f1", "1.0"])
    assert result.exit_code == 0, result.output
    assert "Per document" in result.stdout and "lead_units" in result.stdout and "passed" in result.stdout


def test_validate_json_and_the_f1_bar(small_corpus: Path) -> None:
    gold = dict(GOLD, targets=GOLD["targets"] + [{"text": "30家", "value": 30, "unit": "家"}])
    (small_corpus / "b.expected.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(small_corpus), "--json", "--min-f1", "0.99"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["passed"] is False and report["fields"]["targets"] == {
        "tp": 2, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.6667, "f1": 0.8}
    assert "below --min-f1" in result.stderr
    assert runner.invoke(app, ["validate", str(small_corpus)]).exit_code == 0  # default bar: schema + no crash


def test_validate_missing_and_malformed_expected_files_fail_naming_the_file(small_corpus: Path) -> None:
    (small_corpus / "a.expected.json").unlink()
    (small_corpus / "b.expected.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(small_corpus)])
    assert result.exit_code == 1
    assert f"{small_corpus / 'a.expected.json'}: expected file is missing" in result.stderr
    assert f"{small_corpus / 'b.expected.json'}: expected file is not valid JSON" in result.stderr


def test_validate_with_an_expected_folder(small_corpus: Path, tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for name in ("a", "b"):
        (small_corpus / f"{name}.expected.json").rename(gold_dir / f"{name}.json")
    assert runner.invoke(app, ["validate", str(small_corpus), "--expected", str(gold_dir), "--min-f1", "1"]).exit_code == 0


def test_validate_reports_a_sample_that_cannot_be_parsed(small_corpus: Path) -> None:
    (small_corpus / "a.txt").write_bytes(b"")
    result = runner.invoke(app, ["validate", str(small_corpus)])
    assert result.exit_code == 1 and "a.txt: cannot parse" in result.stderr and "[empty]" in result.stderr


def test_validate_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "no samples" in result.stderr


def test_subprocess_validate_a_sample(samples_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    sample = min(samples_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    shutil.copy(sample, tmp_path / sample.name)
    shutil.copy(sample.with_name(sample.stem + ".expected.json"), tmp_path / (sample.stem + ".expected.json"))
    proc = subprocess.run([sys.executable, "-m", "policyparse.cli", "validate", str(tmp_path), "--json"],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["passed"] and len(report["samples"]) == 1 and report["overall"]["tp"] > 0
