"""Number crunching for the monthly report, with every pool mistake in the book."""
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import Pool


# loopwise-profile-args: [[60000], [60000], [60000], [60000]]
def count_primes(limit: int) -> int:
    """Profile me: CPU-bound, so threads do not help under the GIL."""
    count = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    return count


def monthly_totals(limits: list[int]) -> list[int]:
    with ThreadPoolExecutor(max_workers=4) as executor:
        return list(executor.map(count_primes, limits))


def squares(values: list[int]) -> list[int]:
    pool = Pool(4)
    return pool.map(abs, values)


def scaled(values: list[float], factor: float) -> list[float]:
    with ProcessPoolExecutor() as executor:
        return list(executor.map(lambda v: v * factor, values))


def checksum(values: list[int], seed: int) -> int:
    return sum(values) ^ seed


def start_checksum(values: list[int]) -> None:
    with ThreadPoolExecutor() as executor:
        executor.submit(checksum, values)


with ProcessPoolExecutor() as warmup:
    warmup.submit(count_primes, 10)
