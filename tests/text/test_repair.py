"""End-to-end repair on the five seeds, and properties of ``repair_text``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyparse.text import repair_text
from policyparse.text.pinyin import classify

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEEDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))

# a bracket right after a Han character, e.g. 發(fā)
_BRACKET_AFTER_HAN = re.compile(r"(?<=[\u4e00-\u9fff])[(（]([^()（）\n]{1,40})[)）]")
# page furniture vocabulary that must not survive on the seeds (general words, not a seed's lines)
_CHROME_WORDS = re.compile(
    r"登录|用户名|密码|浏览次数|阅读次数|阅读\d+次|分享到|分享至|扫一扫|条评论|有话说|位置\s*[:：]|首页\s*>|切换城市"
    r"|欢迎来到|在线观看|免费观看|一区二区|bookmark"
)
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=None)
def repaired(seed: str) -> str:
    return repair_text((SAMPLES / f"{seed}.txt").read_text(encoding="utf-8")).text


def gold_strings(node: object, key: str = "") -> list[str]:
    """Strings of the gold that quote the document (not the annotators' notes or derived labels)."""
    skip = {"note", "notes", "bad", "doc", "marker", "task", "recipient", "parent", "location", "unit"}
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in skip for s in gold_strings(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in gold_strings(v, key)]
    return [node] if isinstance(node, str) and _HAN.search(node) else []


def squeeze(text: str) -> str:
    """Compare modulo spaces and bracket/punctuation width (the gold writes either)."""
    return re.sub(r"\s|…", "", text).translate(str.maketrans("（）：；，", "():;,"))


@pytest.mark.parametrize("seed", SEEDS)
def test_no_pinyin_annotation_left(seed: str) -> None:
    left = [m.group() for m in _BRACKET_AFTER_HAN.finditer(repaired(seed)) if classify(m.group(1))]
    assert left == []


@pytest.mark.parametrize("seed", SEEDS)
def test_nothing_left_for_t2s(seed: str) -> None:
    text = repaired(seed)
    assert opencc.OpenCC("t2s.json").convert(text) == text


@pytest.mark.parametrize("seed", SEEDS)
def test_no_chrome_left(seed: str) -> None:
    assert [line for line in repaired(seed).split("\n") if _CHROME_WORDS.search(line)] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_every_gold_string_is_still_in_the_text(seed: str) -> None:
    gold = json.loads((SAMPLES / f"{seed}.expected.json").read_text(encoding="utf-8"))
    text = squeeze(repaired(seed))
    assert [s for s in gold_strings(gold) if squeeze(s) not in text] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_text_is_normalised(seed: str) -> None:
    text = repaired(seed)
    assert not text.startswith("\n") and "\n\n\n" not in text and "\r" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert not re.search(r"[\u00a0\u3000\u200b\ufeff]", text)


def test_seed_fields_the_later_stages_need() -> None:
    lines = {seed[:3]: repaired(seed).split("\n") for seed in SEEDS}
    assert "发布日期:2017-05-02" in lines["004"]
    assert "发布时间:2021-05-21" in lines["000"]
    assert any(line.startswith("索 引 号: pjsrmzf-2021-000148") for line in lines["000"])
    assert sum(line.startswith("索 引 号") for line in lines["003"]) == 1
    assert "科技、教育 \\ 科技" in lines["003"][0]
    assert sum(line == "发布时间:" for line in lines["003"]) == 1
    assert "2019-01-18" in "\n".join(lines["002"])


def test_offsets_map_back_to_the_input() -> None:
    source = (SAMPLES / f"{SEEDS[0]}.txt").read_text(encoding="utf-8")
    result = repair_text(source)
    t2s = opencc.OpenCC("t2s.json")
    for i in range(0, len(result.text), 97):
        ch = result.text[i]
        start, end = result.offsets.to_source((i, i + 1))
        assert 0 <= start < end <= len(source)
        if _HAN.match(ch) and end - start == 1:
            assert ch in {source[start], t2s.convert(source[start])}


# --- properties ---------------------------------------------------------------------------
_WORDS = [
    "推进", "科技", "创新", "企业", "孵化", "载体", "建设", "发展", "支持", "资金", "人才", "平台",
    "市", "县", "区", "政府", "加快", "培育", "高新", "技术", "产业", "服务", "体系", "完善",
    "2021", "10", "GDP", "R&D", "(一)", "（二）", "1.", "一、",
]
_PUNCTUATION = ["，", "。", "、", "；", "：", ",", " ", "“", "”", "（", "）", "％"]
_line = st.lists(st.sampled_from(_WORDS + _PUNCTUATION), min_size=1, max_size=25).map("".join)
_indent = st.sampled_from(["", "  ", "\u3000\u3000", "\u00a0"])
_clean_text = st.lists(st.tuples(_indent, _line, st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n"])),
                       min_size=1, max_size=12).map(lambda parts: "".join(a + b + c for a, b, c in parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_clean_text)
def test_repair_is_idempotent_and_keeps_han(text: str) -> None:
    once = repair_text(text).text
    assert _HAN.findall(once) == _HAN.findall(text)
    assert repair_text(once).text == once


@pytest.mark.parametrize("seed", SEEDS)
def test_repair_is_idempotent_on_the_seeds(seed: str) -> None:
    once = repaired(seed)
    assert repair_text(once).text == once
