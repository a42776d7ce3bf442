"""re patterns left alone: linear, anchored, constant text, not compiling, not mapped."""
import re

SAMPLE = "aaaaaaaa"
WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


async def linear(text):
    return WORD.match(text) or re.split(r",\s*", text) or re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", text)


async def anchored(text):
    # re.match starts at one position: a*: cannot move across the text.
    return re.match(r"a*:", text)


async def constant():
    return re.search(r"a*:", "aaaa") or re.search(r"a*:", SAMPLE)


async def broken(text):
    return re.search(r"(a+", text)


async def verbose(text):
    # Verbose mode does not map to JavaScript syntax: skipped (counted in the debug log).
    return re.search(r"a*  :  # colon", text, re.X) or re.search(r"(?x) a* :", text)


def strip_trailing(text):
    # A helper's parameter is not traced back to its callers: no evidence of input.
    return re.sub(r"\s+$", "", text)


async def handler(payload):
    return strip_trailing(payload)


async def route_params(name):
    # A route template from the program's own table, not a read: no evidence of input.
    fmt = ROUTES[name]
    return re.findall(r"{(.*?)}", fmt)


ROUTES = {"user": "/users/{id}"}
