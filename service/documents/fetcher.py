"""What WeasyPrint may read while it renders: files under the folders of templates/ it is given
(a document's own, and the shared print stylesheet's), nothing else on disk and nothing on the
network (government intranets; a document never calls out)."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit


def is_inside(url: str, root: Path) -> bool:
    """Whether a file:// URL names a file under `root`, judged on the path as it will be opened:
    percent-decoded first, so `%2e%2e` cannot climb out after the check."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return root.resolve() in path.parents


@functools.cache
def local_fetcher(*roots: Path):
    """A WeasyPrint URL fetcher that serves only the files under `roots`."""
    from weasyprint.urls import URLFetcher

    served = " and ".join(f"{root.name}/" for root in roots)
    verb = "is" if len(roots) == 1 else "are"

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not any(is_inside(url, root) for root in roots):
                raise ValueError(f"refusing to fetch {url[:200]!r}: only {served} {verb} served")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file",))
