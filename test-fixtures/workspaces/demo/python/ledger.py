"""A toy ledger that moves money between accounts on several threads."""
import threading

balance = 0
audit_lock = threading.Lock()
ledger_lock = threading.Lock()


def deposit(amount: int) -> None:
    global balance
    for _ in range(amount):
        balance += 1


def transfer_in() -> None:
    with ledger_lock:
        with audit_lock:
            print("in", balance)


def audit() -> None:
    with audit_lock:
        with ledger_lock:
            print("audit", balance)


def main() -> None:
    threads = [threading.Thread(target=deposit, args=(100_000,)) for _ in range(4)]
    threads += [threading.Thread(target=transfer_in), threading.Thread(target=audit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("final balance", balance)


if __name__ == "__main__":
    main()
