"""Loops that look independent but are not: hooks on their owner, repeated receivers, case tables."""


class Hook:
    def __init__(self, host, name):
        self.host = host
        self.name = name

    async def setup(self):
        self.host.ready.add(self.name)

    async def teardown(self):
        self.host.ready.discard(self.name)


def load_hooks(host, names):
    return [Hook(host, name) for name in names]


class Service:
    def __init__(self, names):
        self.ready = set()
        # Every hook holds the service: each one's setup sees what the previous did.
        self.hooks = load_hooks(self, names)

    async def start(self):
        for hook in self.hooks:
            await hook.setup()

    async def stop(self):
        for hook in reversed(self.hooks):
            try:
                await hook.teardown()
            except Exception:
                pass


class Base:
    def __init__(self, names):
        self.extensions = {name: Hook(self, name) for name in names}


class Derived(Base):
    async def close(self):
        # The collection is set up in the base class.
        for ext in self.extensions.values():
            await ext.teardown()


class Publisher:
    def __init__(self):
        self.listeners = []

    async def closed(self):
        # Each listener is handed the publisher itself.
        for listener in self.listeners:
            await listener.on_close(self)


async def spread(parts, shards):
    # Several parts land on the same shard: its calls must not interleave.
    for i, part in enumerate(parts):
        shard = shards[i % len(shards)]
        await shard.add(part)


async def route(jobs, workers):
    for job in jobs:
        await workers[job.worker].run(job)


class Flag:
    def __init__(self, key):
        self.key = key

    async def set(self):
        pass

    async def clear(self):
        pass

    async def is_set(self):
        return False


async def check_keys():
    # A table of literal cases, each put through set/clear/is_set in turn.
    for key in ["a", ("b", 1), ["b", 1], b"c", 7]:
        flag = Flag(key)
        await flag.set()
        await flag.clear()
        assert not await flag.is_set()


async def run_handlers(handlers, event):
    # Signals and callbacks: the callee is the loop variable or its attribute.
    results = []
    for handler in handlers:
        results.append(await handler(event))
    for receiver in handlers:
        results.append(await receiver.send(event))
    return results


class Conn:
    async def execute(self, q, *args):
        return q

    async def fetchrow(self, q, *args):
        return q


class Repository:
    def __init__(self, conn):
        self.conn = conn

    async def load(self, ids):
        # One connection: the same receiver every iteration.
        rows = []
        for i in ids:
            rows.append(await self.conn.fetchrow("select * from t where id = $1", i))
        return rows

    async def load_each(self, ids):
        # Own methods: `self` every iteration.
        rows = []
        for i in ids:
            rows.append(await self.fetch_one(i))
        return rows

    async def fetch_one(self, i):
        return i


async def in_transaction(conn, rows):
    ids = []
    for row in rows:
        ids.append(await conn.execute("insert into t values ($1)", row))
    return ids


async def write_lines(writer, lines):
    for line in lines:
        await writer.write(line)


class Help:
    def __init__(self, context):
        self.context = context

    async def runnable(self, commands):
        # Each registered command's checks, run against one shared context through a local helper:
        # the same as awaiting `cmd.can_run(self.context)` in the loop.
        async def predicate(cmd):
            try:
                return await cmd.can_run(self.context)
            except LookupError:
                return False

        ret = []
        for cmd in commands:
            valid = await predicate(cmd)
            if valid:
                ret.append(cmd)
        return ret


async def notify_one(listener, event, bus):
    return await listener.on_event(event, bus)


async def notify_all(listeners, event, bus):
    # A module-level wrapper handing each listener the shared bus.
    acks = []
    for listener in listeners:
        acks.append(await notify_one(listener, event, bus))
    return acks
