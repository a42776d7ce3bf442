"""Once-per-key work: the result is kept in long-lived storage that the function checks first."""
import functools
import subprocess
from functools import lru_cache
from aiohttp import web

_templates = {}
_git = None


def read_template(name):
    if name in _templates:
        return _templates[name]
    with open(f"/srv/{name}.html") as f:
        text = f.read()
    _templates[name] = text
    return text


@functools.cache
def load_config(path):
    with open(path) as f:
        return f.read()


@lru_cache(maxsize=32)
def revision(repo):
    return subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"])


class Settings:
    def __init__(self):
        self._raw = None

    def raw(self):
        if self._raw is None:
            with open("/etc/app.json") as f:
                self._raw = f.read()
        return self._raw


async def handle(request: web.Request, name, settings):
    global _git
    if _git is None:
        _git = subprocess.run(["git", "--version"]).returncode == 0
    return read_template(name), load_config("/etc/app.ini"), revision("."), settings.raw()


async def handle_settings(request: web.Request):
    return Settings().raw()
