"""The reject form offers the grounds of the office's list (a setting), not a fixed one."""

from __future__ import annotations

from service.policy import DEFAULTS
from service.web.setting_values import coded_lines
from tests.api.test_rejection_grounds import LOCAL, _save
from tests.flows import Flow


def test_the_reject_form_offers_the_grounds_of_the_list(world, web):
    _save(world, LOCAL)
    proposal = Flow(world).submitted()

    page = web("office").get(f"/proposals/{proposal['id']}")
    form = page.text.split('id="event-reject"', 1)[1].split("</details>", 1)[0]

    assert '<option value="local_rule"' in form and "正在落实的</option>" in form
    assert 'value="secrets"' not in form


def _settings_form(**changes) -> dict:
    form = {key: value for key, value in DEFAULTS.items() if not isinstance(value, bool)}
    form["rejection_grounds"] = coded_lines(DEFAULTS["rejection_grounds"])
    return form | changes


def test_the_administrator_edits_the_grounds_one_per_line(world, web):
    admin = web("admin")
    lines = (
        "personal_matter 为本人或亲属解决个人问题的\n"
        "local_rule：属于本市已有明确政策规定、正在落实的\n\nother 其他"
    )

    preview = admin.post("/admin/settings", _settings_form(rejection_grounds=lines))
    saved = admin.post("/admin/settings", _settings_form(rejection_grounds=lines, confirm="1"))
    page = admin.get("/admin/settings")

    assert "不予立案的情形：11条 → <strong>3条</strong>" in preview.text
    assert saved.status == 302
    assert "local_rule 属于本市已有明确政策规定、正在落实的" in page.text
    grounds = {s["key"]: s for s in world["admin"].ok("GET", "/settings")}["rejection_grounds"]
    assert [g["code"] for g in grounds["value"]] == ["personal_matter", "local_rule", "other"]


def test_a_line_without_its_wording_is_named(web):
    page = web("admin").post(
        "/admin/settings", _settings_form(rejection_grounds="other 其他\nlocal_rule")
    )

    assert page.status == 422
    assert "第2条：措辞须为2至60个字。" in page.text
