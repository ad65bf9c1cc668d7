"""What 电子签章 costs over the unsigned render of the same notice.

    .venv/bin/python bench/signing_cost.py [--runs 20]

Renders one 提案交办通知书 (from a real flow, as render_notices.py does) unsigned and signed
with a test certificate and seal, each `runs` times in a warm process, and prints the median
CPU times and their ratio (goal: signed within 1.2x of unsigned).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from render_notices import KIND, assignment_snapshot  # noqa: E402


def median_ms(render, runs: int) -> float:
    """Median CPU milliseconds of one call: steadier than wall time on a shared machine."""
    render()
    times = []
    for _ in range(runs):
        started = time.process_time()
        render()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from service.clock import SystemClock
    from service.config import Settings
    from service.documents.render import render_pdf
    from service.documents.signing import make_test_certificate, signed

    now = SystemClock().now()
    folder = Path(tempfile.mkdtemp(prefix="signing-"))
    p12, seal = make_test_certificate(folder, "政协示范市委员会提案委员会办公室", "bench", now=now)
    settings = replace(
        Settings(), signing_p12=str(p12), signing_p12_password="bench", seal_image=str(seal)
    )
    snapshot = assignment_snapshot()
    today = now.date()

    def sign_too():
        pdf, reason = signed(render_pdf(KIND, snapshot), settings, today)
        assert reason is None, reason

    unsigned = median_ms(lambda: render_pdf(KIND, snapshot), args.runs)
    with_seal = median_ms(sign_too, args.runs)
    print(f"one {KIND}, median of {args.runs} warm runs:")
    print(f"  unsigned {unsigned:.0f} ms; signed with the seal {with_seal:.0f} ms")
    print(f"  ratio {with_seal / unsigned:.2f}x (goal <= 1.2x)")


if __name__ == "__main__":
    main()
