"""The units index: every responsible organisation and the tasks it leads or supports."""

from __future__ import annotations

from ..model import Task, Unit


def index_units(tasks: list[Task]) -> list[Unit]:
    """One ``Unit`` per distinct name in ``lead_units``/``responsible_units``, in order of first appearance.

    ``mentions`` counts the tasks naming the unit (once per task and role); the
    task ids are listed once each, in task order.
    """
    units: dict[str, Unit] = {}
    for task in tasks:
        task_id = task.id
        for names, lead in ((task.lead_units, True), (task.responsible_units, False)):
            for raw in names:
                name = raw.strip()
                if not name:
                    continue
                unit = units.get(name)
                if unit is None:
                    unit = units[name] = Unit(name=name)
                unit.mentions += 1
                ids = unit.lead_task_ids if lead else unit.responsible_task_ids
                if not ids or ids[-1] != task_id:  # tasks come in order: a repeat is the last id listed
                    ids.append(task_id)
    return list(units.values())
