//! Bad and hostile input (issue 5): each test is one kind of input and the behaviour it must
//! show. Batch and file behaviour runs through the binary (exit code, stderr, the rows, the
//! `<out>.errors.csv` report); text behaviour runs through the library. Every input is built
//! at test time in a temporary folder, so no large or binary file is committed.
//!
//! Hostile texts that must take linear time (megabyte lines, 100,000 quote marks, 20,000
//! repeated cues) run in a `ukti` child process that is killed when it passes a generous
//! bound (20 s, a debug build on a slow CI machine), rather than on a library thread: a
//! runaway thread could not be stopped and would starve the tests that run after it.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use ukti::Pair;
use unicode_normalization::UnicodeNormalization;

/// A one-sentence report with one pair: quote `বৈঠক হয়েছে` (38..49) by মারিয়া জাখারোভা.
const ZAKHAROVA: &str = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে।";
const ZAKHAROVA_QUOTE: &str = "বৈঠক হয়েছে";
const ZAKHAROVA_NAME: &str = "মারিয়া জাখারোভা";

/// Asserts that `pairs` is exactly the ZAKHAROVA pair, moved by `shift` code points.
fn assert_zakharova(pairs: &[Pair], shift: usize) {
    assert_eq!(pairs.len(), 1, "pairs: {pairs:#?}");
    assert_eq!(pairs[0].quote, ZAKHAROVA_QUOTE);
    assert_eq!(pairs[0].speaker, ZAKHAROVA_NAME);
    assert_eq!(
        (pairs[0].quote_start, pairs[0].quote_end),
        (38 + shift, 49 + shift)
    );
}

/// The outcome of `ukti extract -q -o DIR/out.csv INPUTS...`.
struct Batch {
    code: i32,
    rows: Vec<Pair>,
    /// (doc_id, source, error) rows of `out.csv.errors.csv`, if written.
    errors: Vec<(String, String, String)>,
    stderr: String,
    /// What the output folder holds afterwards.
    names: Vec<String>,
}

fn batch(out_dir: &Path, inputs: &[&Path]) -> Batch {
    let out_path = out_dir.join("out.csv");
    let mut args: Vec<std::ffi::OsString> = vec![
        "extract".into(),
        "-q".into(),
        "-o".into(),
        out_path.clone().into(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    let out = run(&args, b"");
    let rows = match std::fs::read(&out_path) {
        Ok(b) => parse_csv(&b),
        Err(e) => panic!("no output file ({e}); stderr: {}", stderr(&out)),
    };
    let epath = out_dir.join("out.csv.errors.csv");
    let errors = if epath.exists() {
        let mut r = csv::Reader::from_path(&epath).unwrap();
        assert_eq!(r.headers().unwrap(), vec!["doc_id", "source", "error"]);
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                (rec[0].to_string(), rec[1].to_string(), rec[2].to_string())
            })
            .collect()
    } else {
        Vec::new()
    };
    Batch {
        code: code(&out),
        rows,
        errors,
        stderr: stderr(&out),
        names: dir_names(out_dir),
    }
}

/// Writes `data` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

/// Writes one input file `name` into a fresh folder and runs the batch on it, with the output
/// beside it. The folder lives as long as the returned guard.
fn batch_one(name: &str, data: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf, Batch) {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), name, data);
    let b = batch(dir.path(), &[&input]);
    (dir, input, b)
}

/// A JSONL file of three lines: a good document `before`, the `bad` line, a good document
/// `after`. Runs the batch and checks that both good documents were written.
fn around(bad: &[u8]) -> (tempfile::TempDir, PathBuf, Batch) {
    let dir = tempfile::tempdir().unwrap();
    let mut data = jsonl_line("before", ZAKHAROVA).into_bytes();
    data.extend_from_slice(bad);
    data.push(b'\n');
    data.extend_from_slice(jsonl_line("after", ZAKHAROVA).as_bytes());
    let input = write(dir.path(), "docs.jsonl", data);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let b = batch(&out, &[&input]);
    let ids: Vec<&str> = b.rows.iter().map(|r| r.doc_id.as_str()).collect();
    assert_eq!(
        ids,
        ["before", "after"],
        "the good documents around the bad line; stderr: {}",
        b.stderr
    );
    for r in &b.rows {
        assert_eq!(r.quote, ZAKHAROVA_QUOTE);
    }
    (dir, input, b)
}

/// Checks that the bad line 2 of `input` was reported with `reason`, with exit code 1.
fn assert_line_2_rejected(input: &Path, b: &Batch, reason: &str) {
    assert_eq!(b.code, 1, "some documents failed; stderr: {}", b.stderr);
    assert_eq!(b.errors.len(), 1, "errors: {:?}", b.errors);
    let (_, source, error) = &b.errors[0];
    assert_eq!(source, &format!("{}:2", input.display()));
    assert!(
        error.contains(reason),
        "error {error:?} should say {reason:?}"
    );
    assert!(
        b.stderr.contains(&format!("{}:2", input.display())) && b.stderr.contains(reason),
        "stderr names the line and the reason: {}",
        b.stderr
    );
    assert_eq!(b.names, ["out.csv", "out.csv.errors.csv"]);
}

/// Runs `ukti extract -q -j 1 --format jsonl -` on `text` (sent as one JSONL document), killing
/// it after `secs` seconds; returns the pairs after checking every span against `text`.
fn hostile(secs: u64, what: &str, text: &str) -> Vec<Pair> {
    let mut child = ukti()
        .args(["extract", "-q", "-j", "1", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ukti");
    let mut sin = child.stdin.take().unwrap();
    let data = jsonl_line("h", text);
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = sin.write_all(data.as_bytes());
    });
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = so.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = se.read_to_end(&mut v);
        v
    });
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: ukti did not finish within {secs} s (killed)");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    writer.join().unwrap();
    let stdout = out_reader.join().unwrap();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    assert_eq!(status.code(), Some(0), "{what}: stderr: {stderr}");
    let pairs = parse_jsonl(&stdout);
    assert_pairs_slice(text, &pairs);
    pairs
}

fn seed_gold() -> Vec<(usize, usize, String, String)> {
    let mut r = csv::Reader::from_path(fixture("seed.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].parse().unwrap(),
                rec[2].parse().unwrap(),
                rec[3].to_string(),
                rec[6].to_string(),
            )
        })
        .collect()
}

/// Asserts the seed's 9 gold pairs, each span mapped through `map`, against rows of `text`.
fn assert_seed_pairs(rows: &[Pair], text: &str, map: impl Fn(usize) -> usize) {
    assert_pairs_slice(text, rows);
    let gold = seed_gold();
    assert_eq!(rows.len(), gold.len(), "rows: {rows:#?}");
    for (s, e, speaker, quote) in gold {
        let (s, e) = (map(s), map(e));
        let r = rows
            .iter()
            .find(|r| r.quote_start == s && r.quote_end == e)
            .unwrap_or_else(|| panic!("no row at {s}..{e} ({quote})"));
        assert_eq!(r.speaker, speaker);
        assert_eq!(r.quote, quote);
    }
}

// ---------------------------------------------------------------------------------------
// Files and batches (the binary)

/// Runs `ukti extract` on an empty file called `name`; checks success and no pairs, and returns
/// the summary line on stderr.
fn extract_empty(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), name, b"");
    let out = run(["extract".as_ref(), input.as_os_str()], b"");
    assert_eq!(code(&out), 0);
    assert!(parse_csv(&out.stdout).is_empty());
    stderr(&out)
}

#[test]
fn empty_txt_file_is_a_document_without_pairs() {
    let err = extract_empty("empty.txt");
    assert!(
        err.contains("1 documents, 0 quotes, 0 documents with errors"),
        "{err}"
    );
}

#[test]
fn empty_jsonl_file_gives_the_header_only() {
    let err = extract_empty("empty.jsonl");
    assert!(err.contains("0 documents, 0 quotes"), "{err}");
}

#[test]
fn blank_jsonl_lines_are_skipped_but_counted_in_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = jsonl_line("a", ZAKHAROVA);
    data.push_str("\n   \t\n\r\n");
    data.push_str(&jsonl_line("b", ZAKHAROVA));
    data.push_str("{\"id\": \"c\", \"te\n");
    let input = write(dir.path(), "docs.jsonl", data);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let b = batch(&out, &[&input]);
    assert_eq!(b.code, 1);
    let ids: Vec<&str> = b.rows.iter().map(|r| r.doc_id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(
        b.errors.len(),
        1,
        "blank lines are not errors: {:?}",
        b.errors
    );
    assert_eq!(b.errors[0].1, format!("{}:6", input.display()));
}

#[test]
fn whitespace_only_document_gives_no_pairs_and_no_error() {
    let mut data = jsonl_line("w", " \n\t \u{00A0}\u{200B} \r\n ");
    data.push_str(&jsonl_line("z", ZAKHAROVA));
    let (_dir, _, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.errors.is_empty());
    assert_zakharova(&b.rows, 0);
    assert_eq!(b.rows[0].doc_id, "z");
    assert_eq!(b.names, ["docs.jsonl", "out.csv"]);
}

#[test]
fn truncated_json_line_is_reported_and_the_rest_is_written() {
    let head: String = ZAKHAROVA.chars().take(10).collect();
    let (_dir, input, b) = around(format!("{{\"id\": \"t\", \"text\": \"{head}").as_bytes());
    assert_line_2_rejected(&input, &b, "not valid JSON");
}

#[test]
fn json_line_without_id_is_reported() {
    let (_dir, input, b) = around(format!("{{\"text\": \"{ZAKHAROVA}\"}}").as_bytes());
    assert_line_2_rejected(&input, &b, "missing `id`");
}

#[test]
fn json_line_without_text_is_reported_under_its_id() {
    let (_dir, input, b) = around(b"{\"id\": \"no-text\", \"body\": \"x\"}");
    assert_line_2_rejected(&input, &b, "missing `text`");
    assert_eq!(b.errors[0].0, "no-text");
}

#[test]
fn json_text_that_is_not_a_string_is_reported() {
    for bad in [
        &br#"{"id": "n", "text": 42}"#[..],
        br#"{"id": "n", "text": null}"#,
        br#"{"id": "n", "text": ["a"]}"#,
    ] {
        let (_dir, input, b) = around(bad);
        assert_line_2_rejected(&input, &b, "missing `text` field (a string)");
    }
}

#[test]
fn json_line_that_is_not_an_object_is_reported() {
    for bad in [&b"[1, 2]"[..], b"\"just a string\"", b"42"] {
        let (_dir, input, b) = around(bad);
        assert_line_2_rejected(&input, &b, "missing `id`");
    }
}

#[test]
fn numeric_id_is_accepted_as_its_digits() {
    let line = format!("{{\"id\": 1234, \"text\": \"{ZAKHAROVA}\", \"url\": \"https://x.y\"}}\n");
    let (_dir, _, b) = batch_one("docs.jsonl", line);
    assert_eq!(b.code, 0);
    assert_zakharova(&b.rows, 0);
    assert_eq!(b.rows[0].doc_id, "1234");
}

#[test]
fn last_jsonl_line_without_newline_is_read() {
    let mut data = jsonl_line("a", ZAKHAROVA);
    data.push_str(jsonl_line("b", ZAKHAROVA).trim_end());
    let (_dir, _, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0);
    let ids: Vec<&str> = b.rows.iter().map(|r| r.doc_id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn crlf_jsonl_lines_are_accepted() {
    let data = format!(
        "{}\r\n{}\r\n",
        jsonl_line("a", ZAKHAROVA).trim_end(),
        jsonl_line("b", ZAKHAROVA).trim_end()
    );
    let (_dir, _, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(b.rows.len(), 2);
    assert!(b.errors.is_empty());
}

#[test]
fn invalid_utf8_in_txt_is_decoded_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF];
    bytes.extend_from_slice(seed_text().as_bytes());
    let input = write(dir.path(), "broken.txt", &bytes);
    let out = run(["extract".as_ref(), "-q".as_ref(), input.as_os_str()], b"");
    assert_eq!(code(&out), 0, "a warning, not an error");
    let err = stderr(&out);
    assert!(
        err.contains("warning") && err.contains("invalid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("broken.txt"),
        "the warning names the file: {err}"
    );
    // U+FFFD takes the bad byte's place: every gold span moves by one code point
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.starts_with('\u{FFFD}'));
    assert_seed_pairs(&parse_csv(&out.stdout), &text, |x| x + 1);
}

#[test]
fn invalid_utf8_inside_a_jsonl_line_is_decoded_lossily_with_a_warning() {
    let mut data = br#"{"id": "u", "text": ""#.to_vec();
    data.push(0xFF);
    data.extend_from_slice(ZAKHAROVA.as_bytes());
    data.extend_from_slice(b"\"}\n");
    let (_dir, input, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0, "a warning, not an error: {}", b.stderr);
    assert!(
        b.stderr.contains("invalid UTF-8") && b.stderr.contains("line 1"),
        "the warning names the line: {}",
        b.stderr
    );
    // the warning is listed in the error report too, so every damaged input is found there
    assert_eq!(b.errors.len(), 1, "{:?}", b.errors);
    assert_eq!(b.errors[0].0, "u");
    assert_eq!(b.errors[0].1, format!("{}:1", input.display()));
    assert!(
        b.errors[0].2.starts_with("warning: invalid UTF-8"),
        "{:?}",
        b.errors[0]
    );
    assert_zakharova(&b.rows, 1);
    assert_pairs_slice(&format!("\u{FFFD}{ZAKHAROVA}"), &b.rows);
}

/// A gzip header and noise: the NUL bytes mark it as binary.
fn binary_noise() -> Vec<u8> {
    let mut v = vec![0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03];
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = (x >> 24) as u8;
        v.push(if b == b'\n' { 0 } else { b });
    }
    v
}

#[test]
fn binary_txt_file_is_rejected_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "a.txt", binary_noise());
    write(&docs, "b.txt", ZAKHAROVA);
    let mut nul_inside = ZAKHAROVA.as_bytes().to_vec();
    nul_inside.insert(10, 0);
    write(&docs, "c.txt", nul_inside);
    let b = batch(dir.path(), &[&docs]);
    assert_eq!(b.code, 1);
    assert_zakharova(&b.rows, 0);
    assert_eq!(b.rows[0].doc_id, "b");
    let failed: Vec<&str> = b.errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(failed, ["a", "c"]);
    for (_, source, error) in &b.errors {
        assert!(source.ends_with(".txt"), "{source}");
        assert!(error.contains("binary"), "{error}");
    }
    assert_eq!(b.names, ["docs", "out.csv", "out.csv.errors.csv"]);
}

#[test]
fn binary_noise_line_in_jsonl_is_rejected_with_its_line_number() {
    let (_dir, input, b) = around(&binary_noise());
    assert_line_2_rejected(&input, &b, "binary");
}

#[test]
fn nul_character_in_jsonl_text_is_rejected() {
    let line = r#"{"id": "nul", "text": "তিনি বলেন, \u0000 আমরা প্রস্তুত।"}"#;
    let (_dir, input, b) = around(line.as_bytes());
    assert_line_2_rejected(&input, &b, "NUL");
    assert_eq!(b.errors[0].0, "nul");
}

#[test]
fn utf8_bom_at_file_start_is_stripped_and_offsets_stay_right() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed_text();
    let input = write(dir.path(), "bom.txt", format!("\u{FEFF}{text}"));
    let out = run(["extract".as_ref(), "-q".as_ref(), input.as_os_str()], b"");
    assert_eq!(code(&out), 0);
    assert_seed_pairs(&parse_csv(&out.stdout), &text, |x| x);
}

#[test]
fn utf8_bom_at_jsonl_file_start_is_stripped() {
    let data = format!(
        "\u{FEFF}{}{}",
        jsonl_line("a", ZAKHAROVA),
        jsonl_line("b", &format!("\u{FEFF}{ZAKHAROVA}"))
    );
    let (_dir, _, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    assert_eq!(b.rows.len(), 2);
    for r in &b.rows {
        assert_eq!((r.quote_start, r.quote_end), (38, 49), "{}", r.doc_id);
    }
}

#[test]
fn crlf_line_endings_are_accepted_with_offsets_in_the_crlf_text() {
    let dir = tempfile::tempdir().unwrap();
    let lf = seed_text();
    let crlf = lf.replace('\n', "\r\n");
    let input = write(dir.path(), "crlf.txt", &crlf);
    let out = run(["extract".as_ref(), "-q".as_ref(), input.as_os_str()], b"");
    assert_eq!(code(&out), 0);
    // an offset in the LF text moves by the line breaks before it
    let lf_chars: Vec<char> = lf.chars().collect();
    let map = |x: usize| x + lf_chars[..x].iter().filter(|&&c| c == '\n').count();
    assert_seed_pairs(&parse_csv(&out.stdout), &crlf, map);
}

#[test]
fn duplicate_doc_ids_are_all_kept_in_input_order() {
    let mut data = jsonl_line("same", ZAKHAROVA);
    data.push_str(&jsonl_line(
        "same",
        "নির্বাচন কমিশনের সচিব জাহাংগীর আলম বলেন, “ভোটগ্রহণ শান্তিপূর্ণভাবে শেষ হয়েছে।”",
    ));
    data.push_str(&jsonl_line("same", ZAKHAROVA));
    let (_dir, _, b) = batch_one("docs.jsonl", data);
    assert_eq!(b.code, 0);
    let quotes: Vec<&str> = b.rows.iter().map(|r| r.quote.as_str()).collect();
    assert_eq!(
        quotes,
        [
            ZAKHAROVA_QUOTE,
            "ভোটগ্রহণ শান্তিপূর্ণভাবে শেষ হয়েছে।",
            ZAKHAROVA_QUOTE
        ]
    );
    assert!(b.rows.iter().all(|r| r.doc_id == "same"));
}

#[test]
fn very_long_doc_id_is_kept_whole() {
    let id = "আইডি-,\"x\"-".repeat(10_000);
    let (_dir, _, b) = batch_one("docs.jsonl", jsonl_line(&id, ZAKHAROVA));
    assert_eq!(b.code, 0);
    assert_zakharova(&b.rows, 0);
    assert_eq!(b.rows[0].doc_id, id);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_in_a_folder_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"bad\xFF.txt");
    if let Err(e) = std::fs::write(docs.join(name), ZAKHAROVA) {
        eprintln!("skipped: this file system refuses non-UTF-8 names ({e})");
        return;
    }
    let b = batch(dir.path(), &[&docs]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_zakharova(&b.rows, 0);
    assert_eq!(b.rows[0].doc_id, "bad\u{FFFD}");
}

#[test]
fn nonexistent_input_path_fails_with_exit_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", ZAKHAROVA);
    let missing = dir.path().join("missing.jsonl");
    let out_path = dir.path().join("out.csv");
    let out = run(
        [
            "extract".as_ref(),
            "-o".as_ref(),
            out_path.as_os_str(),
            good.as_os_str(),
            missing.as_os_str(),
        ],
        b"",
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(&missing.display().to_string()),
        "names the path: {err}"
    );
    assert!(err.contains("no such file or folder"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(dir_names(dir.path()), ["good.txt"], "no output written");
}

#[test]
fn output_under_a_regular_file_fails_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "good.txt", ZAKHAROVA);
    let blocker = write(dir.path(), "blocker", "not a folder");
    let out_path = blocker.join("out.csv");
    let out = run(
        [
            "extract".as_ref(),
            "-o".as_ref(),
            out_path.as_os_str(),
            input.as_os_str(),
        ],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("blocker"),
        "names the path: {}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a folder");
    assert_eq!(dir_names(dir.path()), ["blocker", "good.txt"]);
}

#[test]
fn output_path_that_is_a_folder_fails_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "good.txt", ZAKHAROVA);
    let out_path = dir.path().join("out.csv");
    std::fs::create_dir(&out_path).unwrap();
    write(&out_path, "keep.txt", "kept");
    let out = run(
        [
            "extract".as_ref(),
            "-o".as_ref(),
            out_path.as_os_str(),
            input.as_os_str(),
        ],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("out.csv"),
        "names the path: {}",
        stderr(&out)
    );
    assert_eq!(dir_names(&out_path), ["keep.txt"]);
    assert_eq!(
        dir_names(dir.path()),
        ["good.txt", "out.csv"],
        "a failed commit must remove its temporary file"
    );
}

/// The output cannot be written (the file-size limit is 1 block: writes fail with EFBIG):
/// exit 2, a message naming the output, the old file untouched and no temporary file left.
#[cfg(unix)]
#[test]
fn unwritable_output_leaves_the_existing_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("seed-g20-blinken-lavrov.txt");
    let out_path = dir.path().join("out.csv");
    std::fs::write(&out_path, "OLD CONTENT").unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_ukti"))
        .args([
            "extract".as_ref(),
            "-q".as_ref(),
            "-o".as_ref(),
            out_path.as_os_str(),
            input.as_os_str(),
        ])
        .output()
        .expect("run sh");
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "OLD CONTENT");
    assert_eq!(dir_names(dir.path()), ["out.csv"], "no temporary file left");
    assert!(
        stderr(&out).contains("out.csv"),
        "the message names the output: {}",
        stderr(&out)
    );
}

/// Issue 5's done-criterion in small: 5% of the lines of a batch corrupted (truncated JSON,
/// invalid UTF-8, binary noise). Every good document's pairs are exactly those of a clean run
/// on the good documents; every truncated or binary line is in the error report with its line
/// number; every invalid-UTF-8 line is still processed, with a warning naming its line on
/// stderr and in the error report.
#[test]
fn a_batch_with_five_percent_corrupted_lines_loses_no_good_document() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        ZAKHAROVA,
        "নির্বাচন কমিশনের সচিব জাহাংগীর আলম বলেন, “ভোটগ্রহণ শান্তিপূর্ণভাবে শেষ হয়েছে।”",
        "পুলিশের মতে, ঘটনাস্থল থেকে তিনজনকে আটক করা হয়েছে।",
        "ঢাকায় আজ তাপমাত্রা ছিল ৩৫ ডিগ্রি সেলসিয়াস।",
    ];
    let seed = seed_text();
    let (mut dirty, mut clean) = (Vec::new(), Vec::new());
    let (mut bad_lines, mut lossy_lines) = (Vec::new(), Vec::new());
    let text_of = |i: usize| {
        if i % 25 == 3 {
            seed.as_str()
        } else {
            texts[i % texts.len()]
        }
    };
    for i in 0..400usize {
        let text = text_of(i);
        let line = jsonl_line(&format!("d{i:03}"), text);
        let n = i + 1;
        if i % 20 != 7 {
            dirty.extend_from_slice(line.as_bytes());
            clean.extend_from_slice(line.as_bytes());
            continue;
        }
        match (i / 20) % 3 {
            0 => {
                // truncated JSON
                dirty.extend_from_slice(&line.as_bytes()[..line.len() / 2]);
                dirty.push(b'\n');
                bad_lines.push(n);
            }
            1 => {
                // an invalid UTF-8 byte inside the text: decoded lossily, still a document
                let cut = line.find("\"text\":\"").map(|k| k + 8).expect("text field");
                dirty.extend_from_slice(&line.as_bytes()[..cut]);
                dirty.push(0xFE);
                dirty.extend_from_slice(&line.as_bytes()[cut..]);
                lossy_lines.push(n);
            }
            _ => {
                // binary noise
                dirty.extend_from_slice(&binary_noise()[..200]);
                dirty.push(b'\n');
                bad_lines.push(n);
            }
        }
    }
    assert_eq!(bad_lines.len() + lossy_lines.len(), 20);
    let dirty_path = write(dir.path(), "dirty.jsonl", &dirty);
    let clean_path = write(dir.path(), "clean.jsonl", &clean);
    let d_out = dir.path().join("dirty-out");
    let c_out = dir.path().join("clean-out");
    std::fs::create_dir(&d_out).unwrap();
    std::fs::create_dir(&c_out).unwrap();
    let d = batch(&d_out, &[&dirty_path]);
    let c = batch(&c_out, &[&clean_path]);
    assert_eq!(c.code, 0);
    assert_eq!(d.code, 1);
    let lossy_ids: Vec<String> = lossy_lines
        .iter()
        .map(|n| format!("d{:03}", n - 1))
        .collect();
    let good_rows: Vec<&Pair> = d
        .rows
        .iter()
        .filter(|r| !lossy_ids.contains(&r.doc_id))
        .collect();
    let clean_rows: Vec<&Pair> = c.rows.iter().collect();
    assert_eq!(
        good_rows, clean_rows,
        "good documents give the same rows as a clean run"
    );
    assert!(
        c.rows.len() > 150,
        "the clean run finds pairs: {}",
        c.rows.len()
    );
    // every corrupted line is in the error report: the unreadable ones as errors, the
    // lossily decoded ones as warnings
    let reported: Vec<(String, bool)> = d
        .errors
        .iter()
        .map(|e| (e.1.clone(), e.2.starts_with("warning:")))
        .collect();
    let mut expected: Vec<(usize, bool)> = bad_lines.iter().map(|&n| (n, false)).collect();
    expected.extend(lossy_lines.iter().map(|&n| (n, true)));
    expected.sort();
    let expected: Vec<(String, bool)> = expected
        .into_iter()
        .map(|(n, w)| (format!("{}:{n}", dirty_path.display()), w))
        .collect();
    assert_eq!(reported, expected);
    for n in &lossy_lines {
        assert!(
            d.stderr.contains(&format!("(line {n})")),
            "warning for invalid UTF-8 on line {n}: {}",
            d.stderr
        );
        // processed as the text with U+FFFD in the bad byte's place
        let id = format!("d{:03}", n - 1);
        let got: Vec<&Pair> = d.rows.iter().filter(|r| r.doc_id == id).collect();
        let want = extract(&id, &format!("\u{FFFD}{}", text_of(n - 1)));
        assert_eq!(got, want.iter().collect::<Vec<_>>(), "lossy line {n}");
    }
}

// ---------------------------------------------------------------------------------------
// Hostile text (bounded work: the binary, killed past the bound)

/// Bengali words without any punctuation or cue.
fn plain_words(bytes: usize) -> String {
    let words = [
        "আমরা",
        "সবাই",
        "মিলে",
        "কাজ",
        "করছি",
        "এবং",
        "দেশের",
        "উন্নয়নের",
        "জন্য",
        "সরকার",
        "নতুন",
        "প্রকল্প",
    ];
    let mut s = String::new();
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(words[(i * 7 + i / 3) % words.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

#[test]
fn megabyte_line_without_punctuation_finishes_with_no_pairs() {
    let text = plain_words(1 << 20);
    let pairs = hostile(20, "1 MB without punctuation", &text);
    assert!(
        pairs.is_empty(),
        "{} pairs from text without a cue",
        pairs.len()
    );
}

#[test]
fn megabyte_line_of_cues_without_punctuation_finishes() {
    let mut text = String::new();
    while text.len() < 1 << 20 {
        text.push_str("রুশ মুখপাত্র মারিয়া জাখারোভা বলেন ");
        text.push_str(&plain_words(300));
    }
    let pairs = hostile(20, "1 MB of cues without punctuation", &text);
    // a report's content ends where the next report (a named speaker and a cue) begins
    for p in &pairs {
        assert!(
            !p.quote.contains("মারিয়া জাখারোভা বলেন"),
            "the quote {}..{} ({} chars) swallows the reports after it",
            p.quote_start,
            p.quote_end,
            p.quote.chars().count()
        );
    }
}

#[test]
fn ten_thousand_opening_marks_without_closers_finish() {
    let text = format!("{}{ZAKHAROVA}", "“".repeat(10_000));
    let pairs = hostile(20, "10,000 opening marks", &text);
    assert_zakharova(&pairs, 10_000);
}

#[test]
fn hundred_thousand_alternating_quote_marks_finish() {
    let text = "“”".repeat(50_000);
    let pairs = hostile(20, "100,000 alternating marks", &text);
    assert!(
        pairs.is_empty(),
        "empty quotes are no pairs: {}",
        pairs.len()
    );
}

#[test]
fn hundred_thousand_mixed_marks_around_a_report_finish() {
    let text = format!(
        "{}\n\n{ZAKHAROVA}\n\n{}",
        "‘’\"'".repeat(12_500),
        "«»".repeat(25_000)
    );
    let pairs = hostile(20, "100,000 mixed marks", &text);
    assert_zakharova(&pairs, 50_002);
}

#[test]
fn twenty_thousand_repeated_cues_finish() {
    let text = "বলেন, ".repeat(20_000);
    let pairs = hostile(20, "বলেন × 20,000", &text);
    assert!(
        pairs.is_empty(),
        "no speaker, no content: {} pairs",
        pairs.len()
    );
}

/// Five times the count above: linear work still finishes in a few seconds even in a debug
/// build, while quadratic work cannot finish in the bound even in a release build.
#[test]
fn hundred_thousand_repeated_cues_finish() {
    let text = "বলেন, ".repeat(100_000);
    let pairs = hostile(20, "বলেন × 100,000", &text);
    assert!(
        pairs.is_empty(),
        "no speaker, no content: {} pairs",
        pairs.len()
    );
}

#[test]
fn thirty_thousand_repeated_reports_without_a_danda_finish() {
    let text = "তিনি বলেন, ".repeat(10_000)
        + &"রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন যে ".repeat(2_000)
        + "বৈঠক হয়েছে।";
    hostile(20, "reports × 12,000", &text);
}

#[test]
fn a_million_line_breaks_finish_with_no_pairs() {
    let text = "\n".repeat(1_000_000) + ZAKHAROVA;
    let pairs = hostile(20, "1,000,000 line breaks", &text);
    assert_zakharova(&pairs, 1_000_000);
}

// ---------------------------------------------------------------------------------------
// Hostile text (the library)

#[test]
fn unbalanced_mark_at_paragraph_start_stays_in_its_paragraph() {
    let long = "আমরা সবাই মিলে কাজ করছি এবং দেশের উন্নয়নের জন্য চেষ্টা চালিয়ে যাচ্ছি। ".repeat(200);
    let text = format!("‘{long}\n\n{ZAKHAROVA}");
    let pairs = extract("d", &text);
    assert_pairs_slice(&text, &pairs);
    assert_zakharova(&pairs, long.chars().count() + 3);
}

#[test]
fn unclosed_quote_after_a_cue_ends_with_its_paragraph() {
    let long = "আমরা সবাই মিলে কাজ করছি এবং দেশের উন্নয়নের জন্য চেষ্টা চালিয়ে যাচ্ছি। ".repeat(200);
    let text = format!(
        "রুশ মুখপাত্র মারিয়া জাখারোভা বলেন, ‘{long}\n\nপরের অনুচ্ছেদে কোনো উক্তি নেই।\n\nতিনি আরও বলেন, আলোচনা চলবে।"
    );
    let pairs = extract("d", &text);
    assert_pairs_slice(&text, &pairs);
    let first_para_end = text
        .find("\n\n")
        .map(|b| text[..b].chars().count())
        .unwrap();
    for p in &pairs {
        assert!(
            !p.quote.contains("\n\n"),
            "a quote runs across paragraphs: {}..{}",
            p.quote_start,
            p.quote_end
        );
        if p.quote_start < first_para_end {
            assert!(p.quote_end <= first_para_end);
        }
    }
    let last = pairs.last().expect("the last paragraph's report");
    assert_eq!(last.quote, "আলোচনা চলবে");
    assert_eq!(last.speaker, ZAKHAROVA_NAME);
}

#[test]
fn only_punctuation_gives_no_pairs() {
    let text = "।।।???!!!,,,“”‘’\"'৷|...;:—–-()[]«»".repeat(300);
    let pairs = extract("d", &text);
    assert!(pairs.is_empty(), "{pairs:?}");
}

#[test]
fn only_zero_width_characters_give_no_pairs() {
    let text = "\u{200D}\u{200C}\u{200B}\u{FEFF}\u{2060}".repeat(2_000);
    assert!(extract("d", &text).is_empty());
}

#[test]
fn lone_combining_marks_give_no_pairs_and_do_not_shift_offsets() {
    let marks = "\u{09BE}\u{09C7}\u{09CD}\u{0981}\u{09BC}\u{0301}";
    assert!(extract("d", &marks.repeat(1_000)).is_empty());
    let text = format!("{marks} {ZAKHAROVA}");
    let pairs = extract("d", &text);
    assert_pairs_slice(&text, &pairs);
    assert_zakharova(&pairs, 7);
}

#[test]
fn mixed_scripts_and_emoji_keep_code_point_offsets() {
    let text = "😀 Hello नमस्ते। রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে। 👍🏽 তিনি বলেন, “আমরা প্রস্তুত।”";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(pairs.len(), 2, "{pairs:#?}");
    let q0 = char_offsets(text, ZAKHAROVA_QUOTE)[0];
    assert_eq!((pairs[0].quote_start, pairs[0].quote_end), (q0, q0 + 11));
    assert_eq!((pairs[0].quote_start, pairs[0].quote_end), (54, 65));
    assert_eq!(pairs[1].quote, "আমরা প্রস্তুত।");
    assert_eq!(pairs[1].quote_start, 82);
    assert!(pairs.iter().all(|p| p.speaker == ZAKHAROVA_NAME));
}

#[test]
fn html_fragment_keeps_tags_out_of_pairs() {
    let text = format!(
        "<div class=\"story\">\n<p>{ZAKHAROVA}</p>\n<p>&nbsp;&amp; <b>শেষ</b> <a href=\"https://x.y/a?b=1&c=2\">লিংক</a></p>\n</div>"
    );
    let pairs = extract("d", &text);
    assert_pairs_slice(&text, &pairs);
    assert_eq!(
        pairs.len(),
        1,
        "the report inside <p>…</p> is found: {pairs:#?}"
    );
    assert_eq!(pairs[0].quote, ZAKHAROVA_QUOTE);
    assert_eq!(pairs[0].speaker, ZAKHAROVA_NAME);
    for p in &pairs {
        for field in [&p.quote, &p.speaker, &p.speaker_mention, &p.cue] {
            assert!(
                !field.contains('<') && !field.contains('>'),
                "markup in a pair: {field:?}"
            );
        }
    }
}

#[test]
fn html_tag_before_the_speaker_stays_out_of_the_mention() {
    let text = format!("<p>{ZAKHAROVA}");
    let pairs = extract("d", &text);
    assert_pairs_slice(&text, &pairs);
    assert_zakharova(&pairs, 3);
    assert!(
        !pairs[0].speaker_mention.contains("<p>"),
        "mention {:?}",
        pairs[0].speaker_mention
    );
}

#[test]
fn url_only_lines_give_no_pairs() {
    let text = "https://example.com/তিনি-বলেন-যে-আমরা-প্রস্তুত\n\
                http://x.y/?q=বলেছেন, আমরা প্রস্তুত।\n\
                www.prothomalo.com/bangladesh/article?id=42&ref=বলেন\n\
                https://video.incrementxserv.com/vast?vzId=IXV533296VEH1EC0&cb=100&pageurl=https://kolkata24x7.in";
    let pairs = extract("d", text);
    assert!(pairs.is_empty(), "{pairs:#?}");
}

#[test]
fn apostrophe_inside_a_word_is_not_a_closing_mark() {
    let text = "বিসিবি’র সভাপতি ফারুক আহমেদ বলেন, “আমরা প্রস্তুত।”";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].quote, "আমরা প্রস্তুত।");
    assert_eq!(pairs[0].speaker, "ফারুক আহমেদ");

    let text = "‘বিসিবি’র সিদ্ধান্ত চূড়ান্ত’, বলেন বিসিবি সভাপতি ফারুক আহমেদ।";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].quote, "বিসিবি’র সিদ্ধান্ত চূড়ান্ত");
    assert_eq!((pairs[0].quote_start, pairs[0].quote_end), (1, 28));
}

#[test]
fn nested_quotes_are_one_quote() {
    let text = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেন, “তারা বলেছিল ‘আমরা আসব’, কিন্তু আসেনি।”";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(
        pairs.len(),
        1,
        "the inner report is part of the outer quote: {pairs:#?}"
    );
    assert_eq!(pairs[0].quote, "তারা বলেছিল ‘আমরা আসব’, কিন্তু আসেনি।");
    assert_eq!(pairs[0].kind, "direct");
}

#[test]
fn quote_mark_at_the_very_end_gives_no_pair() {
    for text in [
        "রুশ মুখপাত্র মারিয়া জাখারোভা বলেন, “",
        "রুশ মুখপাত্র মারিয়া জাখারোভা বলেন, ‘",
        "রুশ মুখপাত্র মারিয়া জাখারোভা বলেন, \"",
        "“",
    ] {
        let pairs = extract("d", text);
        assert!(pairs.is_empty(), "{text:?}: {pairs:#?}");
    }
}

#[test]
fn empty_marked_quote_after_a_quote_paragraph_does_not_panic() {
    // found by tests/properties.rs: a blank quote ‘ ’ in the paragraph after a quote
    for text in [
        "তিনি বলেন, “আমি।\n\nতিনি বলেন, ‘ ’।",
        "তিনি বলেন, আমি।\n\nতিনি বলেন, “ ’।",
    ] {
        let t = text.to_string();
        let res = std::panic::catch_unwind(move || extract("d", &t));
        let pairs = res.unwrap_or_else(|_| panic!("the pipeline panicked on {text:?}"));
        assert_pairs_slice(text, &pairs);
        assert!(pairs.iter().all(|p| !p.quote.trim().is_empty()));
    }
}

#[test]
fn danda_lookalikes_end_sentences() {
    let text = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে| তিনি বলেন, আলোচনা চলবে৷";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    let quotes: Vec<&str> = pairs.iter().map(|p| p.quote.as_str()).collect();
    assert_eq!(quotes, [ZAKHAROVA_QUOTE, "আলোচনা চলবে"]);
    assert!(pairs.iter().all(|p| p.speaker == ZAKHAROVA_NAME));
}

#[test]
fn precomposed_yya_keeps_original_offsets() {
    // U+09DF decomposes under NFC (two code points): offsets must still be the original's
    let text = "রুশ মুখপাত্র মারি\u{09DF}া জাখারোভা বলেছেন, বৈঠক হ\u{09DF}েছে।";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].quote, "বৈঠক হ\u{09DF}েছে");
    assert_eq!((pairs[0].quote_start, pairs[0].quote_end), (37, 47));
    // either spelling of the name (the scorer compares after NFC)
    assert_eq!(
        pairs[0].speaker.nfc().collect::<String>(),
        ZAKHAROVA_NAME.nfc().collect::<String>()
    );
}

#[test]
fn nbsp_zero_width_and_stray_bom_inside_a_sentence() {
    let text = "রুশ\u{00A0}মুখপাত্র\u{00A0}মারিয়া জাখারোভা\u{FEFF} বলেছেন, বৈঠক\u{200D} \u{200B}হয়েছে।";
    let pairs = extract("d", text);
    assert_pairs_slice(text, &pairs);
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].speaker, ZAKHAROVA_NAME);
    assert_eq!(pairs[0].quote, "বৈঠক\u{200D} \u{200B}হয়েছে");
}
