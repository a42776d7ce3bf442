"""An engine created on every iteration: each pass starts its workers again."""
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor as PPE
from concurrent.futures import ThreadPoolExecutor

import ray
from dask.distributed import Client, LocalCluster
from joblib import Parallel, delayed


def work(x):
    return x * x


def executor_per_batch(batches):
    out = []
    for batch in batches:
        with PPE(max_workers=4) as ex:
            #^^^^^^^^^^^^^^^^^^ pool-in-loop
            out.extend(ex.map(work, batch))
    return out


def threads_per_item(urls):
    for url in urls:
        with ThreadPoolExecutor() as ex:
            #^^^^^^^^^^^^^^^^^^^^ pool-in-loop
            ex.submit(work, url)


def mp_pool_per_batch(batches):
    while batches:
        batch = batches.pop()
        with mp.Pool() as pool:
            #^^^^^^^^^ pool-in-loop
            pool.map(work, batch)


def parallel_per_batch(batches):
    return [Parallel(n_jobs=4)(delayed(work)(x) for x in batch) for batch in batches]
    #       ^^^^^^^^^^^^^^^^^^ pool-in-loop


def client_per_file(files):
    sizes = []
    for name in files:
        cluster = LocalCluster(n_workers=2)
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^ pool-in-loop
        client = Client(cluster)
        sizes.append(client.gather(client.map(work, [name])))
        client.close()
        cluster.close()
    return sizes


def client_per_item(items):
    for item in items:
        with Client() as client:
            #^^^^^^^^ pool-in-loop
            client.gather(client.map(work, item))


def remote_per_item(xs):
    refs = []
    for x in xs:
        remote_work = ray.remote(work)
        #             ^^^^^^^^^^^^^^^^ pool-in-loop
        refs.append(remote_work.remote(x))
    return ray.get(refs)


def decorated_per_item(xs):
    refs = []
    for x in xs:
        @ray.remote
        #^^^^^^^^^^ pool-in-loop
        def task(v):
            return v + 1
        refs.append(task.remote(x))
    return ray.get(refs)
