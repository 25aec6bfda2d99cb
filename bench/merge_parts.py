"""Merge real-time parts run on their own (bench/out/rt*.json) into bench/out/results.json, add notes, and
re-render the docs section. Used when the orchestrator's own real-time parts could not run in the session.

    python bench/merge_parts.py bench/out/rt100k.json bench/out/rt1m.json --splink-part bench/out/srt100k.json \
        --note "..."
"""

from __future__ import annotations

import argparse
import json
import os

from report import HERE, render, write_section

ap = argparse.ArgumentParser()
ap.add_argument("parts", nargs="*")
ap.add_argument("--note", action="append", default=[])
ap.add_argument("--drop-splink-realtime", action="store_true")
ap.add_argument("--splink-part", action="append", default=[], help="a splink_realtime part's output")
a = ap.parse_args()
path = os.path.join(HERE, "out", "results.json")
results = json.load(open(path))
realtime = [x for x in results.get("realtime", []) if "error" not in x]
for part in a.parts:
    text = open(part).read().strip()
    if text:
        realtime.append(json.loads(text.splitlines()[-1]))
results["realtime"] = sorted(realtime, key=lambda x: x["size"])
if a.drop_splink_realtime:
    results["splink_realtime"] = [x for x in results.get("splink_realtime", []) if "error" not in x]
for part in a.splink_part:
    text = open(part).read().strip()
    if text:
        results.setdefault("splink_realtime", []).append(json.loads(text.splitlines()[-1]))
results["notes"] = results.get("notes", []) + a.note
json.dump(results, open(path, "w"), indent=1)
table = render(results)
print(table)
write_section(os.path.join(HERE, "..", "docs", "benchmarks.md"), table)
