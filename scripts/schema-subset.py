#!/usr/bin/env python3
"""Extract the subset of the Pulumi schema data that the PypiKit stack uses.

The full schema data (made by pulumi's extract-aws-schema.js from the npm packages @pulumi/aws and @pulumi/random) is
~5 MB; PypiKit embeds only the resources/functions it renders plus every nested input type they reach.

usage: python3 scripts/schema-subset.py <schema dir> [<tokens file>] [<out dir>]
  <schema dir>   folder holding pulumi-aws-schema.json, pulumi-aws-types.json, pulumi-random-schema.json (+ .meta.json)
  <tokens file>  one token per line (short YAML form such as aws:ecs:Service, or canonical); '#' starts a comment.
                 default: src/PypiKit.Automation/Schema/tokens.txt
  <out dir>      default: src/PypiKit.Automation/Schema
Writes schema.json (tokens -> entries, keyed by canonical token), types.json (nested input types) and meta.json.
Output is sorted and stable, so re-running on the same input gives byte-identical files.
"""
import json
import os
import re
import sys


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    schema_dir = argv[1]
    tokens_file = argv[2] if len(argv) > 2 else os.path.join(repo, "src", "PypiKit.Automation", "Schema", "tokens.txt")
    out_dir = argv[3] if len(argv) > 3 else os.path.join(repo, "src", "PypiKit.Automation", "Schema")

    def load(name):
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            return json.load(f)

    schema = {}
    schema.update(load("pulumi-aws-schema.json"))
    schema.update(load("pulumi-random-schema.json"))
    types = load("pulumi-aws-types.json")
    metas = [load("pulumi-aws-schema.meta.json"), load("pulumi-random-schema.meta.json")]
    lower = {k.lower(): k for k in schema}

    def resolve(tok):
        # pulumi-yaml resolveToken: exact, pkg:Name -> pkg:index:Name, pkg:mod:Name -> pkg:mod/name:Name (case-insensitive)
        if tok in schema:
            return tok
        if tok.lower() in lower:
            return lower[tok.lower()]
        p = tok.split(":")
        if len(p) == 2:
            p = [p[0], "index", p[1]]
        if len(p) != 3:
            return None
        return lower.get(f"{p[0]}:{p[1]}/{p[2]}:{p[2]}".lower())

    wanted = []
    with open(tokens_file, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                wanted.append(line)

    out_schema, missing = {}, []
    for tok in wanted:
        c = resolve(tok)
        if c is None:
            missing.append(tok)
        else:
            out_schema[c] = {k: v for k, v in schema[c].items() if k != "sdk"}
    if missing:
        print("unknown tokens: " + ", ".join(missing), file=sys.stderr)
        return 1

    # nested input types reachable from the chosen entries (type descriptions like "ecs.ServiceLoadBalancer[]")
    out_types, queue = {}, []

    def enqueue(desc):
        for name in re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?", desc or ""):
            if name in types and name not in out_types:
                out_types[name] = types[name]
                queue.append(name)

    for entry in out_schema.values():
        for desc in (entry.get("inputTypes") or {}).values():
            enqueue(desc)
    while queue:
        for desc in (types[queue.pop()].get("propertyTypes") or {}).values():
            enqueue(desc)

    os.makedirs(out_dir, exist_ok=True)

    def dump(name, obj):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            json.dump(obj, f, indent=1, sort_keys=True)
            f.write("\n")

    dump("schema.json", dict(sorted(out_schema.items())))
    dump("types.json", dict(sorted(out_types.items())))
    dump("meta.json", {
        "source": [{"package": m["package"], "version": m["version"]} for m in metas],
        "extractor": "extract-aws-schema.js (pulumi reference extractor over the npm packages)",
        "tokens": len(out_schema),
        "types": len(out_types),
    })
    print(f"{len(out_schema)} tokens, {len(out_types)} nested types -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
