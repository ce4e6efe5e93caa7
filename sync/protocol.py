"""The versioned wire format shared by the sync client and server.

Every request carries PROTOCOL_HEADER and CLIENT_HEADER. A client older than
OLDEST_PROTOCOL gets 426 and keeps its queue until it is upgraded.
"""

from typing import Final

# Bumped on any incompatible change.
PROTOCOL_VERSION: Final = 1
OLDEST_PROTOCOL: Final = 1

PROTOCOL_HEADER: Final = "X-Posapp-Protocol"
CLIENT_HEADER: Final = "X-Posapp-Client"
# The node's own clock (UTC, ISO 8601) when it sent the request: head office compares it with
# its own, because costing orders a store's movements by the time each node recorded (DESIGN §3).
CLOCK_HEADER: Final = "X-Posapp-Clock"
CLOCK_SKEW_FLAGGED_SECONDS: Final = 300
# The store's time zone (an IANA name) as the node has it: head office's reports count a store's
# days by it, as the node's own do. Optional: a node that does not send it is counted in UTC.
ZONE_HEADER: Final = "X-Posapp-Zone"

ENROL_PATH: Final = "/sync/v1/enrol"
BATCHES_PATH: Final = "/sync/v1/batches"
CHANGES_PATH: Final = "/sync/v1/changes"
# The movements a store's other nodes made, for each node of the store (sync/server/store_feed).
STORE_FEED_PATH: Final = "/sync/v1/store-movements"
REINCARNATE_PATH: Final = "/sync/v1/reincarnate"
FLAGS_PATH: Final = "/sync/v1/flags"
# A person signed in at a node with their password receives their author key here.
AUTHOR_KEY_PATH: Final = "/sync/v1/author-key"

MAX_BATCH_EVENTS: Final = 1000
MAX_BODY_BYTES: Final = 32 * 1024 * 1024
MAX_CHANGES_PAGE: Final = 5000
MAX_STORE_PAGE: Final = 5000

# Master data that flows down from head office, by entity and what keys it.
MASTER_ENTITIES: Final = (
    "product",
    "role",
    "user",
    "setting",
    "customer",
    "price_list",
    "supplier",
    "promotion",
    "purchase_order",  # raised at head office for one store
)
# The shape of the master records head office sends. Raise it with a change that nodes must
# apply to every record again: the server then starts a new epoch and every node refetches.
MASTER_FORMAT: Final = 1
# Outbox events that carry master-data edits up: "master.<entity>", aggregate = the record key.
MASTER_EVENT_PREFIX: Final = "master."
# Journal events that are not documents: "journal.<kind>", aggregate = the journal entry id.
JOURNAL_EVENT_PREFIX: Final = "journal."
DOCUMENT_EVENTS: Final = ("sale.completed", "return.completed")

# Head office's own back office (people of the chain, not nodes): a person signs in with their
# password for a bearer token, then reads the reports of the stores their roles let them see.
OFFICE_SESSION_PATH: Final = "/office/v1/session"
OFFICE_REPORTS_PATH: Final = "/office/v1/reports"
OFFICE_STOCK_VALUE_PATH: Final = "/office/v1/stock-value"
OFFICE_DOCUMENTS_PATH: Final = "/office/v1/documents"
OFFICE_STOCK_PATH: Final = "/office/v1/stock"
OFFICE_FLAGS_PATH: Final = "/office/v1/flags"
OFFICE_PAGE_MOST: Final = 1000  # rows of a report in one answer
