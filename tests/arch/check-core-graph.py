#!/usr/bin/env python3
"""Checks the core's architecture on the built objects (docs/architecture.md).

- A file of a layer uses only symbols defined in its own folder or in the
  layers below it: domain ← store ← {sync, forms}, domain ← scan.
- No cycle between the files of the core: if a.c calls b.c, b.c does not
  call (through any chain) back into a.c.

Reads the symbol tables with nm, so it sees calls, not only includes.
Usage: check-core-graph.py BUILD_DIR
"""
import collections
import glob
import os
import subprocess
import sys

BELOW = {
    'domain': {'domain'},
    'store': {'store', 'domain'},
    'scan': {'scan', 'domain'},
    'sync': {'sync', 'store', 'domain'},
    'forms': {'forms', 'store', 'domain'},
}


def main(build_dir):
    objs = sorted(glob.glob(os.path.join(build_dir, 'src/core/*/libmc-*.a.p/*.c.o')))
    if len(objs) < 40:
        print(f'found only {len(objs)} core objects under {build_dir}: is it built?')
        return 1
    defs, uses, layer = {}, collections.defaultdict(set), {}
    for o in objs:
        name = os.path.basename(o)[:-len('.c.o')]
        layer[name] = os.path.basename(os.path.dirname(os.path.dirname(o)))
        out = subprocess.run(['nm', o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in 'TDRB':
                defs[p[2]] = name
            elif len(p) == 2 and p[0] == 'U':
                uses[name].add(p[1])

    bad = 0
    graph = collections.defaultdict(set)
    for f, symbols in uses.items():
        for s in sorted(symbols):
            g = defs.get(s)
            if g is None or g == f:
                continue
            graph[f].add(g)
            if layer[g] not in BELOW[layer[f]]:
                print(f'{layer[f]}/{f}.c uses {s} of {layer[g]}/{g}.c: a layer above it')
                bad += 1

    # Tarjan's strongly connected components: any with two files is a cycle.
    index, low, stack, on, counter = {}, {}, [], set(), [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                nonlocal_bad.append(comp)

    nonlocal_bad = []
    sys.setrecursionlimit(10000)
    for v in sorted(layer):
        if v not in index:
            visit(v)
    for comp in nonlocal_bad:
        print('cycle between: ' + ', '.join(f'{layer[c]}/{c}.c' for c in sorted(comp)))
        bad += 1

    print(f'{len(objs)} core files, {sum(len(v) for v in graph.values())} file-to-file calls, {bad} problem(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
