//! `ukti eval` must agree with the reference scorer `shared/tools/score.py` on every figure.
//!
//! Runs `python3 score.py GOLD PRED --json` and `ukti::eval::score` on the same files and
//! compares every figure to 1e-9, and checks that the text report starts with exactly the lines
//! the script prints.  The pairs: the seed and dev gold files against themselves, dev against a
//! perturbed copy (dropped, shifted, split, duplicated and spurious quotes, changed and
//! re-spelled speakers), dev against seed (all predictions for unknown documents), and
//! synthetic files with many tied spans, which exercise the port of Python's sort.
//!
//! Needs `../shared` next to the crate (or `UKTI_SHARED_DIR`) and `python3`; without them the
//! test says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use ukti::eval::{self, EvalOptions, Row};

/// `shared/` with `tools/score.py` and `gold/`, if present.
fn shared_dir() -> Option<PathBuf> {
    let root = match std::env::var_os("UKTI_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()?
            .join("shared"),
    };
    (root.join("tools/score.py").is_file() && root.join("gold").is_dir()).then_some(root)
}

fn python_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The script's stdout for `GOLD PRED [extra]`.
fn python(shared: &Path, gold: &Path, pred: &Path, extra: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(gold)
        .arg(pred)
        .args(extra)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "score.py failed on {} / {}: {}",
        gold.display(),
        pred.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Compares every figure of the script with ours, and the leading text lines.
fn check_pair(shared: &Path, label: &str, gold: &Path, pred: &Path) {
    let reference: serde_json::Value =
        serde_json::from_str(&python(shared, gold, pred, &["--json"])).expect("score.py JSON");
    let reference = reference.as_object().expect("a JSON object");
    let ours = eval::score(
        &eval::read_rows(gold).expect("read gold"),
        &eval::read_rows(pred).expect("read pred"),
    );
    let ours = serde_json::to_value(&ours).expect("serialise scores");
    let ours = ours.as_object().expect("an object");

    let mut keys: Vec<&String> = reference.keys().collect();
    let mut our_keys: Vec<&String> = ours.keys().collect();
    keys.sort();
    our_keys.sort();
    assert_eq!(keys, our_keys, "{label}: figure names differ");
    for key in keys {
        let (theirs, mine) = (reference[key].as_f64(), ours[key].as_f64());
        let (theirs, mine) = (theirs.expect("number"), mine.expect("number"));
        assert!(
            (theirs - mine).abs() <= 1e-9,
            "{label}: {key}: score.py {theirs} vs ukti {mine}"
        );
    }

    let text = python(shared, gold, pred, &[]);
    let mut report = Vec::new();
    eval::run(gold, pred, &[], &EvalOptions::default(), &mut report).expect("eval::run");
    let report = String::from_utf8(report).expect("UTF-8 report");
    assert!(
        report.starts_with(&text),
        "{label}: text report differs from score.py\n--- score.py\n{text}--- ukti\n{report}"
    );
    eprintln!("{label}: agrees ({} matched)", ours["matched"]);
}

/// Deterministic pseudo-random numbers (64-bit LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn write_rows(path: &Path, rows: &[Row]) {
    let mut w = csv::Writer::from_path(path).expect("create CSV");
    w.write_record([
        "doc_id",
        "quote_start",
        "quote_end",
        "speaker",
        "kind",
        "cue",
        "quote",
    ])
    .expect("write header");
    for r in rows {
        w.write_record([
            r.doc_id.as_str(),
            &r.start.to_string(),
            &r.end.to_string(),
            &r.speaker,
            &r.kind,
            &r.cue,
            &r.quote,
        ])
        .expect("write row");
    }
    w.flush().expect("flush CSV");
}

/// The same name spelled differently but equal after normalisation: য় switched between its
/// precomposed (U+09DF) and decomposed (U+09AF U+09BC) forms, ZWNJ and extra whitespace added.
fn respell(name: &str) -> String {
    let mut out = String::from("  ");
    for c in name.chars() {
        match c {
            '\u{9df}' => out.push_str("\u{9af}\u{9bc}"),
            '\u{9bc}' if out.ends_with('\u{9af}') => {
                out.pop();
                out.push('\u{9df}');
            }
            ' ' => out.push_str(" \u{200c} "),
            c => out.push(c),
        }
    }
    out.push('\t');
    out
}

/// A predicted file made from gold by the mistakes a system makes.
fn perturb(gold: &[Row]) -> Vec<Row> {
    let mut rng = Lcg(0x5eed);
    let first_name = |r: &Row| r.speaker.split('|').next().unwrap_or("").trim().to_string();
    let mut out = Vec::new();
    for (i, r) in gold.iter().enumerate() {
        if i % 3 == 2 {
            continue; // missed
        }
        let mut p = r.clone();
        p.speaker = first_name(r);
        match i % 5 {
            0 => {
                p.start += 2;
                p.end += 3;
            }
            1 => {
                p.start -= p.start.min(4);
                if p.end > p.start + 1 {
                    p.end -= 1;
                }
            }
            _ => {}
        }
        match i % 7 {
            0 => p.speaker = first_name(&gold[(i * 13 + 5) % gold.len()]),
            3 => {
                let last = p
                    .speaker
                    .split_whitespace()
                    .last()
                    .unwrap_or("")
                    .to_string();
                p.speaker = last;
            }
            5 => p.speaker = respell(&p.speaker),
            _ => {}
        }
        if i % 17 == 9 {
            p.speaker = format!("অন্য কেউ|{}", p.speaker);
        }
        let len = p.end - p.start;
        if i % 11 == 4 && len > 4 {
            // split, gap 1: joined again by the merge
            let mid = p.start + len / 2;
            let mut second = p.clone();
            second.start = mid + 1;
            p.end = mid;
            out.push(second);
        } else if i % 11 == 8 && len > 12 {
            // split, gap 5: stays two quotes
            let mid = p.start + len / 2;
            let mut second = p.clone();
            second.start = mid + 5;
            p.end = mid;
            out.push(second);
        }
        if i % 13 == 6 {
            // the same span twice, with another speaker: a tie in the sort
            let mut twin = p.clone();
            twin.speaker = first_name(&gold[(i + 1) % gold.len()]);
            out.push(twin);
        }
        out.push(p);
        if i % 4 == 1 {
            // spurious
            let start = r.end + 5 + rng.below(200);
            out.push(Row {
                doc_id: r.doc_id.clone(),
                start,
                end: start + 10 + rng.below(120),
                speaker: first_name(&gold[rng.below(gold.len())]),
                kind: "direct".into(),
                cue: String::new(),
                quote: String::new(),
            });
        }
    }
    out.push(Row {
        doc_id: gold[0].doc_id.clone(),
        start: 50,
        end: 50,
        speaker: "শূন্য".into(),
        kind: String::new(),
        cue: String::new(),
        quote: String::new(),
    });
    out.push(Row {
        doc_id: "not-in-gold".into(),
        start: 0,
        end: 40,
        speaker: "কেউ".into(),
        kind: "indirect".into(),
        cue: String::new(),
        quote: String::new(),
    });
    // Shuffle, so that the order of tied quotes is not the file's natural one.
    for k in (1..out.len()).rev() {
        out.swap(k, rng.below(k + 1));
    }
    out
}

/// Many quotes per document on few distinct spans, with nested and disjoint speaker sets:
/// long sorts (galloping merges) under frozenset's partial order.
fn synthetic(seed: u64, docs: usize, per_doc: usize) -> Vec<Row> {
    const SPEAKERS: [&str; 8] = ["ক", "খ", "ক|খ", "গ", "ক|খ|গ", "খ|গ", "", "ক খ"];
    let mut rng = Lcg(seed);
    let mut rows = Vec::new();
    for d in 0..docs {
        for _ in 0..per_doc {
            let start = 10 * rng.below(30) + rng.below(4);
            let end = start + [0, 3, 7, 10, 12, 25][rng.below(6)];
            rows.push(Row {
                doc_id: format!("syn-{d}"),
                start,
                end,
                speaker: SPEAKERS[rng.below(SPEAKERS.len())].into(),
                kind: ["direct", "indirect", ""][rng.below(3)].into(),
                cue: String::new(),
                quote: String::new(),
            });
        }
    }
    rows
}

#[test]
fn eval_agrees_with_score_py() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found (score.py and gold/ are needed)");
        return;
    };
    if !python_available() {
        eprintln!("skipping: python3 not found");
        return;
    }
    let gold_dir = shared.join("gold");
    let (seed, dev) = (gold_dir.join("seed.csv"), gold_dir.join("dev.csv"));
    check_pair(&shared, "seed vs seed", &seed, &seed);
    check_pair(&shared, "dev vs dev", &dev, &dev);
    check_pair(&shared, "dev vs seed", &dev, &seed);

    let tmp = tempfile::tempdir().expect("temp dir");
    let perturbed = tmp.path().join("perturbed.csv");
    write_rows(
        &perturbed,
        &perturb(&eval::read_rows(&dev).expect("read dev")),
    );
    check_pair(&shared, "dev vs perturbed", &dev, &perturbed);
    check_pair(&shared, "perturbed vs dev", &perturbed, &dev);

    for seed in 1..=4u64 {
        let (g, p) = (
            tmp.path().join("syn-gold.csv"),
            tmp.path().join("syn-pred.csv"),
        );
        write_rows(&g, &synthetic(seed, 3, 40 + 60 * seed as usize));
        write_rows(&p, &synthetic(seed + 100, 3, 40 + 60 * seed as usize));
        check_pair(&shared, &format!("synthetic {seed}"), &g, &p);
    }
}
