"""Address lookups that can wait on DNS: a host name, or a host that comes from the caller."""
import socket


def bind_all(port, address=None, flags=None):
    if address == "":
        address = None
    if flags is None:
        flags = socket.AI_PASSIVE
    found = socket.getaddrinfo(address, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, flags)
    #       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    return [entry[4] for entry in found]


async def serve_named():
    return bind_all(8080, "example.com")


async def serve_on(host):
    # The host is whatever the caller passes: possibly a name.
    return bind_all(8080, address=host)


async def serve_passive(port):
    # The host is left out, but the default it falls back to is a name.
    return bind_named(port)


def bind_named(port, address="localhost"):
    return bind_all(port, address)


async def lookup(host):
    return socket.getaddrinfo(host, 443)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def lookup_flagged(host, flags):
    return socket.getaddrinfo(host, 443, flags=flags)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def lookup_numeric_port(host):
    # AI_NUMERICSERV covers the port: the host is still looked up.
    return socket.getaddrinfo(host, "443", flags=socket.AI_NUMERICSERV)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def lookup_cleared(host, flags):
    # Clearing the flag is not setting it.
    return socket.getaddrinfo(host, 443, flags=flags & ~socket.AI_NUMERICHOST)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
