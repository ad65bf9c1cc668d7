"""What a username is: one normal form (NFKC, then lower case) wherever a name is typed, and one
pattern for new names, so a look-alike of a name (ＺＨＡＮＧ, Zhang) is that name and a new name
always fits in a page's address."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import InvalidInput
from service.models import Person, User

# 2 to 32 characters: lower-case ASCII letters, digits, dot, underscore and hyphen, the first a
# letter or digit (so never "", "..", "a/b", nor a zero-width or full-width character).
PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
RULE = "用户名须为2至32个字符，只能使用小写英文字母、数字和“.”“_”“-”，并以字母或数字开头。"


def normalise_username(typed: str) -> str:
    """The name as stored: full-width and other compatibility forms folded (NFKC), lower case,
    without surrounding spaces."""
    return unicodedata.normalize("NFKC", typed).strip().lower()


def ensure_valid_username(typed: str) -> str:
    """The normal form of a new name.

    Raises:
        InvalidInput: the normal form does not fit the pattern.
    """
    name = normalise_username(typed)
    if PATTERN.fullmatch(name) is None:
        raise InvalidInput(RULE, details={"username": [RULE]})
    return name


def find_by_username(session: Session, typed: str, body_id: int) -> User | None:
    """The membership, in the body, of the person `typed` names (by `find_person`'s rule)."""
    return _named(session, select(User).where(User.body_id == body_id), User.username, typed)


def find_person(session: Session, typed: str) -> Person | None:
    """The person `typed` names: by its normal form, unless a person's name is exactly what was
    typed (a name kept from before names were normalised, because its normal form was taken)."""
    return _named(session, select(Person), Person.username, typed)


def _named(session: Session, query, column, typed: str):
    name = normalise_username(typed)
    if not name:  # a blank name names nobody, not an account made before names were checked
        return None
    found = session.scalars(query.where(column.in_({typed, name}))).all()
    return next((row for row in found if row.username == typed), found[0] if found else None)


def username_from_name(name: str, taken: set[str]) -> str:
    """A new username for a person named `name`: the name's pinyin (张三 → zhangsan), or
    `member` when it gives too little, followed by the first free number (zhangsan2) when taken.
    `taken` holds the normal forms already used; the name found is added to it."""
    from pypinyin import lazy_pinyin  # its dictionaries load on the first roster only

    spelled = "".join(lazy_pinyin(unicodedata.normalize("NFKC", name).strip()))
    base = re.sub(r"[^a-z0-9]", "", spelled.lower())[:28]
    if len(base) < 2:
        base = "member"
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}{number}"
    taken.add(found)
    return found
