"""The units index built from tasks."""

from __future__ import annotations

from policyparse.extract.units import index_units
from policyparse.model import Task


def _task(tid: str, lead: list[str], resp: list[str]) -> Task:
    return Task(id=tid, section_id=None, heading="h", text="t", lead_units=lead, responsible_units=resp)


def test_one_entry_per_name_in_order_of_first_appearance() -> None:
    tasks = [
        _task("t1", ["区商务委"], ["各街道办事处", "区财政局"]),
        _task("t2", ["区财政局"], ["区商务委"]),
        _task("t3", [], ["各街道办事处"]),
    ]
    units = index_units(tasks)
    assert [u.name for u in units] == ["区商务委", "各街道办事处", "区财政局"]
    by_name = {u.name: u for u in units}
    assert by_name["区商务委"].lead_task_ids == ["t1"]
    assert by_name["区商务委"].responsible_task_ids == ["t2"]
    assert by_name["区商务委"].mentions == 2
    assert by_name["各街道办事处"].responsible_task_ids == ["t1", "t3"]
    assert by_name["区财政局"].lead_task_ids == ["t2"] and by_name["区财政局"].responsible_task_ids == ["t1"]


def test_blank_names_and_repeats_within_a_task() -> None:
    units = index_units([_task("t1", ["  区科委 ", ""], ["区科委"])])
    assert len(units) == 1
    assert units[0].name == "区科委"
    assert units[0].lead_task_ids == ["t1"] and units[0].responsible_task_ids == ["t1"]
    assert units[0].mentions == 2


def test_no_tasks_no_units() -> None:
    assert index_units([]) == []
