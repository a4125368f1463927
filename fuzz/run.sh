#!/usr/bin/env bash
# Fuzz the per-document pipeline (fuzz_targets/pipeline.rs) for a given time (issue 5).
#
#     fuzz/run.sh SECONDS             # e.g. fuzz/run.sh 1800
#     FUZZ_JOBS=2 fuzz/run.sh 3600    # libFuzzer fork mode, 2 worker processes
#
# Installs cargo-fuzz when missing. Uses a nightly toolchain when one is installed
# (`cargo +nightly fuzz`), otherwise the stable one with RUSTC_BOOTSTRAP=1; libFuzzer without
# a sanitizer (ukti has no unsafe code; panics, wrong spans and hangs need none), with debug
# assertions on.
# The corpus (fuzz/corpus/pipeline, not committed) is seeded from corpus/ (the seed article and
# each document of sample.jsonl), fuzz/seeds/ (hostile literal strings) and fuzz/regressions/.
# A crash or timeout is copied to fuzz/regressions/ and the script exits with 1.
#
# Environment: FUZZ_JOBS (fork mode workers, default 1), FUZZ_MAX_LEN (bytes, default 16384),
# FUZZ_TIMEOUT (seconds for one input before it counts as a hang, default 10),
# FUZZ_SANITIZER (none or address, default none), FUZZ_TOOLCHAIN (auto, nightly or stable).
set -euo pipefail

if [[ $# -ne 1 || ! "$1" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh SECONDS" >&2
    exit 2
fi
SECONDS_TO_RUN="$1"
FUZZ="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ")"
cd "$ROOT"
TARGET=pipeline
CORPUS="$FUZZ/corpus/$TARGET"
ARTIFACTS="$FUZZ/artifacts/$TARGET"
LOG="$FUZZ/artifacts/$TARGET.log"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz
fi

# Toolchain: nightly when installed, else stable with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z
# flags). FUZZ_TOOLCHAIN=nightly|stable forces one.
toolchain="${FUZZ_TOOLCHAIN:-auto}"
if [[ "$toolchain" == auto ]]; then
    if cargo +nightly --version >/dev/null 2>&1; then toolchain=nightly; else toolchain=stable; fi
fi
if [[ "$toolchain" == nightly ]]; then
    CARGO=(cargo +nightly)
else
    export RUSTC_BOOTSTRAP=1
    CARGO=(cargo)
fi
# No sanitizer by default: ukti has no unsafe code, and the target looks for panics, wrong
# spans and hangs, which need none; without ASan it runs several times faster. Debug
# assertions (integer overflow checks included) stay on.
SANITIZER="${FUZZ_SANITIZER:-none}"
BUILD=(--fuzz-dir "$FUZZ" --sanitizer "$SANITIZER" --debug-assertions)

# --- seed corpus -----------------------------------------------------------------------------
mkdir -p "$CORPUS" "$ARTIFACTS" "$FUZZ/regressions"
python3 - "$ROOT/corpus" "$FUZZ/seeds" "$FUZZ/regressions" "$CORPUS" <<'EOF'
import hashlib, json, pathlib, sys
corpus, seeds, regressions, out = map(pathlib.Path, sys.argv[1:])
inputs = []
for p in sorted(corpus.glob("*.txt")):
    inputs.append(p.read_bytes())
for p in sorted(corpus.glob("*.jsonl")):
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            inputs.append(json.loads(line)["text"].encode("utf-8"))
for d in (seeds, regressions):
    inputs += [p.read_bytes() for p in sorted(d.iterdir()) if p.is_file() and p.name != "README.md"]
for b in inputs:
    (out / ("seed-" + hashlib.sha1(b).hexdigest())).write_bytes(b)
EOF

# --- build and run ---------------------------------------------------------------------------
echo "== building the fuzz target (${CARGO[*]} fuzz, sanitizer $SANITIZER, debug assertions)" >&2
"${CARGO[@]}" fuzz build "${BUILD[@]}" "$TARGET"

before="$(ls "$ARTIFACTS")"
flags=(
    -max_total_time="$SECONDS_TO_RUN"
    -max_len="${FUZZ_MAX_LEN:-16384}"
    -timeout="${FUZZ_TIMEOUT:-10}"
    -dict="$FUZZ/pipeline.dict"
    -print_final_stats=1
)
if [[ "${FUZZ_JOBS:-1}" -gt 1 ]]; then flags+=(-fork="$FUZZ_JOBS"); fi
echo "== fuzzing $TARGET for $SECONDS_TO_RUN s (log: $LOG)" >&2
rc=0
"${CARGO[@]}" fuzz run "${BUILD[@]}" "$TARGET" "$CORPUS" -- "${flags[@]}" \
    >"$LOG" 2>&1 || rc=$?

# --- summary ---------------------------------------------------------------------------------
# Executions: the final stats (single process) or the last status line (fork mode: "#N ...").
execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$LOG" | tail -n1 | awk '{print $2}')"
if [[ -z "$execs" ]]; then
    execs="$(grep -oE '^#[0-9]+' "$LOG" | tail -n1 | tr -d '#')"
fi
secs="$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$LOG" | tail -n1 | awk '{print $5}')"
[[ -n "$secs" ]] || secs="$SECONDS_TO_RUN"
rate="$(awk -v e="${execs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? e / s : 0) }')"
units="$(ls "$CORPUS" | wc -l)"
echo "fuzz $TARGET: ${execs:-?} executions in ${secs} s (${rate} exec/s), corpus $units inputs, exit $rc"

after="$(ls "$ARTIFACTS")"
new="$(comm -13 <(printf '%s\n' "$before" | sort) <(printf '%s\n' "$after" | sort) | sed '/^$/d' || true)"
if [[ -n "$new" || $rc -ne 0 ]]; then
    for f in $new; do
        cp "$ARTIFACTS/$f" "$FUZZ/regressions/$f"
        echo "finding: fuzz/regressions/$f" >&2
    done
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$LOG" | head -n 5 >&2 || true
    echo "fuzz $TARGET: FOUND A PROBLEM (see $LOG)" >&2
    exit 1
fi
echo "fuzz $TARGET: no crash, no timeout"
