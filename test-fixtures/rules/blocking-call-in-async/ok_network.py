"""Network calls left alone: async clients, offloaded calls, non-I/O methods, connections not yet made, sync code."""
import asyncio
import smtplib
import socket

import aiohttp
import httpx
import requests


async def async_clients(url):
    async with httpx.AsyncClient() as client:
        await client.get(url)
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.text()


async def offloaded(url):
    await asyncio.to_thread(requests.get, url)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: httpx.get(url))


async def no_io_methods(client: httpx.Client, url):
    request = client.build_request("GET", url)
    headers = client.headers
    prepared = requests.Request("GET", url).prepare()
    return request, headers, prepared, requests.codes.ok


async def not_connected():
    # No host: SMTP() connects only when connect() is called.
    smtp = smtplib.SMTP()
    # No name to look up.
    info = socket.getaddrinfo(None, 8080)
    # A numeric address is formatted, not looked up.
    host, port = socket.getnameinfo(("fe80::1", 80, 0, 1), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    return smtp, info, host, port


async def streams(host):
    reader, writer = await asyncio.open_connection(host, 80)
    writer.write(b"ping")
    await writer.drain()
    return await reader.read(100)


def sync_fetch(url):
    return requests.get(url).text, httpx.Client().get(url)
