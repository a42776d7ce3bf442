"""Network: HTTP clients, sockets, DNS and mail/FTP/Telnet, called from async code."""
import ftplib
import http.client
import smtplib
import socket
import telnetlib
import urllib.request
from typing import Optional
from urllib.request import urlopen as fetch_url

import httpx
import requests
import urllib3
from requests import Session as HttpSession


async def urllib_calls(url):
    urllib.request.urlopen(url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    fetch_url(url)
    urllib3.request("GET", url)
    pool = urllib3.PoolManager()
    pool.request("GET", url)
    pool.urlopen("GET", url)


async def requests_calls(url):
    requests.get(url, timeout=5)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    requests.post(url, json={})
    session = requests.Session()
    session.get(url)
    with HttpSession() as s:
        s.put(url)


async def httpx_calls(url):
    httpx.get(url)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    client = httpx.Client()
    client.post(url)
    with httpx.Client() as c:
        c.stream("GET", url)
    client.close()


async def httpx_annotated(client: httpx.Client, maybe: Optional[httpx.Client], other: httpx.Client | None, url):
    client.request("GET", url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    maybe.get(url)
    other.send(client.build_request("GET", url))


async def httpx_annotated_local(make, url):
    client: httpx.Client = make()
    client.get(url)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async


async def http_client(host):
    conn = http.client.HTTPSConnection(host)
    conn.request("GET", "/")
  # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    response = conn.getresponse()
    return response.read()


async def sockets(host):
    sock = socket.create_connection((host, 80))
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    sock.sendall(b"ping")
    data = sock.recv(1024)
    server = socket.socket()
    server.accept()
    return socket.gethostbyname(host), socket.getaddrinfo(host, 80)


async def mail(host, msg):
    smtp = smtplib.SMTP(host)
    #      ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    smtp.login("u", "p")
    smtp.send_message(msg)
    ftp = ftplib.FTP(host)
    ftp.retrbinary("RETR x", print)
    tn = telnetlib.Telnet(host)
    tn.read_until(b"login: ")


async def through_helper(url):
    return download(url)


def download(url):
    return requests.get(url).content
    #      ^^^^^^^^^^^^^^^^^ blocking-call-in-async
