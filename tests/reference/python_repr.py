#!/usr/bin/env python3
"""Records what Python writes for floats, as the oracle of the engine's number texts.

    python3 tests/reference/python_repr.py > tests/reference/python-repr.json

- "double": [bits as 16 hex digits, repr(float)] for doubles of every magnitude
  (seeded random bit patterns, powers of two, subnormals, the decade edges where repr
  switches to exponent form, and values that are the float32 data and losses the
  exports write).
- "float32": [bits as 8 hex digits, the fewest-digits '%g' text that Python reads back,
  via float() and a float32 conversion as torch.tensor does, as exactly that float32].
"""
import json
import random
import struct
import sys


def double_of(bits):
    return struct.unpack('<d', struct.pack('<Q', bits))[0]


def float32_of(bits):
    return struct.unpack('<f', struct.pack('<I', bits))[0]


def as_float32(x):
    return struct.unpack('<f', struct.pack('<f', x))[0]


def float32_literal(v):
    for prec in range(1, 10):
        s = '%.*g' % (prec, v)
        if as_float32(float(s)) == v:
            return s
    raise AssertionError(v)


def main():
    rng = random.Random(20261202)
    doubles = set()
    while len(doubles) < 600:  # any finite, nonzero double
        b = rng.getrandbits(64)
        if (b >> 52) & 0x7FF != 0x7FF and b & ~(1 << 63):
            doubles.add(b)
    for e in range(-1074, 1024, 7):  # powers of two: the lopsided rounding intervals
        doubles.add(struct.unpack('<Q', struct.pack('<d', 2.0 ** e))[0])
    for x in [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e16, 9999999999999998.0,
              1e-4, 9.999999999999999e-05, 0.1, 0.3, 1 / 3, 2 / 3, 123.456, 1e22, 1e23]:
        doubles.add(struct.unpack('<Q', struct.pack('<d', x))[0])
    for _ in range(300):  # float32 values widened, as the losses are
        doubles.add(struct.unpack('<Q', struct.pack('<d', as_float32(rng.uniform(0, 3))))[0])
    floats = set()
    while len(floats) < 700:
        b = rng.getrandbits(32)
        if (b >> 23) & 0xFF != 0xFF and b & 0x7FFFFFFF:
            floats.add(b)
    for e in range(-149, 128, 3):
        floats.add(struct.unpack('<I', struct.pack('<f', 2.0 ** e))[0])
    for _ in range(300):  # data-like values: inputs and targets of the datasets
        floats.add(struct.unpack('<I', struct.pack('<f', rng.gauss(0, 1.5)))[0])
    out = {
        'python': sys.version.split()[0],
        'double': [['%016x' % b, repr(double_of(b))] for b in sorted(doubles)],
        'float32': [['%08x' % b, float32_literal(float32_of(b))] for b in sorted(floats)],
    }
    sys.stdout.write('{"python": %s,\n' % json.dumps(out['python']))
    for key in ('double', 'float32'):
        rows = ',\n'.join('  ' + json.dumps(r) for r in out[key])
        sys.stdout.write('"%s": [\n%s\n]%s\n' % (key, rows, ',' if key == 'double' else '}'))


if __name__ == '__main__':
    main()
