//! Helpers shared by the integration tests: running the `ukti` binary, reading its CSV and
//! JSONL output back into [`ukti::Pair`]s, checking that every span slices its document, and
//! bounding hostile work with a timeout.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use ukti::output::COLUMNS;
use ukti::{Pair, Pipeline, Rules};

/// The doc_id of the seed article (its file stem).
pub const SEED_ID: &str = "seed-g20-blinken-lavrov";

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The seed article's text.
pub fn seed_text() -> String {
    std::fs::read_to_string(fixture("seed-g20-blinken-lavrov.txt")).expect("seed fixture")
}

/// The crate's own `rules/` folder.
pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// A command for the built binary.
pub fn ukti() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ukti"))
}

/// Runs `ukti ARGS`, feeding `stdin` from a separate thread so that large inputs cannot
/// deadlock against a full stdout pipe.
pub fn run<I, S>(args: I, stdin: &[u8]) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = ukti()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ukti");
    let mut sin = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // the binary may stop reading early (e.g. a usage error); that is not our failure
        let _ = sin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for ukti");
    writer.join().expect("stdin writer");
    out
}

/// The exit code, or a panic naming the signal-less failure.
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("ukti ended by a signal: {:?}", out.status))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Parses CSV output: the header must be exactly [`COLUMNS`] and every row must parse.
pub fn parse_csv(bytes: &[u8]) -> Vec<Pair> {
    let text = std::str::from_utf8(bytes).expect("CSV output is UTF-8");
    assert!(
        !text.starts_with('\u{FEFF}'),
        "CSV output starts with a BOM without --bom"
    );
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header: Vec<String> = r
        .headers()
        .expect("CSV header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, COLUMNS, "CSV header");
    r.deserialize()
        .enumerate()
        .map(|(i, row)| row.unwrap_or_else(|e| panic!("CSV row {} does not parse: {e}", i + 1)))
        .collect()
}

/// Parses JSONL output: one [`Pair`] per line.
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Pair> {
    let text = std::str::from_utf8(bytes).expect("JSONL output is UTF-8");
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("JSONL line {} does not parse: {e}: {l}", i + 1))
        })
        .collect()
}

/// Code-point offsets of every occurrence of `needle` in `text`.
pub fn char_offsets(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .collect()
}

/// Checks one pair against the text it came from: every span in range and slicing to its
/// field, confidence in [0, 1], a known kind. Returns the first problem found.
pub fn check_pair(text: &str, p: &Pair) -> Result<(), String> {
    let n = text.chars().count();
    if !(p.quote_start < p.quote_end && p.quote_end <= n) {
        return Err(format!(
            "quote span {}..{} not within 0..{n} or empty: {p:?}",
            p.quote_start, p.quote_end
        ));
    }
    let q = ukti::slice_chars(text, p.quote_start, p.quote_end);
    if q != p.quote {
        return Err(format!(
            "quote {:?} != text[{}..{}] = {q:?}",
            p.quote, p.quote_start, p.quote_end
        ));
    }
    let spans = [
        (
            "speaker",
            p.speaker_start,
            p.speaker_end,
            &p.speaker_mention,
        ),
        ("cue", p.cue_start, p.cue_end, &p.cue),
    ];
    for (what, s, e, field) in spans {
        match (s, e) {
            (Some(s), Some(e)) => {
                if !(s < e && e <= n) {
                    return Err(format!(
                        "{what} span {s}..{e} not within 0..{n} or empty: {p:?}"
                    ));
                }
                let got = ukti::slice_chars(text, s, e);
                if got != field.as_str() {
                    return Err(format!("{what} {field:?} != text[{s}..{e}] = {got:?}"));
                }
            }
            (None, None) => {
                if !field.is_empty() {
                    return Err(format!("{what} {field:?} printed without a span: {p:?}"));
                }
            }
            _ => return Err(format!("{what} span half present: {p:?}")),
        }
    }
    if !(0.0..=1.0).contains(&p.confidence) {
        return Err(format!("confidence {} outside [0, 1]", p.confidence));
    }
    if !["direct", "indirect", "mixed", "according_to"].contains(&p.kind.as_str()) {
        return Err(format!("unknown kind {:?}", p.kind));
    }
    Ok(())
}

/// [`check_pair`] for every pair, panicking with the document id on the first problem.
pub fn assert_pairs_slice(text: &str, pairs: &[Pair]) {
    for p in pairs {
        if let Err(e) = check_pair(text, p) {
            panic!("doc {:?}: {e}", p.doc_id);
        }
    }
}

/// The pipeline with the embedded rules, built once per test binary.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Rules::embedded()))
}

/// Runs the library pipeline on one document.
pub fn extract(id: &str, text: &str) -> Vec<Pair> {
    pipeline().extract(id, text)
}

/// Runs `f` on another thread and fails the test if it has not finished within `secs`
/// seconds (generous bounds: CI machines vary, but quadratic work does not finish at all).
pub fn within<T: Send + 'static>(
    secs: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(RecvTimeoutError::Timeout) => panic!("{what}: did not finish within {secs} s"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Extracts `text` on another thread within `secs` seconds and checks every span.
pub fn extract_within(secs: u64, what: &str, text: String) -> Vec<Pair> {
    let t = text.clone();
    let pairs = within(secs, what, move || extract("hostile", &t));
    assert_pairs_slice(&text, &pairs);
    pairs
}

/// The names in a folder, sorted.
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// One JSONL line (with its newline) for a document.
pub fn jsonl_line(id: &str, text: &str) -> String {
    let mut s = serde_json::json!({ "id": id, "text": text }).to_string();
    s.push('\n');
    s
}
