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
