"""The ledgers beside a benchmark chain's year of sales at head office (tests/bench/
test_head_office_report_bench.py), as the stores' uploads and head office's costing leave them:
each sale line's stock movement, a weekly goods receipt of 400 lines per store (with freight, a
posted bill and, for most, its payment), every movement costed, the stock levels they add up
to, and each store's daily Z report. Written straight in, in time order as uploads bring them
(the movements' block-range index needs it)."""

from __future__ import annotations

LEDGERS = """
INSERT INTO store_locations (location_id, store_code, node_id, registered_at)
SELECT md5('loc' || s)::uuid, 'S' || lpad((s + 1)::text, 2, '0'), md5('node' || s)::uuid,
    %(start)s
FROM generate_series(0, 19) s;
INSERT INTO master_records (entity, key, payload, change_seq)
SELECT 'supplier', md5('supplier' || k)::uuid::text,
    jsonb_build_object('code', 'SUP' || k, 'name', 'Supplier ' || k), k + 1
FROM generate_series(0, 4) k;
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    supplier_id, created_by, business_at, completed_at)
SELECT md5('gr' || s || ':' || w)::uuid, md5('node' || s)::uuid,
    'S' || lpad((s + 1)::text, 2, '0'), 'goods_receipt', 'GR-BO-' || lpad((w + 1)::text, 6, '0'),
    'received', md5('loc' || s)::uuid, md5('supplier' || (s + w) %% 5)::uuid, 'Bench',
    %(start)s + make_interval(days => w * 7, hours => 7),
    %(start)s + make_interval(days => w * 7, hours => 7)
FROM generate_series(0, 19) s, generate_series(0, 51) w;
INSERT INTO stock_document_lines (id, document_id, line_no, product_id, quantity_milli,
    unit_cost_minor)
SELECT md5('grl' || s || ':' || w || ':' || i)::uuid, md5('gr' || s || ':' || w)::uuid, i + 1,
    md5('p' || (w * 397 + i * 50 + s * 13) %% %(products)s)::uuid, 60000, 600
FROM generate_series(0, 19) s, generate_series(0, 51) w, generate_series(0, 399) i;
INSERT INTO receipt_charges (id, node_id, store_code, document_id, description, amount_minor,
    basis, created_by, created_at)
SELECT md5('fr' || d.id)::uuid, d.node_id, d.store_code, d.id, 'Freight', 12000, 'value',
    'Bench', d.business_at
FROM stock_documents d WHERE d.doc_type = 'goods_receipt';
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    supplier_id, created_by, business_at, version, due_at, total_minor)
SELECT md5('sb' || d.id)::uuid, d.node_id, d.store_code, 'supplier_bill',
    'SB-BO-' || substr(d.number, 7), 'posted', d.location_id, d.supplier_id, 'Bench',
    d.business_at + interval '2 days', 2, d.business_at + interval '32 days', 15840000
FROM stock_documents d WHERE d.doc_type = 'goods_receipt';
INSERT INTO supplier_payments (id, node_id, store_code, number, supplier_id, account,
    amount_minor, paid_at, created_by)
SELECT md5('pay' || b.id)::uuid, b.node_id, b.store_code, 'PAY-BO-' || substr(b.number, 7),
    b.supplier_id, 'Bank',
    CASE WHEN b.business_at < %(start)s + interval '280 days' THEN b.total_minor
         ELSE b.total_minor / 2 END,
    b.business_at + interval '35 days', 'Bench'
FROM stock_documents b
WHERE b.doc_type = 'supplier_bill' AND b.business_at < %(start)s + interval '320 days';
INSERT INTO payment_allocations (payment_id, bill_id, amount_minor)
SELECT p.id, b.id, p.amount_minor FROM stock_documents b
JOIN supplier_payments p ON p.id = md5('pay' || b.id)::uuid
WHERE b.doc_type = 'supplier_bill';
INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id, quantity_milli,
    reason, document_id, created_at, business_at, document_line_id)
SELECT id, node_id, store_code, product_id, location_id, quantity_milli, reason, document_id,
    created_at, business_at, document_line_id FROM (
    SELECT l.id, s.node_id, s.store_code, l.product_id, s.location_id,
        -l.quantity_milli AS quantity_milli, 'SALE' AS reason, s.id AS document_id,
        s.created_at, NULL::timestamptz AS business_at, NULL::uuid AS document_line_id,
        s.created_at AS placed
    FROM sales s JOIN sale_lines l ON l.sale_id = s.id
    UNION ALL
    SELECT l.id, d.node_id, d.store_code, l.product_id, d.location_id, l.quantity_milli,
        'RECEIPT', d.id, d.business_at, d.business_at, l.id, d.business_at
    FROM stock_documents d JOIN stock_document_lines l ON l.document_id = d.id
) m ORDER BY m.placed;
INSERT INTO movement_costs (movement_id, store_code, product_id, value_minor, true_up_minor)
SELECT id, store_code, product_id, quantity_milli * 600 / 1000, 0 FROM stock_movements;
INSERT INTO stock_levels (product_id, location_id, on_hand_milli)
SELECT product_id, location_id, sum(quantity_milli) FROM stock_movements
GROUP BY product_id, location_id;
INSERT INTO journal (id, node_id, store_code, terminal_code, kind, payload, created_at)
SELECT md5('z' || s || ':' || d)::uuid, md5('node' || s)::uuid,
    'S' || lpad((s + 1)::text, 2, '0'), 'T01', 'z_report',
    jsonb_build_object(
        'at', to_jsonb(%(start)s + make_interval(days => d, hours => 21)),
        'opened_at', to_jsonb(%(start)s + make_interval(days => d, hours => 8)),
        'opened_by', 'Cashier ' || s, 'z_number', d + 1,
        'cash', jsonb_build_object('float', 10000, 'tendered', 250000, 'account_payments', 0,
            'cash_in', 0, 'cash_out', 0, 'drops', 100000, 'expected', 160000,
            'counted', 160000 - d %% 7, 'over_short', -(d %% 7))),
    %(start)s + make_interval(days => d, hours => 21)
FROM generate_series(0, 364) d, generate_series(0, 19) s ORDER BY d, s;
"""
