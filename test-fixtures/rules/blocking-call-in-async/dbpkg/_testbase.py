"""The package's test base: test code by its name."""
from . import dbtools
from . import pgcluster


async def make_cluster(path):
    cluster = pgcluster.Cluster(path)
    await cluster.connect_to_cluster()
    return await dbtools.ping_database(path)
