#!/usr/bin/env python3
"""Applies FIELD-RENAMES.txt to code written against the flat ClusterModel, guided by the compiler.

Run from the repository root, repeatedly, until it reports 0 edits: every `Property 'x' does not exist on type 'ClusterModel'`
that tsc reports is rewritten to its new path at the exact line and column. Left for a person (tsc points at each):
`model.image` used as a string (now `model.image.reference`; `image` still exists, so tsc reports a type mismatch instead),
`grafanaDashboard`/`alerts` (now under the optional `monitoring`: write `model.monitoring?.grafanaDashboard`), indexed types
such as `ClusterModel['restApi']` (now `ClusterModel['endpoints']['restApi']`), destructuring, and object literals that
build a model (`applyIdleTimeouts`).
"""
import collections, re, subprocess

renames = {}
for line in open('FIELD-RENAMES.txt'):
    old, new = (part.strip() for part in line.split('->'))
    if '.' not in old and old != new and old != 'image':
        renames[old] = new
output = subprocess.run(['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'], capture_output=True, text=True).stdout
error = re.compile(r"^(\S+)\((\d+),(\d+)\): error TS\d+: Property '(\w+)' does not exist on type '(?:Readonly<)?ClusterModel>?'", re.M)
edits = collections.defaultdict(set)
for match in error.finditer(output):
    path, line, column, prop = match.groups()
    if prop in renames:
        edits[path].add((int(line), int(column), prop))
count = 0
for path, places in edits.items():
    lines = open(path).read().split('\n')
    for line, column, prop in sorted(places, reverse=True):
        text = lines[line - 1]
        if text[column - 1:column - 1 + len(prop)] != prop:
            print(f'skipped {path}:{line}:{column} ({prop}): not a property access')
            continue
        lines[line - 1] = text[:column - 1] + renames[prop] + text[column - 1 + len(prop):]
        count += 1
    open(path, 'w').write('\n'.join(lines))
print('edits', count)
