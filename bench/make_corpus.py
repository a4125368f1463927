#!/usr/bin/env python3
"""Build a benchmark corpus by repeating a JSONL news file (stdlib only).

    make_corpus.py SOURCE.jsonl OUT.jsonl MEGABYTES

Copy N (N = 0, 1, 2, ...) of every document gets the id `<id>-r<N>` and its text rotated by
N positions: paragraphs (split on "\\n\\n") when the document has more than one, otherwise
sentences (split after "।"). The output stops at the first document boundary at or past
MEGABYTES x 10^6 bytes. Deterministic: the same inputs give the same file. The file is
written under a temporary name and renamed into place, so an interrupted run leaves no
half-written corpus. Such a file is for speed and memory measurements only.
"""

import json
import os
import re
import sys

SENTENCE = re.compile(r"[^।]*।|[^।]+$")


def units(text):
    """The rotatable units of a text and the separator that joins them back."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) > 1:
        return paras, "\n\n"
    sents = [s.strip() for s in SENTENCE.findall(text)]
    sents = [s for s in sents if s]
    return sents, " "


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    src, out, mb = argv[1], argv[2], float(argv[3])
    target = int(mb * 1_000_000)
    docs = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            parts, sep = units(d.get("text", ""))
            docs.append((d, parts, sep))
    if not docs:
        sys.stderr.write(f"{src}: no documents\n")
        return 1
    tmp = out + ".tmp"
    written = 0
    copies = 0
    ndocs = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        while written < target:
            for d, parts, sep in docs:
                k = copies % len(parts) if parts else 0
                text = sep.join(parts[k:] + parts[:k]) if parts else d.get("text", "")
                rec = dict(d)
                rec["id"] = f"{d['id']}-r{copies}"
                rec["text"] = text
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                ndocs += 1
                if written >= target:
                    break
            copies += 1
    os.replace(tmp, out)
    print(f"{out}: {ndocs} documents, {copies} copies, {written / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
