"""The renderer reads only its own templates' files, however a URL is spelt."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.documents.fetcher import is_inside, local_fetcher
from service.documents.render import NOTICES

CLIMB = "/%2e%2e" * 12


@pytest.mark.parametrize(
    "url",
    [
        f"file://{NOTICES}{CLIMB}/etc/passwd",
        f"file://{NOTICES}/%2E%2E/%2E%2E/service/config.py",
        f"file://{NOTICES}/..%2f..%2f..%2fetc/passwd",
        f"file://{NOTICES}/../web/base.html",
        "file:///etc/passwd",
        f"file://evil.example{NOTICES}/notice.css",
        "http://127.0.0.1/notice.css",
        "data:text/css,body{}",
    ],
)
def test_urls_outside_the_notices_folder_are_refused(url):
    assert not is_inside(url, NOTICES)
    with pytest.raises(ValueError, match="refusing"):
        local_fetcher(NOTICES).fetch(url)


def test_the_notices_own_stylesheet_is_served():
    css = next(Path(NOTICES).glob("*.css"))

    fetched = local_fetcher(NOTICES).fetch(f"file://{css}")

    assert is_inside(f"file://{css}", NOTICES)
    assert fetched is not None
