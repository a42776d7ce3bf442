"""A script that starts processes at module level."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def main():
    with multiprocessing.Pool() as pool:
        print(pool.map(square, range(10)))


with ProcessPoolExecutor() as executor:
#    ^^^^^^^^^^^^^^^^^^^^^ missing-main-guard
    print(list(executor.map(square, range(10))))

p = multiprocessing.Process(target=square, args=(3,))
p.start()
#<^^^^^^^ missing-main-guard
p.join()

main()
#<^^^^ missing-main-guard
