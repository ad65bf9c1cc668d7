"""The CPPCC bodies (政协委员会) that share one platform: a province's, its cities' and their
counties' (三级联动). Each runs its own sessions, units and proposals; a person may hold a
membership (a `users` row) in several."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime
from service.vocabulary import BODY_LEVELS, BodyLevel

# Highest first: a body's parent is exactly one level above it.
LEVELS = BodyLevel.codes()
LEVEL_NAMES = BODY_LEVELS


class Body(Base):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    # 行政区划代码: six digits (330000 浙江省, 330100 杭州市, 330102 上城区).
    region_code: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
