"""The awaited function rejects an item by raising an error that a try around the loop catches: the first rejection ends the loop."""


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
