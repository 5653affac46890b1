#!/usr/bin/env python3
"""Write the seed corpus of fuzz_update from the conformance vectors.

Every raw UPDATE of ../shared/conformance (session .ci files and decoding
vectors) becomes one seed per negotiated context the target tries: the first
byte is fuzz_ctx()'s selector (bit 0: 2-octet AS, bit 1: ADD-PATH, bit 2:
eBGP), the rest is the UPDATE body.  Hand-written seeds for the RELIABILITY.md
§2.2 cases live beside them (named u-*) and are not rewritten.

    tools/seed-corpus.py [SHARED_DIR]
"""
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, '..', 'shared')
out = os.path.join(root, 'ctest', 'fuzz', 'corpus', 'fuzz_update')
os.makedirs(out, exist_ok=True)

MARKER = 'F' * 32


def updates():
    vectors = os.path.join(shared, 'conformance')
    for kind in ('encoding', 'api'):
        base = os.path.join(vectors, kind)
        for name in sorted(os.listdir(base)):
            ci = os.path.join(base, name, name + '.ci')
            if not os.path.isfile(ci):
                continue
            for number, line in enumerate(open(ci), 1):
                line = line.strip()
                parts = line.split(':', 2)
                if '#' in line or len(parts) != 3 or parts[1] != 'raw':
                    continue
                hexa = parts[2].replace(':', '').replace(' ', '').upper()
                if not hexa.startswith(MARKER):
                    hexa = MARKER + hexa
                message = bytes.fromhex(hexa)
                if len(message) > 19 and message[18] == 2:
                    yield f'{name}-{number}', message[19:]
    for name in sorted(os.listdir(os.path.join(vectors, 'decoding'))):
        vector = json.load(open(os.path.join(vectors, 'decoding', name)))
        if vector['type'] != 'update':
            continue
        data = bytes.fromhex(vector['packet'])
        yield name[:-5], data[19:] if vector['has_header'] else data


count = 0
for name, body in updates():
    for selector, tag in ((0, 'as4'), (1, 'as2')):
        with open(os.path.join(out, f'{name}-{tag}'), 'wb') as handle:
            handle.write(bytes([selector]) + body)
        count += 1
print(f'{count} seeds in {out}')
