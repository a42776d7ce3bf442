"""A throwaway Postgres for tests (like asyncpg.cluster): only the test base imports
it, so its async methods are not the product's path."""
import subprocess


class Cluster:
    def __init__(self, data_dir):
        self.data_dir = data_dir

    def status(self):
        return subprocess.run(["pg_ctl", "status", "-D", self.data_dir], check=False).returncode

    async def connect_to_cluster(self):
        if self.status() != 0:
            raise RuntimeError("not running")
        return self.data_dir
