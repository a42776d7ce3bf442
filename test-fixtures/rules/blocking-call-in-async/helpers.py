"""Synchronous helpers. A blocking call here is reported here, once, naming the async callers in other files."""
import json


def read_settings(path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        return json.load(f)


def load_config(name):
    return read_settings(f"/etc/{name}.json")


def describe(name):
    return f"config {name}"
