"""The engine: the workflows of `workflows/` bound to the models with `transitions`."""

from service.engine.available import available_events, waiting_events
from service.engine.fire import (
    SYSTEM,
    examine,
    fire,
    open_first_deadlines,
    record_created,
    record_creation,
)

__all__ = [
    "SYSTEM",
    "available_events",
    "examine",
    "fire",
    "open_first_deadlines",
    "record_created",
    "record_creation",
    "waiting_events",
]
