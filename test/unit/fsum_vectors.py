#!/usr/bin/python3
"""Write test/unit/fsum_vectors.txt: random vectors of doubles and Python's math.fsum of each.

test_exact_sum.c checks that exact_sum gives, bit for bit, what math.fsum gives (the
correctly rounded sum).  Each line is the expected sum, then the count, then the doubles, all
in C99 hex notation (float.hex), which strtod reads exactly.  Magnitudes stay under 2^1017 and
vectors under 64 terms, so no partial sum of fsum's overflows (fsum raises for that, where
exact_sum does not).  Deterministic: the same seed always writes the same file.

    test/unit/fsum_vectors.py > test/unit/fsum_vectors.txt
"""
import math
import random
import struct
import sys

rng = random.Random(20240611)


def any_double(lo_exp=1, hi_exp=2040):
    """A finite double with random bits, biased exponent in [lo_exp, hi_exp] (0: subnormal)."""
    bits = (rng.getrandbits(1) << 63) | (rng.randint(lo_exp, hi_exp) << 52) | rng.getrandbits(52)
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def scaled(lo, hi):
    """A random mantissa, a random sign, a power of two between 2^lo and 2^hi."""
    return rng.choice((-1, 1)) * rng.random() * 2.0 ** rng.randint(lo, hi)


def uniform(n):
    return [rng.random() for _ in range(n)]


def decimals(n):
    return [round(rng.uniform(0.1, 1.0), 1) for _ in range(n)]


def wide(n):
    return [scaled(-60, 60) for _ in range(n)]


def anything(n):
    return [any_double() for _ in range(n)]


def huge_and_small(n):
    """Weights from 2^880 up mixed with ordinary ones: exact_sum's huge list."""
    return [scaled(880, 1010) if rng.random() < 0.5 else scaled(-40, 40) for _ in range(n)]


def subnormal(n):
    return [any_double(0, 3) for _ in range(n)]


def cancelling(n):
    """Values and most of their negatives, and a few small ones: the sum is what is left."""
    xs = [scaled(-30, 300) for _ in range(n // 2)]
    xs += [-x for x in xs if rng.random() < 0.8]
    xs += [scaled(-80, -20) for _ in range(rng.randint(0, 3))]
    rng.shuffle(xs)
    return xs[:63]


def ties(n):
    """A big value, half an ulp of it, and something tiny either side: round half to even."""
    big = rng.choice((1.0, 3.0, 2.0 ** 53, 2.0 ** 53 + 2, 1e16, 123456789.0)) * rng.choice((1, -1))
    half = math.ulp(big) / 2 * rng.choice((1, -1))
    tiny = math.ulp(big) * 2.0 ** -rng.randint(10, 60) * rng.choice((1, -1, 0))
    xs = [big, half, tiny] + [scaled(-200, -100) for _ in range(rng.randint(0, 2))]
    rng.shuffle(xs)
    return xs


KINDS = [uniform, decimals, wide, anything, huge_and_small, subnormal, cancelling, ties]


def main():
    out = sys.stdout
    for i in range(264):
        kind = KINDS[i % len(KINDS)]
        xs = kind(rng.randint(1, 40))
        out.write(" ".join([math.fsum(xs).hex(), str(len(xs))] + [x.hex() for x in xs]) + "\n")
    # one long vector of decimals (naive addition drifts from the exact sum)
    xs = decimals(1000)
    out.write(" ".join([math.fsum(xs).hex(), str(len(xs))] + [x.hex() for x in xs]) + "\n")


main()
