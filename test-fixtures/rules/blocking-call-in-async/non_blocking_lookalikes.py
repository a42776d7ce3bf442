"""Not evidence of non-blocking mode: another exception, the call in the else arm or a nested function, a shadowed name, another socket handed to the loop."""
import asyncio
import socket


class BlockingIOErrorLike(Exception):
    pass


async def other_exception(sock: socket.socket):
    try:
        return sock.recv(1024)
             # ^^^^^^^^^^^^^^^ blocking-call-in-async
    except OSError:
        return b""


async def in_else(sock: socket.socket):
    try:
        pass
    except BlockingIOError:
        return None
    else:
        return sock.recv(1024)
             # ^^^^^^^^^^^^^^^ blocking-call-in-async


async def nested_function(sock: socket.socket):
    try:
        def read():
            return sock.recv(1024)
                 # ^^^^^^^^^^^^^^^ blocking-call-in-async
        return read()
    except BlockingIOError:
        return b""


async def shadowed(sock: socket.socket):
    BlockingIOError = BlockingIOErrorLike
    try:
        return sock.recv(1024)
             # ^^^^^^^^^^^^^^^ blocking-call-in-async
    except BlockingIOError:
        return b""


async def other_socket_to_the_loop(sock: socket.socket, other: socket.socket, packet: bytes, address):
    # Only the socket handed to the loop is known to be non-blocking.
    loop = asyncio.get_running_loop()
    sock.sendto(packet, address)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    return await loop.sock_recv(other, 74)
