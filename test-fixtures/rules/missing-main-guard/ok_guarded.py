"""Process-starting code under the __main__ guard, and threads at module level."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

io_pool = ThreadPoolExecutor(max_workers=4)


def square(x):
    return x * x


def main():
    with ProcessPoolExecutor() as executor:
        return list(executor.map(square, range(10)))


if __name__ == "__main__":
    main()
    with multiprocessing.Pool() as pool:
        pool.map(square, range(3))
