"""Collections held in object state that the class fills from outside data: a
message per call of an async handler, the rows of an awaited query, the items of
parsed JSON. Scanning them pairwise grows with the data."""
import json


class Inbox:
    def __init__(self):
        self.messages = []

    async def on_message(self, message):
        # An event-loop handler: one item per message received.
        self.messages.append(message)
        return self.duplicates()

    def duplicates(self):
        found = []
        for a in self.messages:
      # ^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
            for b in self.messages:
                if a is not b and a == b:
                    found.append(a)
        return found


class Catalogue:
    def __init__(self, db):
        self.db = db
        self.rows = []
        self.wanted = {}

    async def refresh(self, body):
        self.rows = await self.db.fetch("select * from products")
        for item in json.loads(body):
            self.wanted[item["id"]] = item

    async def matches(self):
        hits = []
        for row in self.rows:
      # ^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
            for key in self.wanted:
                if row["id"] == key:
                    hits.append(row)
        return hits
