"""Databases and services through their sync clients, called from async code."""
import sqlite3
from typing import Optional

import boto3
import psycopg
import psycopg2
import pymongo
import pymysql
import redis
from pymongo.collection import Collection
from redis import Redis as RedisClient


async def sqlite(path):
    conn = sqlite3.connect(path)
    #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    conn.execute("select 1")
  # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    cur = conn.cursor()
    cur.execute("select 2")
  # ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    rows = cur.fetchall()
    #      ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    conn.commit()
    return rows


async def sqlite_annotated(conn: sqlite3.Connection):
    return conn.execute("select 1").fetchone()
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    #      ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def postgres(dsn):
    pg = psycopg2.connect(dsn)
    #    ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    cur = pg.cursor()
    cur.execute("select 1")
  # ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    pg.commit()
  # ^^^^^^^^^^^ blocking-call-in-async (related)
    with psycopg.connect(dsn) as conn:
    #    ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        conn.execute("select 1")
        with conn.cursor() as c:
            c.execute("select 2")
            return c.fetchone()


async def postgres_annotated(conn: psycopg.Connection):
    conn.commit()
  # ^^^^^^^^^^^^^ blocking-call-in-async


async def mysql(host):
    conn = pymysql.connect(host=host)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    with conn.cursor() as cur:
        cur.execute("select 1")
      # ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        return cur.fetchall()
        #      ^^^^^^^^^^^^^^ blocking-call-in-async (related)


class Cache:
    def __init__(self, url):
        self.r = redis.Redis.from_url(url)

    async def cached_value(self, key):
        return self.r.get(key)
        #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def redis_calls(key):
    r = RedisClient()
    r.set(key, 1)
  # ^^^^^^^^^^^^^ blocking-call-in-async
    r.hgetall(key)
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    pipe = r.pipeline()
    pipe.incr(key)
    pipe.execute()
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def redis_annotated(r: redis.Redis, key):
    return r.get(key)
    #      ^^^^^^^^^^ blocking-call-in-async


async def mongo(uri, doc):
    client = pymongo.MongoClient(uri)
    client.app.users.insert_one(doc)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    db = client["app"]
    db["users"].find_one({"_id": 1})
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    users = client.get_database("app").get_collection("users")
    return users.count_documents({})
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def mongo_annotated(users: Collection, maybe: Optional[Collection]):
    users.delete_many({})
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    maybe.update_one({}, {"$set": {"x": 1}})
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def aws(bucket):
    s3 = boto3.client("s3")
    s3.put_object(Bucket=bucket, Key="k", Body=b"")
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    session = boto3.Session()
    session.client("sqs").send_message(QueueUrl="q", MessageBody="m")
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def through_helper(path):
    return count_rows(path)


def count_rows(path):
    return sqlite3.connect(path).execute("select count(*) from t").fetchone()
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
