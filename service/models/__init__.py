"""The tables of the service, one module per aggregate."""

from service.models import body_rows  # noqa: F401  (copies each row's body as it is inserted)
from service.models.assignment import (
    Assignment,
    Commitment,
    Contact,
    ExtensionRequest,
    Rating,
    Reply,
)
from service.models.attachment import Attachment
from service.models.audit import SYSTEM_ACTOR, AuditRecord
from service.models.body import Body
from service.models.deadline import (
    BodyCalendarEntry,
    CalendarEntry,
    CalendarYear,
    ConfigurationVersion,
    Deadline,
    DeadlineFiring,
    SettingValue,
)
from service.models.delivery import Delivery
from service.models.facts import AssignmentFacts, ProposalFacts
from service.models.outbox import Document, DocumentProgress, Notification, NotificationRead
from service.models.people import (
    AddressThrottle,
    ApiToken,
    LoginThrottle,
    Organisation,
    Person,
    Unit,
    User,
)
from service.models.plenary import PlenarySession
from service.models.proposal import CoSigner, FollowUp, Proposal, ProposalSupervisor
from service.models.public import PublicThrottle, PublicWindow
from service.models.search import SearchTerm
from service.models.transfer import Transfer

__all__ = [
    "SYSTEM_ACTOR",
    "AddressThrottle",
    "ApiToken",
    "Assignment",
    "AssignmentFacts",
    "Attachment",
    "AuditRecord",
    "Body",
    "BodyCalendarEntry",
    "CalendarEntry",
    "CalendarYear",
    "CoSigner",
    "Commitment",
    "ConfigurationVersion",
    "Contact",
    "Deadline",
    "DeadlineFiring",
    "Delivery",
    "Document",
    "DocumentProgress",
    "ExtensionRequest",
    "FollowUp",
    "LoginThrottle",
    "Notification",
    "NotificationRead",
    "Organisation",
    "Person",
    "PlenarySession",
    "Proposal",
    "ProposalFacts",
    "ProposalSupervisor",
    "PublicThrottle",
    "PublicWindow",
    "SearchTerm",
    "Transfer",
    "Rating",
    "Reply",
    "SettingValue",
    "Unit",
    "User",
]
