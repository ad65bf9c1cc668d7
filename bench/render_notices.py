"""How fast notices render, and what our checks cost over bare WeasyPrint.

    .venv/bin/python bench/render_notices.py [--batch 500] [--workers 2]

(a) median time of one 提案交办通知书 (one page) in a warm process: 20 runs after 2 warm-ups;
(b) pages per second for a batch rendered by worker processes, each with render_pdf;
(c) the same batch with bare WeasyPrint on the same HTML (no fetcher, no glyph check, no
    collection after each render), and the ratio b/c; and each worker's peak RSS.
The snapshot comes from a real flow (a temporary SQLite app driven over the API).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KIND = "assignment_notice"


def assignment_snapshot() -> dict:
    from service.clock import FrozenClock
    from tests.documents import scenarios

    clock = FrozenClock(scenarios.START)
    world = scenarios.temporary_world(clock)
    scenarios.assigned(world)
    return scenarios.documents_by_kind(world)[KIND][0].snapshot


def _renderer(mode: str, snapshot: dict, html: str):
    """A no-argument function producing one PDF, the service's way or WeasyPrint's bare way."""
    if mode == "service":
        from service.documents.render import render_pdf

        return lambda: render_pdf(KIND, snapshot)
    from weasyprint import HTML

    from service.documents.render import NOTICES

    return lambda: HTML(string=html, base_url=str(NOTICES) + "/").write_pdf()


def _worker(mode, snapshot, html, count, barrier, results) -> None:
    render = _renderer(mode, snapshot, html)
    render()  # fonts, HarfBuzz and the glyph table load once per process, before the clock runs
    barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        render()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    results.put((elapsed, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def batch(mode: str, snapshot: dict, html: str, total: int, workers: int) -> tuple[float, ...]:
    """Wall seconds for `total` renders shared by `workers` processes started together, the CPU
    seconds they used (steadier than wall time on a shared machine), and the largest peak RSS
    (MiB) among them."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter, as the worker runs
    barrier, results = context.Barrier(workers), context.Queue()
    shares = [total // workers + (i < total % workers) for i in range(workers)]
    processes = [
        context.Process(target=_worker, args=(mode, snapshot, html, n, barrier, results))
        for n in shares
    ]
    for process in processes:
        process.start()
    measured = [results.get() for _ in processes]
    for process in processes:
        process.join()
    wall, cpu, rss = zip(*measured, strict=True)
    return max(wall), sum(cpu), max(rss)


def warm_median(snapshot: dict, runs: int = 20, warmups: int = 2) -> tuple[float, int]:
    from pypdf import PdfReader

    from service.documents.render import render_pdf

    for _ in range(warmups):
        pdf = render_pdf(KIND, snapshot)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_pdf(KIND, snapshot)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from service.documents.render import render_html

    snapshot = assignment_snapshot()
    html = render_html(KIND, snapshot)
    median, pages = warm_median(snapshot)
    print(f"(a) one {KIND}: {pages} page(s), median {median * 1000:.0f} ms (20 runs, warm)")
    ours = batch("service", snapshot, html, args.batch, args.workers)
    bare = batch("bare", snapshot, html, args.batch, args.workers)
    for label, (wall, cpu, rss) in (("(b) render_pdf", ours), ("(c) bare", bare)):
        print(
            f"{label:15} {args.batch} notices, {args.workers} processes: {wall:.1f} s, "
            f"{args.batch * pages / wall:.1f} pages/s; CPU {cpu / args.batch * 1000:.0f} ms "
            f"a notice; peak RSS per worker {rss:.0f} MiB"
        )
    print(
        f"ratio render_pdf / bare: {ours[0] / bare[0]:.2f}x wall, {ours[1] / bare[1]:.2f}x CPU "
        "(goal <= 1.3x)"
    )


if __name__ == "__main__":
    main()
