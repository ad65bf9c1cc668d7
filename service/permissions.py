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
    # The office enters a member's paper proposal for them (代录).
    PROPOSALS_ENTER_FOR_MEMBERS = "office:proposals:enter-for-members"
    ASSIGNMENTS_HANDLE = "unit:assignments:handle"
    # Every proposer's phone and e-mail (a unit reads them only while on the proposal).
    CONTACTS_READ_ALL = "office:people:read-contacts"
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
    # 交办会: a plan that assigns many accepted proposals at once, checked row by row.
    ASSIGNMENT_PLANS_RUN = "office:assignments:plan"
    # The office attaches files (附件) to any proposal at any time, to any unit's assignment.
    ATTACHMENTS_ADD_ANYWHERE = "office:attachments:add"
    # A rating the office records for a member who answered on paper or by phone is marked proxy.
    RATINGS_RECORD_FOR_MEMBERS = "office:ratings:record-for-members"
    # Similar proposals (相似提案) among all filed ones, not only the accepted a member finds.
    SIMILAR_READ_ALL = "office:proposals:similar"
    # The units most likely to handle a proposal (承办单位建议), from past assignments.
    UNIT_SUGGESTIONS_READ = "office:assignments:suggest"
    # Organisations that file collective proposals (集体提案): all of them, or add and change one.
    ORGANISATIONS_READ_ALL = "office:organisations:read"
    ORGANISATIONS_MANAGE = "office:organisations:manage"
    # Plenary sessions (届次会次): which one proposals are filed in, and its dates.
    SESSIONS_MANAGE = "office:sessions:manage"
    # Administration.
    SETTINGS_READ = "admin:settings:read"
    SETTINGS_CHANGE = "admin:settings:change"
    ACCOUNTS_MANAGE = "admin:accounts:manage"
    UNITS_ADD = "admin:units:add"
    # A unit's group robot (webhook) for its notifications.
    UNITS_CHANGE = "office:units:change"
    DELIVERIES_MANAGE = "admin:deliveries:manage"
    ADMIN_PAGES_OPEN = "admin:pages:open"
    # The bodies on the platform (三级联动); held by an administrator of a top body only.
    BODIES_MANAGE = "admin:bodies:manage"


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
    P.PROPOSALS_ENTER_FOR_MEMBERS: _grant(
        "只有提案委员会可以代委员录入提案；委员不能代他人提出提案。", Role.COMMITTEE
    ),
    P.ASSIGNMENTS_HANDLE: _grant(ROLE_REFUSED, Role.UNIT),
    P.CONTACTS_READ_ALL: _grant(ROLE_REFUSED, *OFFICE_AND_LEADERS),
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
    P.ASSIGNMENT_PLANS_RUN: _grant("批量交办（交办会）只能由提案委员会进行。", Role.COMMITTEE),
    P.ATTACHMENTS_ADD_ANYWHERE: _grant(ROLE_REFUSED, Role.COMMITTEE),
    P.RATINGS_RECORD_FOR_MEMBERS: _grant(ROLE_REFUSED, Role.COMMITTEE),
    P.SIMILAR_READ_ALL: _grant("相似提案查询仅供委员、提案委员会和管理员使用。", *OFFICE),
    P.UNIT_SUGGESTIONS_READ: _grant("承办单位建议仅供提案委员会和管理员查看。", *OFFICE),
    P.ORGANISATIONS_READ_ALL: _grant(
        "集体提案单位名录仅供提案委员会、督办领导、管理员和各单位联系人查看。",
        *OFFICE_AND_LEADERS,
    ),
    P.ORGANISATIONS_MANAGE: _grant("只有提案委员会和管理员可以登记集体提案单位。", *OFFICE),
    P.SESSIONS_MANAGE: _grant("只有提案委员会和管理员可以设置届次会次。", *OFFICE),
    P.SETTINGS_READ: _grant(ROLE_REFUSED, *OFFICE),
    P.SETTINGS_CHANGE: _grant("只有系统管理员可以修改日历和设置。", Role.ADMIN),
    P.ACCOUNTS_MANAGE: _grant("只有系统管理员可以停用、启用账号或重置密码。", Role.ADMIN),
    P.UNITS_ADD: _grant(ROLE_REFUSED, Role.ADMIN),
    P.UNITS_CHANGE: _grant("只有提案委员会和系统管理员可以修改承办单位。", *OFFICE),
    P.DELIVERIES_MANAGE: _grant("只有系统管理员可以查看和重发消息推送。", Role.ADMIN),
    P.ADMIN_PAGES_OPEN: _grant(ROLE_REFUSED, Role.ADMIN),
    P.BODIES_MANAGE: _grant(
        "只有平台管理员（最上一级政协的系统管理员）可以添加或修改政协。", Role.ADMIN
    ),
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
