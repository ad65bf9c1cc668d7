"""Importing a roster of 1,000 members (`flask --app wsgi user import ROSTER.xlsx`): the time
from reading the workbook to the commit, as the command does it, with the service's own
password cost (not a test: it prints figures; the goal is under 10 s).

    .venv/bin/python bench/roster_import.py [--members 1000] [--database-url URL]

The roster is written with openpyxl: Chinese names made from common surnames and given-name
characters (so many share a name and get numbered usernames), a sector, a party, an employer,
a distinct mobile number and e-mail each; every tenth row gives its own username. The database
is a fresh SQLite file built by the migrations, or the URL given (its schema must be migrated
and hold no members with these numbers). It prints the dry run's time and the import's.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service import create_app  # noqa: E402
from service.config import Settings  # noqa: E402
from service.migrate import upgrade  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯健俊帆"
SECTORS = (
    "经济界",
    "教育界",
    "科技界",
    "文艺界",
    "医药卫生界",
    "农业界",
    "中国共产党",
    "无党派人士",
)
PARTIES = ("中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派")
HEADINGS = ("姓名", "用户名", "界别", "党派", "工作单位及职务", "手机", "邮箱")


def write_roster(path: Path, members: int, seed: int = 2026) -> None:
    pick = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADINGS))
    for number in range(members):
        name = pick.choice(SURNAMES) + "".join(
            pick.choice(GIVEN) for _ in range(pick.randint(1, 2))
        )
        sheet.append(
            [
                name,
                f"wy{number:04d}" if number % 10 == 0 else None,
                pick.choice(SECTORS),
                pick.choice(PARTIES),
                f"市第{number % 97 + 1}中学副校长" if number % 3 else f"某某集团{number}部经理",
                f"139{number:08d}",
                f"member{number}@example.cn",
            ]
        )
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        if not args.database_url:
            upgrade(url)
        settings = Settings(
            database_url=url,
            secret_key="bench",
            scheduler_enabled=False,
            documents_dir=f"{folder}/documents",
            instance_path=f"{folder}/instance",
        )
        app = create_app(settings)
        roster = Path(folder) / "roster.xlsx"
        write_roster(roster, args.members)
        runner = app.test_cli_runner()
        for label, options in (("dry run", ["--dry-run"]), ("import", ["--password-stdin"])):
            started = time.perf_counter()
            result = runner.invoke(
                args=["user", "import", str(roster), *options], input="initial password 2026\n"
            )
            elapsed = time.perf_counter() - started
            if result.exit_code != 0:
                print(result.output[-2000:])
                raise SystemExit(f"{label} failed")
            summary = result.output.splitlines()[-1]
            print(f"{label}: {args.members} members in {elapsed:.2f} s ({summary})")


if __name__ == "__main__":
    main()
