"""A synchronous helper in its own module: reported here, once, for the async callers in scoring_api.py."""


def overlap(left, right):
    hits = 0
    for a in left:
  # ^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for b in right:
            if a == b:
                hits += 1
    return hits
