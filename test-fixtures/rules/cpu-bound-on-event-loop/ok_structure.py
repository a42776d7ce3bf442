"""Nests whose iterables are sized by the program's own structure, not by its input."""

H3_ALPN = ["h3", "h3-29"]


class Config:
    def __init__(self):
        self.quic_bind = []

    async def response_headers(self, protocol):
        # A constant list x the configured addresses: both fixed by the program.
        headers = []
        for version in H3_ALPN:
            for bind in self.quic_bind:
                headers.append((version, bind))
        return headers


async def find_handler(request, blueprints):
    # `[code, None]` is written out: two iterations per blueprint.
    for name in blueprints:
        for code in [request.code, None]:
            if (name, code) == request.key:
                return name
    return None


async def _private(rows, columns):
    # A private function's parameters are not traced to data from outside.
    total = 0
    for row in rows:
        for column in columns:
            total += row[column]
    return total


async def drain(queue):
    # Ends when get_nowait raises QueueEmpty: a drain loop, not an endless one.
    item = None
    try:
        while True:
            item = queue.get_nowait()
    except Exception:
        return item


PREFERRED_PROTOCOL = "s"


def eligible_ports(hostmap, *, allowed_protocols=None):
    # A public function's parameter is what its callers pass: every call here hands
    # `allowed_protocols` a literal, or leaves it to a default set written out below,
    # so the inner loop is program-sized and the work is linear in the hosts.
    if allowed_protocols is None:
        allowed_protocols = {PREFERRED_PROTOCOL}
    out = []
    for host, ports in hostmap.items():
        for protocol in allowed_protocols:
            port = ports.get(protocol)
            if port:
                out.append((host, port))
    return out


async def pick_servers(client):
    hostmap = await client.fetch_peers()
    return eligible_ports(hostmap, allowed_protocols=("t", "s"))


async def pick_default(client):
    return eligible_ports(await client.fetch_peers())
