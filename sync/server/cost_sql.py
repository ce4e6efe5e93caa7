"""The SQL of head office's costing ledger (sync/server/costing.py)."""

from __future__ import annotations

from sqlalchemy import text

# A key compared the way costing orders: (business time, node, movement id).
KEY = "(coalesce(m.business_at, m.created_at), m.node_id, m.id)"

_MERGE_MARK = """
ON CONFLICT (store_code, product_id) DO UPDATE SET
    business_at = CASE WHEN (excluded.business_at, excluded.node_id, excluded.movement_id)
        < (cost_marks.business_at, cost_marks.node_id, cost_marks.movement_id)
        THEN excluded.business_at ELSE cost_marks.business_at END,
    node_id = CASE WHEN (excluded.business_at, excluded.node_id, excluded.movement_id)
        < (cost_marks.business_at, cost_marks.node_id, cost_marks.movement_id)
        THEN excluded.node_id ELSE cost_marks.node_id END,
    movement_id = CASE WHEN (excluded.business_at, excluded.node_id, excluded.movement_id)
        < (cost_marks.business_at, cost_marks.node_id, cost_marks.movement_id)
        THEN excluded.movement_id ELSE cost_marks.movement_id END,
    version = cost_marks.version + 1
"""

# The movements written since costing last looked (committed ones only: every transaction
# below the oldest one still running has ended), each product of each store marked from the
# first instant of its earliest (a mark before every movement of that instant: costing replays
# them all, which is never wrong). One scan, grouped in a hash: paging through the new movements
# in their transactions' order visited the table in no order at all, and ten million of them
# took 94 s to mark instead of 6. A few new movements are found store by store on the store
# feed's index (the stores themselves read from that index, one look each): an index of its own
# on the transactions' order cost every upload a sixth of its movements' insert. The answer is
# where the next look starts.
MARK_NEW = text(
    f"""
WITH RECURSIVE stores AS (
    SELECT min(store_code) AS code FROM stock_movements
    UNION ALL
    SELECT (SELECT min(store_code) FROM stock_movements WHERE store_code > s.code)
    FROM stores s WHERE s.code IS NOT NULL
), below AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xid),
marked AS (
    INSERT INTO cost_marks (store_code, product_id, business_at, node_id, movement_id, version)
    SELECT m.store_code, m.product_id, min(coalesce(m.business_at, m.created_at)),
        CAST(:nothing AS uuid), CAST(:nothing AS uuid), 1
    FROM stores s JOIN stock_movements m ON m.store_code = s.code
    WHERE (m.feed_xid, m.id) > (CAST(:xid AS xid8), CAST(:after AS uuid))
      AND m.feed_xid < (SELECT xid FROM below)
    GROUP BY m.store_code, m.product_id
    {_MERGE_MARK}
)
SELECT xid::text FROM below
"""
)

# The products of the receipt lines whose goods cost something else now (a bill posted for them,
# a landed cost added), each marked from its earliest such receipt.
MARK_RECEIPT_LINES = f"""
INSERT INTO cost_marks (store_code, product_id, business_at, node_id, movement_id, version)
SELECT DISTINCT ON (m.store_code, m.product_id) m.store_code, m.product_id,
    coalesce(m.business_at, m.created_at), m.node_id, m.id, 1
FROM stock_movements m
WHERE m.document_line_id = ANY(%s) AND m.reason = 'RECEIPT' AND m.quantity_milli > 0
ORDER BY m.store_code, m.product_id, coalesce(m.business_at, m.created_at), m.node_id, m.id
{_MERGE_MARK}
"""

# A worker's share of what waits: products split by their id's last byte (a product's stores
# all in one share, so a transfer's receiver is marked by the worker that costs it).
WAITING = text(
    "SELECT store_code, product_id, business_at, node_id, movement_id, version FROM cost_marks "
    "WHERE get_byte(uuid_send(product_id), 15) % :parts = :part "
    "ORDER BY business_at, node_id, movement_id LIMIT :limit"
)

# The last state saved before a key, and what a product starts from without one (the chain's
# costing method, the product's last cost), in one round trip.
STATE_BEFORE = text(
    """
SELECT s.business_at, s.node_id, s.movement_id, s.state,
       (SELECT payload->>'value' FROM master_records
        WHERE entity = 'setting' AND key = 'costing.method'),
       (SELECT (payload->>'cost')::bigint FROM master_records
        WHERE entity = 'product' AND key = CAST(:product AS text))
FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT business_at, node_id, movement_id, state FROM cost_states
    WHERE store_code = :store AND product_id = :product
      AND (business_at, node_id, movement_id) < (:at, :node, :id)
    ORDER BY business_at DESC, node_id DESC, movement_id DESC LIMIT 1
) AS s ON true
"""
)


# The node comes as text, and the movement's id as text too, as the costing order compares them
# (in byte order, "C": the order of the ids themselves): PostgreSQL writes millions of them out
# faster than Python does. Each movement comes with the cost it has now, if any: only the costs
# a replay changes are written again. `OFFSET 0` keeps that lookup a subquery of its own, so
# PostgreSQL skips it with a one-time filter where `{costed}` is false; pulled up into a join,
# it probed the costs for every movement of a product that has none.
_MOVEMENTS = """
SELECT m.id AS id, coalesce(m.business_at, m.created_at) AS at, m.node_id::text AS node,
    m.quantity_milli, m.reason,
    CASE WHEN m.reason = 'RECEIPT' THEN coalesce(
        (SELECT bl.unit_cost_minor FROM stock_document_lines bl
           JOIN stock_documents b ON b.id = bl.document_id
         WHERE bl.receipt_line_id = m.document_line_id AND b.doc_type = 'supplier_bill'
           AND b.status = 'posted'
         ORDER BY b.business_at DESC, b.number DESC LIMIT 1),
        l.unit_cost_minor) END,
    CASE WHEN m.reason = 'RETURN' THEN
        (SELECT sl.original_line_id FROM sale_lines sl WHERE sl.id = m.id) END,
    CASE WHEN m.reason = 'SUPPLIER_RETURN' THEN
        (SELECT r.id FROM stock_movements r
         WHERE r.document_line_id = l.receipt_line_id AND r.reason = 'RECEIPT' LIMIT 1) END,
    CASE WHEN m.reason = 'TRANSFER_OUT' AND m.quantity_milli > 0 THEN
        (SELECT -c.value_minor FROM stock_movements s
           JOIN movement_costs c ON c.movement_id = s.id
         WHERE s.document_line_id = m.document_line_id AND s.store_code <> m.store_code
           AND s.quantity_milli < 0 LIMIT 1) END,
    CASE WHEN m.reason = 'RECEIPT' THEN
        (SELECT sum(c.amount_minor)::bigint FROM receipt_line_charges c
         WHERE c.document_line_id = m.document_line_id) END,
    m.id::text AS id_text, k.value_minor, k.true_up_minor
FROM stock_movements m LEFT JOIN stock_document_lines l ON l.id = m.document_line_id
LEFT JOIN LATERAL (
    SELECT k.value_minor, k.true_up_minor FROM movement_costs k
    WHERE {costed} AND k.movement_id = m.id OFFSET 0
) AS k ON true
WHERE m.store_code = {store} AND m.product_id = {product} AND {key} > ({at}, {node}, {id})
  AND m.reason NOT IN ('TRANSFER', 'TRANSFER_IN') AND m.quantity_milli <> 0
ORDER BY coalesce(m.business_at, m.created_at), m.node_id, m.id LIMIT :limit
"""

# A receipt's goods cost what the supplier billed (the latest posted bill of the line), else
# the receipt's price, plus their share of the receipt's landed costs; goods sent from another
# store what the sender's cost says.
MOVEMENTS_AFTER = text(
    _MOVEMENTS.format(
        store=":store", product=":product", key=KEY, at=":at", node=":node", id=":id", costed="true"
    )
)

# Many products' saved states and first movements at once (a full costing's short histories),
# each product's answers under its place in the question (`ord`).
_ASKED = """unnest(CAST(:stores AS text[]), CAST(:products AS uuid[]),
    CAST(:ats AS timestamptz[]), CAST(:nodes AS uuid[]), CAST(:ids AS uuid[]))
    WITH ORDINALITY AS w(store, product, at, node, id, ord)"""

STATES_BEFORE = text(
    f"""
SELECT w.ord, s.business_at, s.node_id, s.movement_id, s.state,
       (SELECT payload->>'value' FROM master_records
        WHERE entity = 'setting' AND key = 'costing.method'),
       (SELECT (payload->>'cost')::bigint FROM master_records
        WHERE entity = 'product' AND key = CAST(w.product AS text))
FROM {_ASKED} LEFT JOIN LATERAL (
    SELECT business_at, node_id, movement_id, state FROM cost_states
    WHERE store_code = w.store AND product_id = w.product
      AND (business_at, node_id, movement_id) < (w.at, w.node, w.id)
    ORDER BY business_at DESC, node_id DESC, movement_id DESC LIMIT 1
) AS s ON true
ORDER BY w.ord
"""
)

# A product's movements are looked up in the costs only when it has any: a chain's first
# costing looks for none.
FIRST_MOVEMENTS = text(
    f"""
SELECT w.ord, x.* FROM {_ASKED} CROSS JOIN LATERAL (
    SELECT EXISTS (SELECT 1 FROM movement_costs c
                   WHERE c.store_code = w.store AND c.product_id = w.product) AS costed
) AS h CROSS JOIN LATERAL ("""
    + _MOVEMENTS.format(
        store="w.store",
        product="w.product",
        key=KEY,
        at="w.at",
        node="w.node",
        id="w.id",
        costed="h.costed",
    )
    + """) AS x
ORDER BY w.ord, x.at, x.node COLLATE "C", x.id_text COLLATE "C"
"""
)

KNOWN = text(
    "SELECT abs(m.quantity_milli), abs(c.value_minor) FROM movement_costs c "
    "JOIN stock_movements m ON m.id = c.movement_id WHERE c.movement_id = :id"
)
PLACED = text(
    "SELECT store_code, product_id, coalesce(business_at, created_at), node_id "
    "FROM stock_movements WHERE id = :id"
)


# Several products' states at once (a batch's short histories, each where it ended).
WRITE_STATES = text(
    "INSERT INTO cost_states SELECT * FROM unnest(CAST(:stores AS text[]), "
    "CAST(:products AS uuid[]), CAST(:ats AS timestamptz[]), CAST(:nodes AS uuid[]), "
    "CAST(:ids AS uuid[]), CAST(:states AS jsonb[])) "
    "ON CONFLICT (store_code, product_id, business_at, node_id, movement_id) "
    "DO UPDATE SET state = excluded.state"
)
WRITE_STATE = text(
    "INSERT INTO cost_states VALUES (:store, :product, :at, :node, :id, CAST(:state AS jsonb)) "
    "ON CONFLICT (store_code, product_id, business_at, node_id, movement_id) "
    "DO UPDATE SET state = excluded.state"
)

# Receiving stores marked where goods this store sent changed cost (the CTEs all read the costs
# as they were before the statement; `sent_ids` are the movements costed as transfers out),
# then the costs written: `{costed}` is what yields each (movement, store, product, value,
# true-up).
_RECEIVERS_AND_COSTS = (
    """
receivers AS (
    INSERT INTO cost_marks (store_code, product_id, business_at, node_id, movement_id, version)
    SELECT r.store_code, r.product_id, coalesce(r.business_at, r.created_at), r.node_id, r.id, 1
    FROM unnest(CAST(:sent_ids AS uuid[]), CAST(:sent_values AS bigint[])) AS n(id, value)
    JOIN stock_movements s ON s.id = n.id AND s.reason = 'TRANSFER_OUT' AND s.quantity_milli < 0
    LEFT JOIN movement_costs o ON o.movement_id = n.id
    JOIN stock_movements r ON r.document_line_id = s.document_line_id
        AND r.store_code <> s.store_code AND r.quantity_milli > 0
    WHERE o.value_minor IS DISTINCT FROM n.value
    """
    + _MERGE_MARK
    + """
), written AS (
    INSERT INTO movement_costs (movement_id, store_code, product_id, value_minor, true_up_minor)
    {costed}
    ON CONFLICT (movement_id) DO UPDATE
    SET value_minor = excluded.value_minor, true_up_minor = excluded.true_up_minor
)"""
)

_ONE_PRODUCTS_COSTS = """
    SELECT n.id, CAST(:store AS text), CAST(:product AS uuid), n.value, n.true_up
    FROM unnest(CAST(:ids AS uuid[]), CAST(:values AS bigint[]), CAST(:true_ups AS bigint[]))
        AS n(id, value, true_up)"""
# Each cost under its step's place among the steps: the store and the product are the step's,
# not sent again for every movement.
_STEPS_COSTS = """
    SELECT n.id, w.store, w.product, n.value, n.true_up
    FROM unnest(CAST(:ids AS uuid[]), CAST(:values AS bigint[]), CAST(:true_ups AS bigint[]),
        CAST(:step_of AS bigint[])) AS n(id, value, true_up, step)
    JOIN steps w ON w.ord = n.step"""

# A step in one statement (one round trip): the states it replaces forgotten (first step),
# receivers marked and costs written, the mark cleared or moved on unless more was marked
# meanwhile (its version rose).
SAVE_STEP = text(
    f"""
WITH forget AS (
    DELETE FROM cost_states WHERE CAST(:first AS boolean) AND store_code = :store
      AND product_id = :product AND (business_at, node_id, movement_id) > (:at, :node, :id)
), {_RECEIVERS_AND_COSTS.format(costed=_ONE_PRODUCTS_COSTS)}, cleared AS (
    DELETE FROM cost_marks WHERE CAST(:done AS boolean) AND store_code = :store
      AND product_id = :product AND version = :version
)
UPDATE cost_marks SET business_at = :resume_at, node_id = :resume_node, movement_id = :resume_id
WHERE NOT CAST(:done AS boolean) AND store_code = :store AND product_id = :product
  AND version = :version
"""
)

# Many products' whole recostings (one step each) in one statement: their replaced states
# forgotten, receivers marked, costs written, marks cleared unless more was marked meanwhile.
SAVE_ALL = text(
    f"""
WITH steps AS (
    SELECT * FROM unnest(CAST(:stores AS text[]), CAST(:products AS uuid[]),
        CAST(:ats AS timestamptz[]), CAST(:nodes AS uuid[]), CAST(:step_ids AS uuid[]),
        CAST(:versions AS bigint[]))
        WITH ORDINALITY AS w(store, product, at, node, id, version, ord)
), forget AS (
    DELETE FROM cost_states c USING steps w
    WHERE c.store_code = w.store AND c.product_id = w.product
      AND (c.business_at, c.node_id, c.movement_id) > (w.at, w.node, w.id)
), {_RECEIVERS_AND_COSTS.format(costed=_STEPS_COSTS)}
DELETE FROM cost_marks c USING steps w
WHERE c.store_code = w.store AND c.product_id = w.product AND c.version = w.version
"""
)
