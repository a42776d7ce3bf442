"""Not evidence of non-blocking mode: another exception, the call in the else arm or a nested function, a shadowed name."""
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
