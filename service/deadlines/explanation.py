"""How a deadline was reached, in a sentence a clerk understands."""

from __future__ import annotations

from datetime import date

import chinese_calendar

from service.deadlines.calendar import DayCount
from workflows.spec import Period

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
WEEKDAYS = "一二三四五六日"
UNITS = {"working_days": "个工作日", "months": "个月", "calendar_days": "天"}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _holiday_names(days: tuple[date, ...]) -> list[str]:
    names: list[str] = []
    for day in days:
        try:
            _, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            name = None
        label = HOLIDAY_NAMES.get(name, "节假日") if name else "节假日"
        if label not in names:
            names.append(label)
    return names


def period_text(period: Period, amount: int) -> str:
    return f"{amount}{UNITS.get(period.unit, '个月')}"


def explain(
    *, rule: str, label: str, start: date, start_verb: str, amount_text: str, count: DayCount
) -> dict:
    """The stored explanation of a deadline: its parts, and the sentence built from them."""
    sentence = f"自{chinese_date(start)}{start_verb}起{amount_text}"
    if count.holidays:
        sentence += f"，期间遇{'、'.join(_holiday_names(count.holidays))}假期"
    if count.makeup_days:
        sentence += f"，{'、'.join(chinese_date(d) for d in count.makeup_days)}调休上班照常计算"
    if count.postponed_from:
        sentence += f"，{chinese_date(count.postponed_from)}为休息日，顺延"
    sentence += f"，{label}期限为{chinese_date(count.date)}（星期{WEEKDAYS[count.date.weekday()]}）"
    if count.provisional:
        sentence += "。该年度法定节假日尚未公布，暂按周末休息推算，公布后将重新核定"
    return {
        "rule": rule,
        "start": start.isoformat(),
        "period": amount_text,
        "holidays": [d.isoformat() for d in count.holidays],
        "makeup_days": [d.isoformat() for d in count.makeup_days],
        "postponed_from": count.postponed_from.isoformat() if count.postponed_from else None,
        "provisional": count.provisional,
        "extensions": [],
        "text": sentence + "。",
    }
