"""What the clock does: a timer event, with the same effects and cascades as a person's event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from service.engine import SYSTEM, fire
from service.operations import assignments, proposal_effects
from service.operations.handling import complete_handling_if_done

EFFECTS = {"proposal": proposal_effects.EFFECTS, "assignment": assignments.EFFECTS}


def fire_timer(session: Session, subject, event: str, *, payload: dict, now: datetime) -> None:
    """Fire a timer event as `system` on an already locked subject."""
    fire(
        session,
        subject,
        event,
        actor=SYSTEM,
        version=None,
        payload=payload,
        now=now,
        effect=EFFECTS[subject.__workflow__].get(event),
    )
    if subject.__workflow__ == "assignment":
        complete_handling_if_done(session, subject, now=now)
