"""Async callers of scoring.overlap: the finding is at the loop in scoring.py, these calls are its related information."""
from scoring import overlap


async def compare(request):
    body = await request.json()
    return overlap(body["left"], body["right"])


async def compare_again(request):
    body = await request.json()
    return overlap(body["right"], body["left"])
