"""How a working list shows its rows: its columns (key, Chinese header, Excel width), the days
of its times, its times in the service's zone, proposal numbers and state labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from workflows import BY_NAME

PROPOSAL_STATES = BY_NAME["proposal"].states
ASSIGNMENT_STATES = BY_NAME["assignment"].states


@dataclass(frozen=True)
class Column:
    """One column of a list: the item key, the Chinese header, its Excel width in characters,
    and how the cell shows the item (by default the value under the key)."""

    key: str
    header: str
    width: float
    cell: Callable[[dict], object] | None = None

    def value(self, item: dict) -> object:
        return self.cell(item) if self.cell else item.get(self.key)


def day_cell(name: str) -> Callable[[dict], object]:
    """A cell showing the day of a time (in the zone the item carries) or a date as it is."""

    def cell(item: dict):
        value = item.get(name)
        return value.date() if isinstance(value, datetime) else value

    return cell


def columns(table: str) -> tuple[Column, ...]:
    """Columns from a table with a line `key header width [day]` a column; a `day` column shows
    the day of its time."""
    found = []
    for line in table.strip().splitlines():
        key, header, width, *day = line.split()
        found.append(Column(key, header, int(width), day_cell(key) if day else None))
    return tuple(found)


def local_times(row: dict, names: tuple[str, ...], zone: tzinfo) -> dict:
    """The row's times of these names in the service's zone."""
    return {name: row[name] and row[name].astimezone(zone) for name in names}


def number_label(number: int | None) -> str | None:
    return None if number is None else f"第{number:04d}号"
