"""Synchronous helpers; the files that call them from async code are flagged, not these."""
import json


def read_settings(path):
    with open(path) as f:
        return json.load(f)


def load_config(name):
    return read_settings(f"/etc/{name}.json")


def describe(name):
    return f"config {name}"
