"""The working lists (工作清单: 提案清单, 交办清单, 跟踪清单), each described once as a
`WorkingList` that the API, the pages and the Excel export read alike; and the one filter of
proposals (`proposal_filter`) that they and the proposal searches share. Read-only."""

from service.lists import assignments, proposals, tracking
from service.lists.working import WorkingList

LISTS: dict[str, WorkingList] = {
    working.stem: working for working in (proposals.LIST, assignments.LIST, tracking.LIST)
}
