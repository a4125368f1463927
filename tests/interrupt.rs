//! Atomic output (issue 5): a run killed mid-way leaves the old output file exactly as it was
//! (or no file, where there was none) and never half a CSV; a run left to finish replaces it
//! with a complete CSV.
//!
//! The run reads JSONL from a stdin that the test keeps open, so it can never finish on its
//! own: the test waits until the run has processed at least one batch and flushed rows into
//! its temporary file `.out.csv.tmp-PID`, then kills it. After SIGKILL (and SIGTERM,
//! which the binary does not handle) that temporary file may remain next to the output: no
//! destructor runs. That is accepted here and noted in the test, since it never replaces
//! the output; only files other than the output and that temporary name are forbidden.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A short article with several pairs; its JSONL line is small, so one batch of 1,024
/// documents arrives quickly and writes well over 1 MB of rows.
const ARTICLE: &str = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে। তিনি বলেন, “আমরা প্রস্তুত।”\n\n\
নির্বাচন কমিশনের সচিব জাহাংগীর আলম বলেন, “ভোটগ্রহণ শান্তিপূর্ণভাবে শেষ হয়েছে।”\n\n\
পুলিশের মতে, ঘটনাস্থল থেকে তিনজনকে আটক করা হয়েছে।\n\n\
বাংলাদেশ ব্যাংকের মুখপাত্র মেজবাউল হক জানান, রিজার্ভ স্থিতিশীল রয়েছে।";

fn corpus(docs: usize) -> String {
    (0..docs)
        .map(|i| jsonl_line(&format!("doc-{i:06}"), ARTICLE))
        .collect()
}

/// Starts a run writing to `out`, waits until it has flushed rows to its temporary file and
/// kills it (SIGKILL); returns the temporary file's path.
fn kill_mid_run(out: &Path) -> PathBuf {
    let (mut child, feeder) = start(out, 2_200);
    let tmp = tmp_name(out, child.id());
    wait_for_rows(&mut child, &tmp);
    child.kill().unwrap();
    child.wait().unwrap();
    drop(feeder.join().unwrap());
    tmp
}

/// `extract -q -j 2 -o OUT INPUT`.
fn extract_args<'a>(out: &'a Path, input: &'a std::ffi::OsStr) -> [&'a std::ffi::OsStr; 7] {
    [
        "extract".as_ref(),
        "-q".as_ref(),
        "-j".as_ref(),
        "2".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        input,
    ]
}

/// Starts `ukti extract -q -j 2 -o OUT -` and feeds it `docs` documents, keeping stdin open.
fn start(out: &Path, docs: usize) -> (Child, std::thread::JoinHandle<ChildStdin>) {
    let mut child = ukti()
        .args(extract_args(out, "-".as_ref()))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ukti");
    let mut stdin = child.stdin.take().unwrap();
    let data = corpus(docs);
    // the feeder hands stdin back instead of dropping it: the run must not see end of input
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(data.as_bytes());
        let _ = stdin.flush();
        stdin
    });
    (child, feeder)
}

fn tmp_name(out: &Path, pid: u32) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.tmp-{pid}"))
}

/// Waits until the run's temporary file holds flushed rows (the run is mid-way), at most
/// 60 s; returns its size.
fn wait_for_rows(child: &mut Child, tmp: &Path) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            panic!("the run ended on its own ({st}) although its input is still open");
        }
        let len = std::fs::metadata(tmp).map(|m| m.len()).unwrap_or(0);
        if len > 0 {
            return len;
        }
        assert!(
            Instant::now() < deadline,
            "no rows reached {} within 60 s",
            tmp.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What may remain in `dir` after a killed run: the output (if it was there before) and the
/// run's temporary file.
fn assert_only_output_and_tmp(dir: &Path, out: Option<&str>, tmp: &Path) {
    let tmp_name = tmp.file_name().unwrap().to_string_lossy().into_owned();
    for name in dir_names(dir) {
        assert!(
            Some(name.as_str()) == out || name == tmp_name,
            "unexpected file after the kill: {name}"
        );
    }
}

#[test]
fn sigkill_mid_run_leaves_the_old_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "OLD CONTENT").unwrap();
    let (mut child, feeder) = start(&out, 2_200);
    let tmp = tmp_name(&out, child.id());
    let flushed = wait_for_rows(&mut child, &tmp);
    assert!(flushed > 0);
    // mid-run, the target still holds the old content
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "OLD CONTENT");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(feeder.join().unwrap());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "OLD CONTENT");
    // accepted: after SIGKILL `.out.csv.tmp-PID` may remain; nothing else may
    assert_only_output_and_tmp(dir.path(), Some("out.csv"), &tmp);
    assert!(!dir.path().join("out.csv.errors.csv").exists());
}

#[test]
fn sigkill_mid_run_without_an_old_output_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let tmp = kill_mid_run(&out);
    assert!(!out.exists(), "a killed run must not leave out.csv");
    assert_only_output_and_tmp(dir.path(), None, &tmp);
}

#[cfg(unix)]
#[test]
fn sigterm_mid_run_leaves_the_old_output_untouched() {
    // SIGINT is not sent: a shell that starts this suite in the background makes its
    // children ignore SIGINT, and the run would then never end. Ctrl-C in a terminal takes
    // the default action, like SIGTERM here.
    let signal = "-TERM";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "OLD CONTENT").unwrap();
    let (mut child, feeder) = start(&out, 2_200);
    let tmp = tmp_name(&out, child.id());
    wait_for_rows(&mut child, &tmp);
    let st = std::process::Command::new("kill")
        .arg(signal)
        .arg(child.id().to_string())
        .status()
        .expect("run kill");
    assert!(st.success());
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "{signal}: the run must not report success"
    );
    drop(feeder.join().unwrap());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "OLD CONTENT",
        "{signal}"
    );
    assert_only_output_and_tmp(dir.path(), Some("out.csv"), &tmp);
}

#[test]
fn a_finished_run_replaces_the_old_output_with_a_complete_csv() {
    let dir = tempfile::tempdir().unwrap();
    let docs = 3_000; // three batches
    let input = dir.path().join("corpus.jsonl");
    std::fs::write(&input, corpus(docs)).unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "OLD CONTENT").unwrap();
    // a killed run first, as after an interruption
    let tmp = kill_mid_run(&out);
    let _ = std::fs::remove_file(&tmp); // the killed run's leftover (see the module comment)

    let res = run(extract_args(&out, input.as_os_str()), b"");
    assert_eq!(code(&res), 0, "{}", stderr(&res));
    let rows = parse_csv(&std::fs::read(&out).unwrap());
    let per_doc = extract("x", ARTICLE);
    assert!(
        per_doc.len() >= 4,
        "the article gives its pairs: {per_doc:#?}"
    );
    assert_eq!(
        rows.len(),
        docs * per_doc.len(),
        "every document's rows, nothing cut off"
    );
    for (k, r) in rows.iter().enumerate() {
        let (d, j) = (k / per_doc.len(), k % per_doc.len());
        assert_eq!(r.doc_id, format!("doc-{d:06}"));
        let mut want = per_doc[j].clone();
        want.doc_id = r.doc_id.clone();
        assert_eq!(r, &want);
    }
    assert_eq!(
        dir_names(dir.path()),
        ["corpus.jsonl", "out.csv"],
        "no temporary file after a finished run"
    );
}
