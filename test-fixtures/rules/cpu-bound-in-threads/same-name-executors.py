# loopwise-test-fix: Use ProcessPoolExecutor instead of ThreadPoolExecutor
"""Two functions each bind their own `executor`: the swap fix for one looks at its own tasks only."""
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def count_primes(limit):
    found = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


def monthly_totals(limits):
    with ThreadPoolExecutor(max_workers=4) as executor:
        return list(executor.map(count_primes, limits))
        #                        ^^^^^^^^^^^^ cpu-bound-in-threads


def scaled(values, factor):
    with ProcessPoolExecutor() as executor:
        return list(executor.map(lambda v: v * factor, values))
        #                        ^^^^^^^^^^^^^^^^^^^^ unpicklable-task (error)
