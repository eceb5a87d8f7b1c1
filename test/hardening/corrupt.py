#!/usr/bin/python3
"""test/hardening/corrupt.py: damaged copies of a one-column binary COPY file, for the check
that deal's binary input refuses them cleanly.

    corrupt.py IN.copy OUTDIR N SEED

Reads PostgreSQL's binary COPY format (signature, flags, header extension, then per row a
16-bit field count and per field a 32-bit length and that many bytes) and writes N files
OUTDIR/0.copy ... each holding one row of IN with its value damaged: one payload byte
flipped (xor a random non-zero byte), or the payload cut short, or lengthened by a random
byte, the field's length word kept consistent so that COPY's own framing still holds and the
damage reaches the type's receive function.  Prints what each file holds, one line a file.
"""
import random
import struct
import sys


def rows(data):
    """The field payloads of a one-column binary COPY file, in order (None for NULL)."""
    assert data[:11] == b"PGCOPY\n\xff\r\n\x00", "not a binary COPY file"
    pos = 11 + 4
    (ext,) = struct.unpack(">i", data[pos:pos + 4])
    pos += 4 + ext
    out = []
    while True:
        (n,) = struct.unpack(">h", data[pos:pos + 2])
        pos += 2
        if n == -1:
            return out
        assert n == 1, "one column expected"
        (length,) = struct.unpack(">i", data[pos:pos + 4])
        pos += 4
        if length < 0:
            out.append(None)
            continue
        out.append(data[pos:pos + length])
        pos += length


def main():
    src, outdir, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    values = [v for v in rows(open(src, "rb").read()) if v]
    header = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
    for i in range(n):
        v = bytearray(rng.choice(values))
        how = rng.random()
        if how < 0.7:
            at = rng.randrange(len(v))
            v[at] ^= rng.randrange(1, 256)
            what = "byte %d of %d flipped" % (at, len(v))
        elif how < 0.9:
            cut = rng.randrange(len(v))
            v = v[:cut]
            what = "cut to %d bytes" % cut
        else:
            v.append(rng.randrange(256))
            what = "one byte added, %d" % len(v)
        with open("%s/%d.copy" % (outdir, i), "wb") as f:
            f.write(header + struct.pack(">hi", 1, len(v)) + bytes(v) + struct.pack(">h", -1))
        print(what)


main()
