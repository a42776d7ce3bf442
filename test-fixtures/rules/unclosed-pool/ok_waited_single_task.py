"""An executor made for one task whose result is waited for in the same expression: the task is done and the unreferenced executor's idle workers exit when it is collected."""
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def init_everything():
    return 42


def run_once_on_a_thread():
    # A one-shot command that needs the work off this thread (it starts its own event loop there).
    value = ThreadPoolExecutor(1).submit(init_everything).result()
    print(value)


def run_once_in_a_process():
    return ProcessPoolExecutor(max_workers=1).submit(init_everything).result(timeout=60)
