"""Who may do what, besides firing an event (declared on each event in `workflows/`) and
seeing a row (`access.py`): one `Permission` a thing someone may do, named
`scope:resource:action` as Warehouse names them, the roles that hold it and the sentence that
refuses it. `can` asks, `ensure` refuses; the endpoint × role matrix test reads `GRANTS`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from service.errors import RoleRefused
from workflows.spec import Role

# The sentence for a role refused where nothing more particular is said.
ROLE_REFUSED = "您的角色无权访问此功能。"
REPORTS_REFUSED = "年度报告仅供提案委员会、督办领导和管理员使用。"


class Permission(StrEnum):
    """Each with the roles that hold it in `GRANTS`."""

    # Which proposals and assignments are a person's to read and work on (access.py).
    PROPOSALS_READ_ALL = "office:proposals:read"
    KEY_PROPOSALS_SUPERVISE = "leader:proposals:supervise"
    PROPOSALS_FILE = "member:proposals:file"
    ASSIGNMENTS_HANDLE = "unit:assignments:handle"
    # What handling shows beyond the rows: replies before review, 会办 opinions, the pages.
    UNREVIEWED_REPLIES_READ = "handling:replies:read-unreviewed"
    OPINIONS_READ = "handling:opinions:read"
    ASSIGNMENT_PAGES_OPEN = "handling:assignments:open"
    DEADLINE_BOARDS_READ = "handling:deadlines:oversee"
    HANDLING_LISTS_READ = "handling:lists:read"
    # Office-wide figures, lists, reports and documents.
    FIGURES_READ = "office:figures:read"
    LISTS_READ = "office:lists:read"
    REPORTS_READ = "office:reports:read"
    REPORTS_REQUEST = "office:reports:request"
    DOCUMENTS_REGENERATE = "office:documents:regenerate"
    # A rating the office records for a member who answered on paper or by phone is marked proxy.
    RATINGS_RECORD_FOR_MEMBERS = "office:ratings:record-for-members"
    # Administration.
    SETTINGS_READ = "admin:settings:read"
    SETTINGS_CHANGE = "admin:settings:change"
    ACCOUNTS_MANAGE = "admin:accounts:manage"
    UNITS_ADD = "admin:units:add"
    # A unit's group robot (webhook) for its notifications.
    UNITS_CHANGE = "office:units:change"
    DELIVERIES_MANAGE = "admin:deliveries:manage"
    ADMIN_PAGES_OPEN = "admin:pages:open"


@dataclass(frozen=True)
class Grant:
    """The roles holding a permission, and the sentence that refuses everyone else."""

    roles: frozenset[Role]
    refusal: str


def _grant(refusal: str, *roles: Role) -> Grant:
    return Grant(frozenset(roles), refusal)


OFFICE = (Role.COMMITTEE, Role.ADMIN)
OFFICE_AND_LEADERS = (Role.COMMITTEE, Role.LEADER, Role.ADMIN)
HANDLING = (Role.COMMITTEE, Role.UNIT, Role.ADMIN)
P = Permission
GRANTS: Mapping[Permission, Grant] = {
    P.PROPOSALS_READ_ALL: _grant(ROLE_REFUSED, *OFFICE),
    P.KEY_PROPOSALS_SUPERVISE: _grant(ROLE_REFUSED, Role.LEADER),
    P.PROPOSALS_FILE: _grant("只有委员（提案人）可以提出提案。", Role.MEMBER),
    P.ASSIGNMENTS_HANDLE: _grant(ROLE_REFUSED, Role.UNIT),
    P.UNREVIEWED_REPLIES_READ: _grant(ROLE_REFUSED, *HANDLING),
    P.OPINIONS_READ: _grant(ROLE_REFUSED, *HANDLING, Role.LEADER),
    P.ASSIGNMENT_PAGES_OPEN: _grant(ROLE_REFUSED, *HANDLING),
    P.DEADLINE_BOARDS_READ: _grant(ROLE_REFUSED, Role.COMMITTEE, Role.LEADER, Role.UNIT),
    P.HANDLING_LISTS_READ: _grant(
        "此清单仅供提案委员会、督办领导、管理员和承办单位查看。", *OFFICE_AND_LEADERS, Role.UNIT
    ),
    P.FIGURES_READ: _grant("统计和排名仅供提案委员会、督办领导和管理员查看。", *OFFICE_AND_LEADERS),
    P.LISTS_READ: _grant("此清单仅供提案委员会、督办领导和管理员查看。", *OFFICE_AND_LEADERS),
    P.REPORTS_READ: _grant(REPORTS_REFUSED, *OFFICE_AND_LEADERS),
    P.REPORTS_REQUEST: _grant(REPORTS_REFUSED, *OFFICE_AND_LEADERS),
    P.DOCUMENTS_REGENERATE: _grant("只有提案委员会可以重新生成文件。", Role.COMMITTEE),
    P.RATINGS_RECORD_FOR_MEMBERS: _grant(ROLE_REFUSED, Role.COMMITTEE),
    P.SETTINGS_READ: _grant(ROLE_REFUSED, *OFFICE),
    P.SETTINGS_CHANGE: _grant("只有系统管理员可以修改日历和设置。", Role.ADMIN),
    P.ACCOUNTS_MANAGE: _grant("只有系统管理员可以停用、启用账号或重置密码。", Role.ADMIN),
    P.UNITS_ADD: _grant(ROLE_REFUSED, Role.ADMIN),
    P.UNITS_CHANGE: _grant("只有提案委员会和系统管理员可以修改承办单位。", *OFFICE),
    P.DELIVERIES_MANAGE: _grant("只有系统管理员可以查看和重发消息推送。", Role.ADMIN),
    P.ADMIN_PAGES_OPEN: _grant(ROLE_REFUSED, Role.ADMIN),
}


def holders(permission: Permission) -> frozenset[Role]:
    """The roles that hold the permission."""
    return GRANTS[permission].roles


def can(actor, permission: Permission | str) -> bool:
    """Whether the actor's role holds the permission (a template may name it by its value)."""
    return actor is not None and actor.role in GRANTS[Permission(permission)].roles


def ensure(actor, permission: Permission, refusal: str | None = None) -> None:
    """Raises:
    RoleRefused: the actor's role does not hold the permission; the sentence is the
        permission's own, or `refusal` where a page or endpoint words it otherwise."""
    if not can(actor, permission):
        raise RoleRefused(refusal or GRANTS[permission].refusal)
