"""Threads share the module; per-process caches and initializers are private on purpose."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

RESULTS = {}
_model = None
_cache = {}


def remember(item):
    RESULTS[item] = item * 2
    return item


def init_worker(path):
    global _model
    _model = path


def predict(item):
    if item not in _cache:
        _cache[item] = item * 3
    return _cache[item], _model


def threads(items):
    with ThreadPoolExecutor() as ex:
        list(ex.map(remember, items))
    return RESULTS


def per_process_cache(items):
    with ProcessPoolExecutor(initializer=init_worker, initargs=("m.bin",)) as ex:
        return list(ex.map(predict, items))


def returned_not_shared(items):
    with multiprocessing.Pool() as pool:
        return dict(zip(items, pool.map(predict, items)))
