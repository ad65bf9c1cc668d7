"""How long a session's 提案汇编 of 1,000 proposals takes, and the memory it holds.

    .venv/bin/python bench/compilation_bench.py [--proposals 1000]

Builds a snapshot as the office's request does (1,000 accepted proposals, five categories,
three parts of a few hundred characters each), renders it with compilation_pdf as the document
worker does, and prints the wall and CPU time, the pages, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOPICS = ("公交准点率", "老旧小区停车", "河道保洁", "夜间经济", "社区养老", "校园周边交通")
CATEGORIES = ("economy", "politics", "culture", "society", "ecology")


def snapshot(count: int) -> dict:
    from service.vocabulary import CATEGORIES as LABELS

    items = []
    for number in range(1, count + 1):
        topic = TOPICS[number % len(TOPICS)]
        items.append(
            {
                "key": f"p-{number}",
                "number_label": f"第{number:04d}号",
                "title": f"关于进一步做好{topic}工作的提案（{number}）",
                "category": CATEGORIES[number % len(CATEGORIES)],
                "proposers": "张伟（经济界）、李娜（教育界）",
                "parts": [
                    ("背景情况", f"近年来，我市{topic}工作取得积极进展，但群众反映仍较集中。" * 6),
                    ("问题分析", "一是统筹不够；二是投入不足；三是考核机制尚不完善。" * 6),
                    ("具体建议", "一是加强统筹协调。二是加大投入力度。三是完善考核评价。" * 6),
                ],
            }
        )
    return {
        "session_id": 1,
        "year": 2026,
        "categories": dict(LABELS),
        "cover": {
            "session_name": "十四届四次会议",
            "issuer": "政协示范市委员会",
            "day": "2026年3月16日",
        },
        "items": items,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=1000)
    args = parser.parse_args()

    from pypdf import PdfReader

    from service.documents.compilation import PROPOSAL_COMPILATION, compilation_pdf

    data = snapshot(args.proposals)
    started, cpu = time.perf_counter(), time.process_time()
    pdf = compilation_pdf(PROPOSAL_COMPILATION, data)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.proposals} proposals: {pages} pages, {len(pdf) / 2**20:.1f} MiB; "
        f"{wall:.0f} s wall, {cpu:.0f} s CPU ({pages / cpu:.1f} pages per CPU second); "
        f"peak RSS {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
