"""Left alone: one connection, session or cursor every iteration, and extension points."""


class Repo:
    def __init__(self, conn):
        self.conn = conn

    async def rows_for(self, ids):
        out = []
        for i in ids:
            out.append(await self.conn.fetchrow("SELECT $1", i))
        return out


async def with_session(session, urls):
    out = []
    for url in urls:
        out.append(await session.get(url))
    return out


async def create_enums(runner, columns):
    made = []
    for column in columns:
        made.append(await create_enum(runner, column))
    return made


async def create_enum(runner, column):
    return await runner.execute(column)


async def traces_of(traces, method, url):
    sent = []
    for trace in traces:
        sent.append(await trace.send_request_start(method, url))
    return sent


async def setup_plugins(plugins, app):
    names = []
    for plugin in plugins:
        names.append(await plugin.setup(app))
    return names
