"""Address lookups that look no name up: no host, a numeric address, or AI_NUMERICHOST.

getaddrinfo() only waits on DNS when it is given a host name. These calls hand it
None, an IP address literal or the AI_NUMERICHOST flag, directly or through the
parameters of the helpers that reach it, so it returns at once.
"""
import socket


def bind_all(port, address=None, flags=None):
    if address == "":
        address = None
    if flags is None:
        flags = socket.AI_PASSIVE
    found = socket.getaddrinfo(address, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, flags)
    return [entry[4] for entry in found]


class Server:
    def __init__(self):
        self.addresses = []

    def listen(self, port, address=None, flags=None):
        self.addresses.extend(bind_all(port, address=address, flags=flags))


async def serve_everywhere(server: Server):
    # No host: the wildcard addresses, like tornado's `app.listen(8888)` in `async def main()`.
    server.listen(8080)
    server.listen(8081, "")


async def serve_loopback(server: Server):
    server.listen(8080, "127.0.0.1")
    server.listen(8081, address="::1")


async def serve_numeric(server: Server, host):
    # Whatever the host is, AI_NUMERICHOST refuses to look it up.
    server.listen(8080, host, flags=socket.AI_PASSIVE | socket.AI_NUMERICHOST)


async def own_addresses():
    return socket.getaddrinfo(None, 443)


async def parse_address(host):
    return socket.getaddrinfo(host, 443, 0, 0, 0, socket.AI_NUMERICHOST)


async def parse_address_imported(host):
    from socket import AI_NUMERICHOST
    return socket.getaddrinfo(host, 443, flags=AI_NUMERICHOST)
