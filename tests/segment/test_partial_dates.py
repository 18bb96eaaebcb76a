"""A 成文日期 without a day stays null: metadata dates are full ISO dates that ``date.fromisoformat`` reads."""

from __future__ import annotations

import datetime

import pytest

from policyparse.io import SegmentHints
from policyparse.segment.document import segment_document

NOTICE = ("某市人民政府关于做好春季农业生产工作的通知\n\n各区人民政府：\n"
          "    为做好春季农业生产工作，现就有关事项通知如下，请认真贯彻执行，确保各项工作落到实处。\n"
          "    一、加强组织领导\n    各区要加强组织领导。\n\n")


@pytest.mark.parametrize("partial", ["2022年1月", "2022 年 1 月", "二〇二二年一月", "2022-01", "2022.1", "2022年"])
@pytest.mark.parametrize("label, field", [("成文日期", "issue_date"), ("发布日期", "publish_date")])
def test_a_labelled_date_without_a_day_is_null_with_a_warning_naming_it(partial: str, label: str, field: str) -> None:
    seg = segment_document(f"{label}：{partial}\n\n{NOTICE}", SegmentHints())
    assert getattr(seg.metadata, field) is None
    (warning,) = [w for w in seg.warnings if w.message.startswith(field)]
    assert warning.code == "metadata_unparsed" and partial in warning.message


def test_a_full_signature_date_fills_a_partial_labelled_one() -> None:
    seg = segment_document(f"成文日期：2022年1月\n\n{NOTICE}某市人民政府\n2022年1月12日\n", SegmentHints())
    assert seg.metadata.issue_date == "2022-01-12"
    assert [w.code for w in seg.warnings if w.message.startswith("issue_date")] == ["metadata_unparsed"]


def test_a_signature_dated_by_month_only_gives_no_issue_date() -> None:
    md = segment_document(f"{NOTICE}某市人民政府\n2022年1月\n", SegmentHints()).metadata
    assert md.issue_date is None


@pytest.mark.parametrize("signature_date", ["2022年1月12日", "二〇二二年一月十二日", "2022年1月"])
def test_every_metadata_date_reads_with_fromisoformat(signature_date: str) -> None:
    md = segment_document(f"发布日期：2022-01-13 09:30\n\n{NOTICE}某市人民政府\n{signature_date}\n", SegmentHints()).metadata
    for value in (md.issue_date, md.publish_date, md.effective_date, md.expiry_date):
        assert value is None or datetime.date.fromisoformat(value).isoformat() == value
