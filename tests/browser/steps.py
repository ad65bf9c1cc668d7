"""What a person does on a page, in the words of the page: open an event's form, fill it,
confirm, and wait for the page to say it is done."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

CONFIRM = re.compile(r"^确认")


def open_form(page: Page, event: str) -> Locator:
    """Open the form of one event (the <details> under 可进行的操作) and return it."""
    form = page.locator(f"#event-{event}")
    form.locator("summary").click()
    expect(form.locator("form")).to_be_visible()
    return form


def confirm(page: Page, form: Locator) -> None:
    """Press the form's 确认 button and wait for the page to report success."""
    form.get_by_role("button", name=CONFIRM).click()
    expect(page.locator(".flash").first).to_contain_text("已完成")


def act(page: Page, event: str, **fields: str) -> None:
    """Fire an event whose form has plain fields, named by their labels."""
    form = open_form(page, event)
    for label, value in fields.items():
        field = form.get_by_label(label, exact=False).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    confirm(page, form)


def state_of(page: Page) -> Locator:
    return page.locator(".page-head .state")


def open_from_workbench(page: Page, title: str) -> None:
    page.goto("/workbench")
    page.get_by_role("link", name=title).first.click()
