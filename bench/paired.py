"""Paired comparison of two sides measured in the same rounds (bench scripts).

Each round gives one value per side, measured back to back, so the round's ratio cancels what the whole machine did in
that round (other processes, CPU boost, a noisy neighbour). The estimate is the median of the rounds' ratios; its 95 %
interval comes from resampling the rounds (percentile bootstrap, fixed seed: the same data give the same line).

    python3 bench/paired.py <higher|lower> <label> <a1,a2,...> <b1,b2,...>

`higher` when a larger value is better (req/s), `lower` when a smaller one is (CPU per request). Prints one Markdown
line: the median ratio a/b, its interval, how many rounds a won, and the verdict: better or worse when the whole interval
is on one side of 1.00, level when it holds 1.00 (no difference these rounds can detect).
"""

import random
import statistics
import sys

RESAMPLES = 10_000
SEED = 20261205
MIN_ROUNDS = 5  # below this a resampled median takes too few distinct values to bound anything


def interval(ratios, resamples=RESAMPLES, seed=SEED):
    rng = random.Random(seed)
    n = len(ratios)
    medians = sorted(statistics.median(rng.choices(ratios, k=n)) for _ in range(resamples))
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def verdict(low, high, better_when):
    if low <= 1.0 <= high:
        return "level: the interval holds 1.00, so these rounds show no difference"
    above = low > 1.0
    better = above if better_when == "higher" else not above
    return "better" if better else "worse"


def main(argv):
    if len(argv) != 5 or argv[1] not in ("higher", "lower"):
        print("usage: paired.py <higher|lower> <label> <a1,a2,...> <b1,b2,...>", file=sys.stderr)
        return 2
    better_when, label = argv[1], argv[2]
    try:
        a = [float(x) for x in argv[3].split(",") if x]
        b = [float(x) for x in argv[4].split(",") if x]
    except ValueError as e:
        print(f"paired.py: not a number list: {e}", file=sys.stderr)
        return 2
    if len(a) != len(b) or not a or any(v <= 0 for v in a + b):
        print(f"paired.py: need the same number of positive values per side, got {len(a)} and {len(b)}", file=sys.stderr)
        return 2
    ratios = [x / y for x, y in zip(a, b)]
    if len(ratios) < MIN_ROUNDS:
        print(f"{label}: median of the {len(ratios)} rounds' ratios {statistics.median(ratios):.3f}; "
              f"no interval and no verdict from fewer than {MIN_ROUNDS} rounds")
        return 0
    low, high = interval(ratios)
    wins = sum(1 for r in ratios if (r > 1.0 if better_when == "higher" else r < 1.0))
    print(f"{label}: median of the {len(ratios)} rounds' ratios **{statistics.median(ratios):.3f}**, "
          f"95 % interval {low:.3f}–{high:.3f}, better in {wins} of {len(ratios)} rounds → **{verdict(low, high, better_when)}**")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
