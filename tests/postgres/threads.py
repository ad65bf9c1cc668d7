"""Calls released together on threads, as concurrent clients would send them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier


def all_at_once(calls):
    """Run the calls in threads released together, and return their results in order."""
    barrier = Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
