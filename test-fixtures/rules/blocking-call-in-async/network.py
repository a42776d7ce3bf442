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
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    urllib3.request("GET", url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    pool = urllib3.PoolManager()
    pool.request("GET", url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    pool.urlopen("GET", url)


async def requests_calls(url):
    requests.get(url, timeout=5)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    requests.post(url, json={})
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    session = requests.Session()
    session.get(url)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    with HttpSession() as s:
        s.put(url)
      # ^^^^^^^^^^ blocking-call-in-async (related)


async def httpx_calls(url):
    httpx.get(url)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    client = httpx.Client()
    client.post(url)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    with httpx.Client() as c:
        c.stream("GET", url)
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    client.close()
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def httpx_annotated(client: httpx.Client, maybe: Optional[httpx.Client], other: httpx.Client | None, url):
    client.request("GET", url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    maybe.get(url)
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    other.send(client.build_request("GET", url))
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def httpx_annotated_local(make, url):
    client: httpx.Client = make()
    client.get(url)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async


async def http_client(host):
    conn = http.client.HTTPSConnection(host)
    conn.request("GET", "/")
  # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    response = conn.getresponse()
    #          ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return response.read()
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def sockets(host):
    sock = socket.create_connection((host, 80))
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    sock.sendall(b"ping")
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    data = sock.recv(1024)
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    server = socket.socket()
    server.accept()
  # ^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return socket.gethostbyname(host), socket.getaddrinfo(host, 80)


async def mail(host, msg):
    smtp = smtplib.SMTP(host)
    #      ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    smtp.login("u", "p")
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    smtp.send_message(msg)
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    ftp = ftplib.FTP(host)
    #     ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    ftp.retrbinary("RETR x", print)
    tn = telnetlib.Telnet(host)
    tn.read_until(b"login: ")


async def through_helper(url):
    return download(url)


def download(url):
    return requests.get(url).content
    #      ^^^^^^^^^^^^^^^^^ blocking-call-in-async
