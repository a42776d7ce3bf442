"""Calls made in non-blocking mode: the code catches the would-block error and waits for readiness."""
import asyncio
import socket
import ssl
from ssl import SSLWantReadError


async def receive(sock: socket.socket, loop: asyncio.AbstractEventLoop):
    sock.setblocking(False)
    while True:
        try:
            return sock.recv(65536)
        except BlockingIOError:
            fut = loop.create_future()
            loop.add_reader(sock, fut.set_result, None)
            await fut


async def connect_unix(path: str):
    raw = socket.socket(socket.AF_UNIX)
    raw.setblocking(False)
    try:
        raw.connect(path)
    except (BlockingIOError, InterruptedError) as exc:
        await asyncio.sleep(0)
        raise exc
    return raw


async def accept(listener: socket.socket):
    try:
        client, _ = listener.accept()
    except BlockingIOError as exc:
        raise RuntimeError("not ready") from exc
    return client


async def tls_io(sock: socket.socket):
    # A non-blocking TLS socket raises ssl's want-read / want-write errors.
    try:
        return sock.recv(1024)
    except SSLWantReadError:
        await asyncio.sleep(0)
    try:
        return sock.send(b"x")
    except ssl.SSLWantWriteError:
        await asyncio.sleep(0)


def send_some(sock: socket.socket, data: bytes) -> int:
    try:
        return sock.send(data)
    except BlockingIOError:
        return 0


async def flush(sock: socket.socket, data: bytes):
    # Through a sync helper: the root call is the one in the try.
    return send_some(sock, data)


async def discover(sock: socket.socket, packet: bytes, address):
    # The loop's sock_* methods take only non-blocking sockets: so is this one.
    loop = asyncio.get_running_loop()
    sock.sendto(packet, address)
    return await loop.sock_recv(sock, 74)
