"""Sweep processes forked from one that has the service loaded, for the crash test.

    python -m tests.reliability.sweep_forks     (DATABASE_URL … as for `flask --app wsgi sweep`)

Each line read from stdin is a time (ISO 8601); for each, a child is forked that runs the sweep
as of that time, as `flask --app wsgi sweep --now` does, in a process group of its own, and its
pid is written to stdout. Loading the service costs seconds of CPU on a slow machine, and a new
`flask` process for each sweep would spend most of the chaos's CPU there and be killed before
it had touched the database; a fork starts sweeping at once. The children are reaped here.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime


def _sweep(app, now: datetime) -> None:
    from service.jobs.sweep import sweep

    with app.app_context():
        sweep(now=now)


def main() -> None:
    from wsgi import app

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they end
    for line in sys.stdin:
        now = datetime.fromisoformat(line.strip())
        child = os.fork()
        if child == 0:
            os.setsid()
            os.dup2(2, 1)  # stdout is the pids' channel: the sweep's own output goes to the log
            code = 1
            try:
                _sweep(app, now)
                code = 0
            finally:
                os._exit(code)
        print(child, flush=True)


if __name__ == "__main__":
    main()
