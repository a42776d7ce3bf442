"""A batch command run once (`asyncio.run(main(pairs))` from a CLI command): its loops
over the configured pairs and collections, and a storage's class-level discovery of
the folders of its configured root, walk configuration, not data arriving from
outside. The status file of each collection is read and written once per collection."""
import asyncio
import json
import os


def load_sync_status(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def save_sync_status(path, status):
    with open(path, "w") as f:
        json.dump(status, f)
    os.chmod(path, 0o600)


async def prepare_collections(pair_name, collections, config):
    for collection in collections or config.get(pair_name, ()):
        yield collection, config


async def sync_one(collection, config):
    status_file = os.path.join(config["status_path"], collection)
    status = load_sync_status(status_file)
    save_sync_status(status_file, status)


class FolderStorage:
    def __init__(self, path):
        self.path = path

    @classmethod
    async def discover(cls, path, **kwargs):
        # Class-level: finds the collections to make storages for, once per configured storage.
        for name in os.listdir(path):
            folder = os.path.join(path, name)
            if not os.path.isdir(folder):
                continue
            yield dict(collection=name, path=folder, **kwargs)


def sync_command(ctx, pairs):
    async def main(collection_names):
        for pair_name, collections in collection_names:
            collections = prepare_collections(pair_name, collections, ctx.config)
            await asyncio.gather(*[sync_one(collection, config) async for collection, config in collections])
        async for found in FolderStorage.discover(ctx.config["root"]):
            print(found)

    asyncio.run(main(pairs))
