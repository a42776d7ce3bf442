"""Independent awaits in a loop: they could run concurrently."""


async def fetch(url):
    return url


async def crawl(urls):
    pages = []
    for url in urls:
        pages.append(await fetch(url))
        #            ^^^^^^^^^^^^^^^^ sequential-await
    return pages


async def refresh(users):
    for user in users:
        await user.reload()
      # ^^^^^^^^^^^^^^^^^^^ sequential-await


class Conn:
    def __init__(self, address):
        self.address = address

    async def close(self):
        pass

    async def query(self, q):
        return q


class Pool:
    def __init__(self, addresses):
        # Made without the pool: closing them is independent work.
        self.conns = [Conn(address) for address in addresses]
        self.shards = [Conn(self) for _ in addresses]

    async def close(self):
        for conn in self.conns:
            await conn.close()
          # ^^^^^^^^^^^^^^^^^^ sequential-await

    async def ask(self, q):
        # The shards hold the pool, but a query's result is what is wanted.
        answers = []
        for shard in self.shards:
            answers.append(await shard.query(q))
            #              ^^^^^^^^^^^^^^^^^^^^ sequential-await
        return answers


async def load(parts, shards):
    # The index is the loop variable: a different shard each time.
    for i, part in enumerate(parts):
        shard = shards[i]
        await shard.query(part)
      # ^^^^^^^^^^^^^^^^^^^^^^^ sequential-await


async def drop_tables(db_names):
    # A literal list with one await per item is still a batch of work.
    for name in ("users", "orders"):
        await drop(name)
      # ^^^^^^^^^^^^^^^^ sequential-await


async def ping_both(a, b):
    # A literal list of objects, not of constants.
    for w in [a, b]:
        await w.ping()
      # ^^^^^^^^^^^^^^ sequential-await
        await w.ping()


async def drop(name):
    return name
