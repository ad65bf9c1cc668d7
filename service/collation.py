"""Chinese names in the order people look them up: by their pinyin (拼音), as a directory or a
roster lists them, not by the code points of their characters (交通, 人社, 住建, 公安 …)."""

from __future__ import annotations

from functools import lru_cache

KEY_LENGTH = 255


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A sort key for `name`: its syllables spelt out (市交通运输局 → shi jiao tong yun shu ju),
    then the name itself, so that names spelt alike still sort the same way every time."""
    from pypinyin import lazy_pinyin  # its dictionaries load where names are written, not read

    return f"{' '.join(lazy_pinyin(name))}\t{name}"[:KEY_LENGTH]
