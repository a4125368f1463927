#!/usr/bin/env python3
"""Turn bench/run.sh measurements into the benchmark table (stdlib only).

    report.py RESULTS.tsv OUT.md key=value...

RESULTS.tsv has columns name, run, wall_s, cpu_s (user + system), rss_kb, file; for each name
the fastest run is reported with the largest peak RSS over its runs. CPU time does not depend
on other load on the machine, so "MB per CPU-second" is the steadier figure on a busy machine.
The keys describe the machine and the run (date, cpus, cpu, mem, commit, rg, runs,
identical, pairs, failed, load, priority). The table is printed and written to OUT.md as
Markdown.
"""

import csv
import os
import sys

# The targets of issue 4.
MIN_J1_OVER_RG = 0.25
MIN_J2_OVER_J1 = 1.8
MAX_RSS_MB = 100
MAX_RSS_GROWTH = 1.2


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    rows = list(csv.DictReader(open(argv[1], encoding="utf-8"), delimiter="\t"))
    meta = dict(a.split("=", 1) for a in argv[3:])
    best = {}
    peak = {}
    for r in rows:
        name, wall, rss = r["name"], float(r["wall_s"]), int(r["rss_kb"])
        if name not in best or wall < best[name]["wall"]:
            best[name] = {"wall": wall, "cpu": float(r["cpu_s"]), "file": r["file"]}
        peak[name] = max(peak.get(name, 0), rss)
    for b in best.values():
        b["mb"] = os.path.getsize(b["file"]) / 1e6
        b["mbs"] = b["mb"] / max(b["wall"], 1e-9)

    def mbs(name):
        return best[name]["mbs"]

    def rss_mb(name):
        return peak[name] / 1024

    big = best["ukti-j1"]["mb"]
    small = best["ukti-j1-small"]["mb"]
    r_rg = mbs("ukti-j1") / mbs("rg")
    r_j2 = mbs("ukti-j2") / mbs("ukti-j1")
    r_rss = rss_mb("ukti-j1") / rss_mb("ukti-j1-small")
    ok = lambda c: "yes" if c else "**no**"

    out = []
    out.append(
        f"Benchmark of {meta.get('date', '?')} on {meta.get('cpus', '?')} CPUs "
        f"({meta.get('cpu', '?')}, {meta.get('mem', '?')} RAM); ukti {meta.get('commit', '?')}, "
        f"{meta.get('rg', 'rg')}; fastest of {meta.get('runs', '1')} run(s); load average before "
        f"the run {meta.get('load', '?')}; scheduling priority {meta.get('priority', 'default')}. "
        f"Corpus: {big:.0f} MB of JSONL (bn-news.jsonl repeated, `bench/run.sh`)."
    )
    out.append("")
    out.append("| command | corpus | wall time | throughput | CPU time | MB per CPU-s | peak RSS |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, label in [
        ("rg", "`rg -o '<7 cue verbs>'` (reference)"),
        ("ukti-j1", "`ukti extract -j 1 -q`"),
        ("ukti-j2", "`ukti extract -j 2 -q`"),
        ("ukti-j1-small", "`ukti extract -j 1 -q`"),
        ("ukti-j1-source", "`ukti extract -j 1 -q` (bn-news.jsonl, each document once)"),
    ]:
        if name not in best:
            continue
        b = best[name]
        out.append(
            f"| {label} | {b['mb']:.0f} MB | {b['wall']:.2f} s | {b['mbs']:.1f} MB/s | "
            f"{b['cpu']:.2f} s | {b['mb'] / max(b['cpu'], 1e-9):.1f} | {rss_mb(name):.1f} MB |"
        )
    out.append("")
    out.append("| check | measured | target | met |")
    out.append("| --- | ---: | ---: | :---: |")
    out.append(
        f"| 1 thread / rg scan (throughput) | {r_rg:.3f} | ≥ {MIN_J1_OVER_RG} | {ok(r_rg >= MIN_J1_OVER_RG)} |"
    )
    out.append(
        f"| 2 threads / 1 thread (throughput) | {r_j2:.2f} | ≥ {MIN_J2_OVER_J1} | {ok(r_j2 >= MIN_J2_OVER_J1)} |"
    )
    out.append(
        f"| peak RSS, {big:.0f} MB corpus, 1 thread | {rss_mb('ukti-j1'):.1f} MB | ≤ {MAX_RSS_MB} MB | "
        f"{ok(rss_mb('ukti-j1') <= MAX_RSS_MB)} |"
    )
    out.append(
        f"| peak RSS, {big:.0f} MB corpus, 2 threads | {rss_mb('ukti-j2'):.1f} MB | ≤ {MAX_RSS_MB} MB | "
        f"{ok(rss_mb('ukti-j2') <= MAX_RSS_MB)} |"
    )
    out.append(
        f"| peak RSS {big:.0f} MB / {small:.0f} MB corpus (1 thread) | {r_rss:.2f} | ≤ {MAX_RSS_GROWTH} | "
        f"{ok(r_rss <= MAX_RSS_GROWTH)} |"
    )
    out.append(
        f"| output at 1 and 2 threads byte-identical ({meta.get('pairs', '?')} pairs) | "
        f"{meta.get('identical', '?')} | yes | {ok(meta.get('identical') == 'yes')} |"
    )
    try:
        load1, cpus = float(meta.get("load", "0").split()[0]), int(meta.get("cpus", "1"))
    except ValueError:
        load1, cpus = 0.0, 1
    if load1 >= 0.5 and meta.get("priority", "default") == "default":
        out.append("")
        out.append(
            f"Warning: the machine was busy before the run (load average {load1:.2f} on {cpus} "
            "CPUs): other processes competed for the cores, so the throughputs and above all the "
            "2-thread ratio are low. Rerun on an idle machine, or with BENCH_NICE=-15."
        )
    failed = int(meta.get("failed", "0") or 0)
    if failed:
        out.append("")
        out.append(
            f"Warning: {failed} documents of the {big:.0f} MB corpus failed (reported as errors, "
            "exit code 1); see `bench/work/stderr-ukti-j1.txt`."
        )
    text = "\n".join(out) + "\n"
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
