"""Event forms built from the event's own field schema, so a page asks exactly what the API
asks, with the same labels, limits and messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from marshmallow import fields as mfields
from werkzeug.datastructures import MultiDict

from service.operations.events import handler_for
from service.validation import MAX_ID

# Lists of rows get a widget of their own; everything else is one input per field.
COMPOSITE = {
    "units": "units",
    "reassign_to": "units",
    "ratings": "ratings",
    "commitments": "commitments",
    "settlements": "settlements",
    "leaders": "leaders",
}
REFERENCES = {
    "into": "proposals",
    "contact_id": "contacts",
    "suggested_unit_id": "units",
    "leader": "leaders",
    "reason_code": "grounds",
    "to_body_id": "bodies",
}
COMMITMENT_ROWS = 3


@dataclass
class FieldSpec:
    name: str
    label: str
    widget: str
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int | None = None
    # A date that cannot lie ahead ("past": a contact is logged once it took place) or behind
    # ("future": a promise's completion): the form's date picker offers only those days.
    when: str | None = None
    # What the label says of a field that is not required alone (选填, or 与说明二选一).
    optional: str = "选填"


def _widget(name: str, spec: mfields.Field) -> str:
    if name in COMPOSITE:
        return COMPOSITE[name]
    if name in REFERENCES:
        return "reference"
    if isinstance(spec, mfields.Date):
        return "date"
    if isinstance(spec, mfields.Boolean):
        return "checkbox"
    if spec.metadata.get("choices"):
        return "select"
    if (spec.metadata.get("max_length") or 0) > 100:
        return "textarea"
    if name.endswith("phone"):
        return "tel"  # a phone's dial pad, not its full keyboard
    return "text"


def event_fields(workflow: str, event: str) -> list[FieldSpec]:
    """The inputs of an event's form, in the schema's order (timer-only fields left out)."""
    specs = []
    for name, spec in handler_for(workflow, event).fields().fields.items():
        meta = spec.metadata
        labels = meta.get("labels") or {}
        choices = [(value, labels.get(value, value)) for value in meta.get("choices", [])]
        specs.append(
            FieldSpec(
                name,
                meta.get("label", name),
                _widget(name, spec),
                spec.required,
                choices,
                meta.get("max_length"),
                meta.get("when"),
                meta.get("optional", "选填"),
            )
        )
    return specs


def payload_from_form(workflow: str, event: str, form: MultiDict) -> dict:
    """The JSON-shaped payload a form stands for; empty inputs are left out, so the schema's
    own `required` messages speak for them."""
    payload: dict = {}
    schema = handler_for(workflow, event).fields()
    for name, spec in schema.fields.items():
        widget = _widget(name, spec)
        if widget in ROWS:
            rows = ROWS[widget](form)
            if rows or spec.required:
                payload[name] = rows
        elif widget == "checkbox":
            if name in form:
                payload[name] = form.get(name) in ("on", "true", "1", "yes")
            elif f"{name}-shown" in form:  # the box was on the page and left unticked
                payload[name] = False
        else:
            value = form.get(name, "").strip()
            if value:
                payload[name] = _typed(spec, value)
    return payload


def _units(form: MultiDict) -> list[dict]:
    return [
        {"unit_id": int(key.split("-", 1)[1]), "role": value}
        for key, value in form.items()
        if key.startswith("unit_role-") and value
    ]


def commitment_rows(form) -> list[int]:
    """The commitment rows a reply form carries: the first three, and any the clerk added
    (再加一项承诺), by their numbers."""
    added = _row_ids(form, "commitments-") if form else []
    return sorted(set(range(COMMITMENT_ROWS)) | set(added))


def _commitments(form: MultiDict) -> list[dict]:
    """The rows typed in; a row's empty half is left out, so the schema says it is missing."""
    rows = []
    for i in commitment_rows(form):
        row = {
            "text": form.get(f"commitments-{i}-text", "").strip(),
            "due_date": form.get(f"commitments-{i}-due_date", "").strip(),
        }
        if any(row.values()):
            rows.append({key: value for key, value in row.items() if value})
    return rows


def _typed(spec: mfields.Field, value: str):
    if isinstance(spec, mfields.Integer):
        return int(value) if value.isascii() and value.isdecimal() else value
    return value


def _ratings(form: MultiDict) -> list[dict]:
    ratings = []
    for assignment_id in _row_ids(form, "rating-"):
        prefix = f"rating-{assignment_id}-"
        rating = {"assignment_id": assignment_id}
        for part in ("attitude", "result", "comment", "contacted"):
            value = form.get(prefix + part, "").strip()
            if value:
                rating[part] = value
        if form.get(prefix + "on_point") in ("yes", "no"):
            rating["on_point"] = form.get(prefix + "on_point") == "yes"
        ratings.append(rating)
    return ratings


def _settlements(form: MultiDict) -> list[dict]:
    """回头看's finding of each commitment the form listed (`settlement-<id>-<part>`); a
    commitment left without a choice is still sent, so the schema says what it lacks."""
    settlements = []
    for commitment_id in _row_ids(form, "settlement-"):
        prefix = f"settlement-{commitment_id}-"
        settlement = {"commitment_id": commitment_id}
        for part in ("outcome", "next_follow_up", "note"):
            value = form.get(prefix + part, "").strip()
            if value:
                settlement[part] = value
        settlements.append(settlement)
    return settlements


def _row_ids(form: MultiDict, prefix: str) -> list[int]:
    """The row ids a form's inputs named `<prefix><id>-<part>` carry, in order."""
    return sorted(
        {
            int(key.split("-")[1])
            for key in form
            if key.startswith(prefix) and _is_row_id(key.split("-")[1])
        }
    )


def form_errors(details: dict, form: MultiDict | None = None) -> dict[str, list[str]]:
    """API error details ("units.0.unit_id") keyed the way the form names its inputs: a rating
    by its assignment, a commitment by the row it was typed in (empty rows are not sent), a
    回头看 finding by its commitment."""
    errors = {
        key.replace(".", "-"): value for key, value in details.items() if isinstance(value, list)
    }
    if form is None:
        return errors
    rated = [str(r["assignment_id"]) for r in _ratings(form)]
    typed = [
        str(i)
        for i in commitment_rows(form)
        if form.get(f"commitments-{i}-text", "").strip() or form.get(f"commitments-{i}-due_date")
    ]
    rows = {
        "ratings": ("rating", rated),
        "commitments": ("commitments", typed),
        "settlements": ("settlement", [str(i) for i in _row_ids(form, "settlement-")]),
    }
    return {_row_key(key, rows): value for key, value in errors.items()}


def _row_key(key: str, rows: dict[str, tuple[str, list[str]]]) -> str:
    parts = key.split("-")
    if len(parts) == 3 and _is_row_id(parts[1]) and parts[0] in rows:
        name, ids = rows[parts[0]]
        index = int(parts[1])
        if index < len(ids):
            return f"{name}-{ids[index]}-{parts[2]}"
    return key


# How each widget of rows reads its rows from the form.
def _leaders(form: MultiDict) -> list[str]:
    """The leaders ticked, one checkbox `leader-<username>` each."""
    return [
        key.split("-", 1)[1] for key, value in form.items() if key.startswith("leader-") and value
    ]


ROWS = {
    "units": _units,
    "leaders": _leaders,
    "ratings": _ratings,
    "commitments": _commitments,
    "settlements": _settlements,
}


def _is_row_id(text: str) -> bool:
    return text.isascii() and text.isdecimal() and int(text) <= MAX_ID
