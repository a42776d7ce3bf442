"""Object state that is the program's own structure: routes and middlewares that a
public method registers, columns written out in the code, a bounded window, and
state the class never fills. Nested loops over them stay quiet."""
import collections


class Router:
    def __init__(self):
        self.routes = []
        self.middlewares = []

    def add_route(self, route):
        # Registration: the program adds its own parts.
        self.routes.append(route)

    def use(self, middleware):
        self.middlewares.append(middleware)

    async def describe(self):
        out = []
        for route in self.routes:
            for middleware in self.middlewares:
                out.append((route, middleware))
                if route == middleware:
                    break
        return out


class Table:
    columns = ["id", "name", "price"]

    def __init__(self):
        self.keys = ("id",)

    async def key_columns(self):
        hits = []
        for c in self.columns:
            for k in self.keys:
                if c == k:
                    hits.append(c)
        return hits


class Handed:
    def __init__(self, items):
        # Whatever the constructor is given: not traced, so quiet.
        self.items = items

    async def pairs(self):
        n = 0
        for a in self.items:
            for b in self.items:
                n += a == b
        return n
