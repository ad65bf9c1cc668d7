"""The working lists as pages (工作清单: 提案清单, 交办清单, 跟踪清单): the filters the API offers,
keyset pages (“下一页” carries the cursor) and the whole filtered list as the API's Excel file."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from service.clock import current_clock
from service.db import current_session
from service.errors import InvalidInput
from service.lists import LISTS
from service.lists.working import WorkingList, states
from service.permissions import Permission, can, ensure
from service.statistics.scope import ensure_known
from service.web.auth import current_user, login_required
from service.web.stats_pages import filter_choices, read_filters

blp = Blueprint("list_pages", __name__, url_prefix="/lists")
# Carried by the page links but not by the export, which is always the whole list.
PAGING = ("limit",)


def _list_of(kind: str) -> WorkingList:
    """The list named in the address, once the reader may read it (else the 403 page)."""
    found = LISTS.get(kind)
    if found is None:
        abort(404)
    ensure(current_user(), found.permission)
    return found


def _args(working: WorkingList, *, paged: bool) -> dict:
    """The filters, checked as the API checks them, and the state among the list's own."""
    args = read_filters(
        working.source.args, working.source.filters + (PAGING + ("cursor",) if paged else ())
    )
    unknown = [s for s in states(args.get("state")) if s not in working.source.states]
    if unknown:
        message = f"状态“{'、'.join(unknown)}”不在可选范围内，请从列表中选择。"
        raise InvalidInput(message, details={"state": [message]})
    return ensure_known(current_session(), args, current_user().body_id)


@blp.route("/<kind>")
@login_required
def working_list(kind: str):
    """One page of a working list, newest first, with the filters and the export link."""
    working, session = _list_of(kind), current_session()
    try:
        args = _args(working, paged=True)
    except InvalidInput as error:
        return _render(kind, working, found=None, error=error), error.status
    found = working.page(session, current_user(), args, now=current_clock().now())
    return _render(kind, working, found=found, error=None)


def _render(kind: str, working: WorkingList, *, found: dict | None, error):
    filters = {
        name: request.args[name].strip()
        for name in working.source.filters + PAGING
        if request.args.get(name, "").strip()
    }
    return render_template(
        f"web/list_{kind}.html",
        title=f"工作清单 · {working.title}",
        kind=kind,
        heading=working.title,
        found=found,
        filters=filters,
        export_filters={k: v for k, v in filters.items() if k not in PAGING},
        error=error,
        invalid=set(error.details) if error else set(),
        choices=filter_choices(current_session(), current_user().body_id),
        states=working.source.states,
        office=can(current_user(), Permission.LISTS_READ),
    )


@blp.route("/<kind>.xlsx")
@login_required
def export(kind: str):
    """导出Excel: the whole filtered list, the same workbook and file name as the API's."""
    working, session = _list_of(kind), current_session()
    args = _args(working, paged=False)
    found = working.export(session, current_user(), args, now=current_clock().now())
    return Response(found.data, mimetype=found.mimetype, headers=found.headers)
