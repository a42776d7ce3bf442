"""Nested scans where both iterables grow with data from outside the program."""
import json


async def join_rows(db, body):
    rows = await db.fetch("select * from orders")
    wanted = json.loads(body)
    out = []
    for row in rows:
  # ^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for item in wanted:
            if row["id"] == item["id"]:
                out.append(row)
    return out


def matching_pairs(orders, refunds):
    # A public function's parameters: a caller passes data from outside for both.
    out = []
    for order in orders:
  # ^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for refund in refunds:
            if order["id"] == refund["order"]:
                out.append((order, refund))
    return out


async def reconcile(db, body):
    orders = await db.fetch("select * from orders")
    return matching_pairs(orders, json.loads(body))
