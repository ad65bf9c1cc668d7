"""Render every kind of notice from a real flow and write a PNG of each page 1, to look at.

    .venv/bin/python bench/render_pngs.py [OUT_DIR]      (default /tmp/notice-pngs)

The data comes from the service itself (a temporary SQLite app driven over the API, as the
tests do), and the PDFs from the document worker, so the pictures show what users get.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.clock import FrozenClock  # noqa: E402
from tests.documents import scenarios  # noqa: E402


def main(out: Path) -> int:
    clock = FrozenClock(scenarios.START)
    world = scenarios.temporary_world(clock)
    stored = Path(world.app.extensions["settings"].documents_dir)
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for kind, rows in scenarios.every_kind(world, clock).items():
        # One of each kind, and one of each 催办 wording (即将到期, 已超期, 严重超期, 催办).
        seen: dict[str, object] = {}
        for row in rows:
            seen.setdefault(row.snapshot["event"].rsplit("_", 1)[-1], row)
        for step, row in seen.items():
            name = kind if len(seen) == 1 else f"{kind}-{step}"
            if row.status != "ready":
                print(f"{name}: {row.status}: {row.error}")
                failures += 1
                continue
            target = out / name
            pdf = stored / row.file_name
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, target],
                check=True,
            )
            pages = _pages(pdf)
            print(f"{target}.png  ({pages} page{'s' if pages > 1 else ''}, {row.size} bytes)")
    return 1 if failures else 0


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/notice-pngs")))
