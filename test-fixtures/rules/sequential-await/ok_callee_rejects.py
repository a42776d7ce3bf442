"""The awaited function rejects an item by raising an error that a try around the loop catches: the first rejection ends the loop."""
import asyncio
from functools import partial


class Rejected(Exception):
    pass


class Unsupported(Rejected):
    pass


async def lookup(name):
    return [name]


async def resolve(question):
    if not question:
        raise Unsupported()
    if question.startswith("-"):
        raise ValueError(question)
    return await lookup(question)


async def resolve_all(questions):
    try:
        answers = []
        for question in questions:
            answers.extend(await resolve(question))
    except Rejected:
        return None
    return answers


async def resolve_builtin_error(questions):
    answers = []
    try:
        for question in questions:
            answers.append(await resolve(question))
    except (KeyError, ValueError) as e:
        return str(e)
    return answers


class NoRoute(Exception):
    pass


class Router:
    def find_route(self, amount, *, channel):
        if amount > channel:
            raise NoRoute()
        return [amount, channel]

    async def routes_for_parts(self, parts, channel):
        # The offloaded function raises what the try catches: the first part without a route ends the loop.
        try:
            routes = []
            for part in parts:
                routes.append(await asyncio.to_thread(partial(self.find_route, part, channel=channel)))
        except NoRoute:
            return None
        return routes


def parse_blob(blob):
    if not blob:
        raise ValueError("empty")
    return blob.split()


async def parse_all(blobs):
    try:
        words = []
        for blob in blobs:
            words.extend(await asyncio.to_thread(parse_blob, blob))
    except ValueError:
        return []
    return words
