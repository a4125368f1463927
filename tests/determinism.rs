//! Batch output is byte-identical for any thread count (issue 4): a multi-document JSONL of
//! 1,100 documents (more than one batch of `BATCH_DOCS`, 1,024), built from the seed and twenty
//! literal sentences rotated into distinct documents, gives the same bytes with `-j 1`,
//! `-j 2` and `-j 4`, as CSV and as JSONL, on stdout and with `-o`, with rows in input order.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// Sentences with and without quotes: marked, indirect, quote-first, according-to,
/// pronouns, directives, negation, headlines, URLs.
const SENTENCES: [&str; 20] = [
    "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে।",
    "তিনি বলেন, “আমরা প্রস্তুত।”",
    "স্বরাষ্ট্রমন্ত্রী আসাদুজ্জামান খান সাংবাদিকদের বলেন, দেশের আইনশৃঙ্খলা পরিস্থিতি নিয়ন্ত্রণে আছে।",
    "পুলিশের মতে, ঘটনাস্থল থেকে তিনজনকে আটক করা হয়েছে।",
    "‘আমরা কাউকে ছাড় দেব না’, বলেন প্রধানমন্ত্রী শেখ হাসিনা।",
    "আবহাওয়া অফিস জানিয়েছে যে আগামী দুই দিন ভারী বৃষ্টি হতে পারে।",
    "মন্ত্রী বিষয়টি নিয়ে কিছু বলেননি।",
    "তিনি সবাইকে ধৈর্য ধরতে বলেছেন।",
    "নির্বাচন কমিশনের সচিব জাহাংগীর আলম বলেন, “ভোটগ্রহণ শান্তিপূর্ণভাবে শেষ হয়েছে।”",
    "বিশেষজ্ঞদের মতে, মূল্যস্ফীতি শিগগিরই কমবে না।",
    "খেলা শেষে অধিনায়ক বলেন, দলের সবাই ভালো খেলেছে, তবে আরও উন্নতি দরকার।",
    "দুর্ভাগ্যবশত, প্রকল্পটি সময়মতো শেষ হয়নি, তিনি যোগ করেন।",
    "শিক্ষামন্ত্রী দীপু মনি বলেছেন যে নতুন শিক্ষাক্রম আগামী বছর চালু হবে।",
    "আমরা শিক্ষার্থীদের পাশে আছি এবং থাকব।",
    "ঢাকায় আজ তাপমাত্রা ছিল ৩৫ ডিগ্রি সেলসিয়াস।",
    "বড় কথা বললেন মন্ত্রী",
    "https://example.com/news?id=42&ref=home",
    "বাংলাদেশ ব্যাংকের মুখপাত্র মেজবাউল হক জানান, রিজার্ভ স্থিতিশীল রয়েছে।",
    "বিসিবি’র সভাপতি ফারুক আহমেদ বলেন, “আমরা নতুন কোচ খুঁজছি।”",
    "সংবাদ সম্মেলনে তিনি অভিযোগ করেন যে বিরোধী দল সহিংসতা উসকে দিচ্ছে।",
];

/// Document `i`: a rotation of the sentences (start, stride and count vary with `i`),
/// joined by a space, a line break or a blank line; every twentieth document is the seed
/// article after one of the sentences.
fn document(i: usize, seed: &str) -> String {
    if i.is_multiple_of(20) {
        return format!("{}\n\n{seed}", SENTENCES[(i / 20) % SENTENCES.len()]);
    }
    let start = i % SENTENCES.len();
    let stride = [1, 3, 7, 9, 11, 13, 17][(i / SENTENCES.len()) % 7];
    let n = 2 + (i / 140) % 9;
    let sep = ["\n\n", " ", "\n"][(i / 7) % 3];
    (0..n)
        .map(|k| SENTENCES[(start + k * stride) % SENTENCES.len()])
        .collect::<Vec<_>>()
        .join(sep)
}

const DOCS: usize = 1100;
const _: () = assert!(
    DOCS > ukti::batch::BATCH_DOCS,
    "the corpus must span two batches"
);

/// The corpus, written once per test run under the target's temporary folder.
fn corpus() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
        std::fs::create_dir_all(&dir).unwrap();
        let seed = seed_text();
        let mut data = String::new();
        for i in 0..DOCS {
            data.push_str(&jsonl_line(&format!("doc-{i:05}"), &document(i, &seed)));
        }
        // written aside and renamed, so concurrent test runs never see half a file
        let path = dir.join("corpus.jsonl");
        let tmp = dir.join(format!("corpus.jsonl.tmp-{}", std::process::id()));
        std::fs::write(&tmp, data).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        path
    })
}

/// `-j 1` CSV output, computed once.
fn one_thread_csv() -> &'static [u8] {
    static OUT: OnceLock<Vec<u8>> = OnceLock::new();
    OUT.get_or_init(|| extract_bytes(corpus(), "1", &[]))
}

fn extract_bytes(input: &Path, threads: &str, extra: &[&str]) -> Vec<u8> {
    let mut args: Vec<std::ffi::OsString> =
        vec!["extract".into(), "-q".into(), "-j".into(), threads.into()];
    args.extend(extra.iter().map(Into::into));
    args.push(input.into());
    let out = run(&args, b"");
    assert_eq!(code(&out), 0, "-j {threads}: {}", stderr(&out));
    out.stdout
}

#[test]
fn documents_are_distinct() {
    let seed = seed_text();
    let mut docs: Vec<String> = (0..DOCS).map(|i| document(i, &seed)).collect();
    docs.sort();
    docs.dedup();
    assert!(docs.len() >= 300, "only {} distinct documents", docs.len());
}

#[test]
fn csv_is_byte_identical_for_1_2_and_4_threads() {
    let input = corpus();
    let one = one_thread_csv();
    let rows = parse_csv(one);
    // the corpus really exercises the pipeline: the seed's 9 pairs in every tenth document
    // and at least one pair in most others
    assert!(
        rows.len() >= DOCS / 20 * 9 + DOCS / 2,
        "only {} rows",
        rows.len()
    );
    let mut ids: Vec<&str> = rows.iter().map(|r| r.doc_id.as_str()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] <= w[1]),
        "rows not in input order"
    );
    ids.dedup();
    assert!(
        ids.len() >= DOCS / 2,
        "only {} documents gave pairs",
        ids.len()
    );
    for threads in ["2", "4"] {
        let other = extract_bytes(input, threads, &[]);
        assert!(other == one, "-j {threads} output differs from -j 1");
    }
}

#[test]
fn jsonl_is_byte_identical_for_1_and_2_threads() {
    let input = corpus();
    let one = extract_bytes(input, "1", &["--format", "jsonl"]);
    assert!(!parse_jsonl(&one).is_empty());
    let two = extract_bytes(input, "2", &["--format", "jsonl"]);
    assert!(two == one, "-j 2 JSONL differs from -j 1");
}

#[test]
fn output_file_matches_stdout_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus();
    let stdout = one_thread_csv();
    for threads in ["1", "2"] {
        let out_path = dir.path().join(format!("out-{threads}.csv"));
        let out = run(
            [
                "extract".as_ref(),
                "-q".as_ref(),
                "-j".as_ref(),
                threads.as_ref(),
                "-o".as_ref(),
                out_path.as_os_str(),
                input.as_os_str(),
            ],
            b"",
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(
            std::fs::read(&out_path).unwrap() == stdout,
            "-o with -j {threads} differs"
        );
        assert_eq!(dir_names(dir.path()), [format!("out-{threads}.csv")]);
        std::fs::remove_file(&out_path).unwrap();
    }
}

#[test]
fn every_row_slices_its_document() {
    let rows = parse_csv(one_thread_csv());
    let seed = seed_text();
    for r in &rows {
        let i: usize = r.doc_id.strip_prefix("doc-").unwrap().parse().unwrap();
        if let Err(e) = check_pair(&document(i, &seed), r) {
            panic!("{}: {e}", r.doc_id);
        }
    }
}
