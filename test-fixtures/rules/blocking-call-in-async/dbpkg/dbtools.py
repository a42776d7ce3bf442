"""Imported by the test base and by the product (service.py): not test-only."""
import subprocess


async def ping_database(path):
    return subprocess.run(["pg_isready", "-d", path], check=False).returncode
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
