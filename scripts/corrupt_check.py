#!/usr/bin/env python3
"""Robustness check (issue 5): corrupt 5% of the lines of a JSONL corpus and check that ukti
writes every good document's pairs exactly as a clean run does, and lists every corrupted line
in `<output>.errors.csv`.

usage: scripts/corrupt_check.py [CORPUS.jsonl] [--ukti target/release/ukti] [--rate 0.05]

Corruptions, chosen per line with a fixed seed: the JSON cut in the middle (truncated), invalid
UTF-8 bytes inside the text (decoded lossily: the document is still processed and reported as a
warning), and a line replaced with binary noise (NUL bytes). Exit status 0 when every check
holds.
"""
import argparse, csv, os, random, subprocess, sys, tempfile

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="../shared/corpus/bn-news.jsonl")
    ap.add_argument("--ukti", default="target/release/ukti")
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    lines = open(a.corpus, "rb").read().splitlines(keepends=True)
    out = tempfile.mkdtemp(prefix="ukti-corrupt-")
    clean_in, bad_in = os.path.join(out, "clean.jsonl"), os.path.join(out, "bad.jsonl")
    corrupted = {}  # line number (1-based) -> kind
    with open(clean_in, "wb") as c, open(bad_in, "wb") as b:
        for i, line in enumerate(lines, 1):
            c.write(line)
            if rng.random() >= a.rate:
                b.write(line)
                continue
            kind = rng.choice(["truncated", "utf8", "binary"])
            body = line.rstrip(b"\n")
            if kind == "truncated":
                body = body[: max(1, len(body) // 2)]
            elif kind == "utf8":
                at = body.find(b'"text"') + 12
                body = body[:at] + b"\xff\xfe\xc3" + body[at:]
            else:
                body = bytes(rng.randrange(256) for _ in range(200)).replace(b"\n", b" ") + b"\x00"
            corrupted[i] = kind
            b.write(body + b"\n")
    def run(inp, name):
        dst = os.path.join(out, name)
        r = subprocess.run([a.ukti, "extract", "-q", inp, "-o", dst], capture_output=True)
        return r.returncode, dst
    rc_clean, clean_csv = run(clean_in, "clean.csv")
    rc_bad, bad_csv = run(bad_in, "bad.csv")
    rows = lambda p: list(csv.DictReader(open(p, encoding="utf-8")))
    clean, bad = rows(clean_csv), rows(bad_csv)
    errors = rows(bad_csv + ".errors.csv") if os.path.exists(bad_csv + ".errors.csv") else []
    # ids of the documents whose line was corrupted (unknown for lines that no longer parse)
    import json
    bad_ids = set()
    for i in corrupted:
        try:
            bad_ids.add(json.loads(lines[i - 1])["id"])
        except Exception:
            pass
    good_clean = [r for r in clean if r["doc_id"] not in bad_ids]
    good_bad = [r for r in bad if r["doc_id"] not in bad_ids]
    listed = {int(e["source"].rsplit(":", 1)[1]) for e in errors if ":" in e["source"]}
    missing = sorted(set(corrupted) - listed)
    kinds = {k: sum(1 for v in corrupted.values() if v == k) for k in ("truncated", "utf8", "binary")}
    print(f"lines {len(lines)}, corrupted {len(corrupted)} {kinds}")
    print(f"clean run: exit {rc_clean}, {len(clean)} pairs; corrupted run: exit {rc_bad}, {len(bad)} pairs, {len(errors)} error-file rows")
    ok = True
    if good_clean != good_bad:
        print(f"FAIL: pairs of good documents differ ({len(good_clean)} clean vs {len(good_bad)})")
        ok = False
    else:
        print(f"ok: the {len(good_bad)} pairs of the good documents are identical to the clean run")
    if missing:
        print(f"FAIL: {len(missing)} corrupted lines not in the error file, e.g. {missing[:5]}")
        ok = False
    else:
        print("ok: every corrupted line is listed in the error file")
    if rc_clean != 0 or rc_bad != 1:
        print(f"FAIL: exit codes {rc_clean} (clean, want 0) and {rc_bad} (corrupted, want 1)")
        ok = False
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
