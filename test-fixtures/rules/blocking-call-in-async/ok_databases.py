"""Databases left alone: async clients, offloaded calls, calls that do no I/O, sync code."""
import asyncio
import sqlite3

import aiosqlite
import boto3
import psycopg
import pymongo
import redis
import redis.asyncio
from redis.asyncio import Redis as AsyncRedis


async def async_clients(dsn, path):
    r = redis.asyncio.Redis()
    await r.get("k")
    ar = AsyncRedis.from_url("redis://")
    await ar.set("k", 1)
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        await conn.execute("select 1")
    async with aiosqlite.connect(path) as db:
        await db.execute("select 1")


async def offloaded(path):
    return await asyncio.to_thread(lambda: sqlite3.connect(path).execute("select 1").fetchall())


async def no_io(uri):
    # Making a Redis or MongoClient object does not connect; neither does a pipeline that is not executed.
    r = redis.Redis()
    pipe = r.pipeline()
    client = pymongo.MongoClient(uri)
    users = client.app.users
    s3 = boto3.client("s3")
    paginator = s3.get_paginator("list_objects_v2")
    return pipe, users, paginator


def sync_query(path):
    conn = sqlite3.connect(path)
    return conn.execute("select 1").fetchall(), redis.Redis().get("k")
