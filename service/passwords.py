"""Password hashing with argon2id, a memory-hard scheme."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHERS = {
    "standard": PasswordHasher(),
    # Only for the test suite, which creates hundreds of users.
    "fast": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}


def hash_password(password: str, *, cost: str = "standard") -> str:
    return _HASHERS[cost].hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHERS["standard"].verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
