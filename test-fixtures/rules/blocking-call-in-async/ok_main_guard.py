"""A script's own run is not the hot path: an async function that only the
`if __name__ == "__main__":` block starts runs once, and so does what it calls."""
import asyncio
import json
import time


def load_settings(path):
    with open(path) as f:
        return json.load(f)


async def main(path):
    settings = load_settings(path)
    time.sleep(0.1)
    return settings


if __name__ == "__main__":
    asyncio.run(main("settings.json"))
