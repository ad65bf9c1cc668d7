"""Settings whose value is a list of coded wordings (不予立案的情形), as the settings page shows
them for editing: one per line, the code, a space, then the wording."""

from __future__ import annotations

import re

SEPARATOR = re.compile(r"[\s:：]+")


def coded_lines(entries: list[dict]) -> str:
    return "\n".join(f"{entry['code']} {entry['label']}" for entry in entries)


def from_coded_lines(text: str) -> list[dict]:
    """Each non-blank line as {code, label}; a line without a wording keeps an empty one, so
    that the check names its line."""
    entries = []
    for line in (line.strip() for line in text.splitlines()):
        if line:
            code, *label = SEPARATOR.split(line, maxsplit=1)
            entries.append({"code": code, "label": label[0] if label else ""})
    return entries
