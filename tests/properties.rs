//! Property tests (issue 5) for the per-document pipeline, on arbitrary strings and on
//! strings built from Bengali news material (words, cues, pronouns, quote marks, dandas,
//! ZWJ/ZWNJ, U+09DF, NBSP, BOM, CRLF): nothing panics, every printed span slices the original
//! text exactly, confidence is in [0, 1], kind is one of the four; a leading paragraph shifts
//! spans without breaking them; a plain `X বলেছেন, <content>।` always gives that pair; and
//! pairs written as CSV or JSONL read back as the same rows.

mod common;

use common::*;
use proptest::prelude::*;
use ukti::Pair;
use ukti::output::{Format, PairWriter};

/// Pieces of Bengali news text, with the characters that trouble offsets and segmentation.
const POOL: &[&str] = &[
    "আমি",
    "আমরা",
    "আমাদের",
    "তিনি",
    "তাঁরা",
    "উনি",
    "সে",
    "বলেন",
    "বলেছেন",
    "বলেছিলেন",
    "বললেন",
    "বলেননি",
    "বলবেন",
    "জানান",
    "জানিয়েছেন",
    "বলে",
    "যে",
    "মতে",
    "অনুসারে",
    "যোগ",
    "করেন",
    "করেছেন",
    "করতে",
    "কথা",
    "না",
    "মন্ত্রী",
    "মুখপাত্র",
    "রুশ",
    "মারিয়া",
    "জাখারোভা",
    "মার্কিন",
    "বিদেশমন্ত্রী",
    "অ্যান্টনি",
    "ব্লিঙ্কেন",
    "ল্যাভরভ",
    "লাভরভের",
    "বৈঠক",
    "হয়েছে",
    "হ\u{09DF}েছে",
    "প্রস্তুত",
    "বিসিবি’র",
    "পুলিশ",
    "জানিয়েছে",
    "সূত্র",
    "একজন",
    "কর্মকর্তা",
    "ড.",
    "মো.",
    "(Anthony Blinken)",
    "G20",
    "১০",
    "জি-২০",
    " ",
    " ",
    " ",
    " ",
    " ",
    ",",
    ", ",
    "।",
    "। ",
    "৷",
    "?",
    "!",
    "|",
    ".",
    "‘",
    "’",
    "“",
    "”",
    "\"",
    "'",
    "«",
    "»",
    "\n",
    "\n\n",
    "\r\n",
    "\u{200D}",
    "\u{200C}",
    "\u{200B}",
    "\u{00A0}",
    "\u{FEFF}",
    "\u{09DF}",
    "য়",
    "ড়",
    "\u{09CD}",
    "\u{09BC}",
    "\u{09BE}",
    "(",
    ")",
    "-",
    "😀",
    "https://x.y/বলেন",
    "<p>",
    "&amp;",
];

fn bengali() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..120).prop_map(|v| v.concat())
}

/// Sentence-shaped text: subject, cue, separator, content and end in many combinations, so
/// that most cases really produce pairs.
fn sentences() -> impl Strategy<Value = String> {
    let subject = prop::sample::select(
        &[
            "তিনি",
            "রুশ মুখপাত্র মারিয়া জাখারোভা",
            "মার্কিন বিদেশমন্ত্রী অ্যান্টনি ব্লিঙ্কেন (Anthony Blinken)",
            "পুলিশ",
            "একজন কর্মকর্তা",
            "ব্লিঙ্কেন",
            "",
        ][..],
    );
    let cue = prop::sample::select(
        &[
            "বলেন",
            "বলেছেন",
            "বলেছিলেন",
            "জানান",
            "জানিয়েছেন",
            "যোগ করেন",
            "বলেননি",
            "করতে বলেছেন",
        ][..],
    );
    let sep = prop::sample::select(&[", ", " যে ", " ", ", “", ", ‘", " \""][..]);
    let content = prop::collection::vec(prop::sample::select(POOL), 0..25).prop_map(|v| v.concat());
    let end = prop::sample::select(&["।", "।”", "’।", "\"।", "", "?", "৷", "\n\n"][..]);
    let sentence =
        (subject, cue, sep, content, end).prop_map(|(s, c, p, x, e)| format!("{s} {c}{p}{x}{e}"));
    prop::collection::vec(sentence, 1..6).prop_map(|v| v.join(" "))
}

/// Sentence-shaped paragraphs: context (the last speaker, a quote in the paragraph before)
/// carries across the blank lines.
fn paragraphs() -> impl Strategy<Value = String> {
    prop::collection::vec(sentences(), 1..4).prop_map(|v| v.join("\n\n"))
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), bengali(), sentences(), paragraphs()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_slice_the_original(text in arbitrary_text()) {
        let pairs = extract("d", &text);
        for p in &pairs {
            prop_assert_eq!(p.doc_id.as_str(), "d");
            if let Err(e) = check_pair(&text, p) {
                return Err(TestCaseError::fail(e));
            }
        }
    }

    #[test]
    fn a_leading_paragraph_keeps_every_span_right(text in arbitrary_text()) {
        let prefixed = format!("ক। \n\n{text}");
        for p in &extract("d", &prefixed) {
            if let Err(e) = check_pair(&prefixed, p) {
                return Err(TestCaseError::fail(e));
            }
        }
    }

    #[test]
    fn extracted_pairs_round_trip_through_csv_and_jsonl(text in arbitrary_text()) {
        let pairs = extract("d,\"x\"", &text);
        prop_assert_eq!(csv_round_trip(&pairs), pairs.clone());
        prop_assert_eq!(jsonl_round_trip(&pairs), pairs);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// On sentence-shaped text (one sentence a paragraph, so no context crosses over) the
    /// leading paragraph moves every pair by exactly its 5 code points and changes nothing else.
    #[test]
    fn a_leading_paragraph_shifts_pairs_by_its_length(text in paragraphs()) {
        let plain = extract("d", &text);
        let prefixed = format!("ক। \n\n{text}");
        let shifted = extract("d", &prefixed);
        let moved: Vec<Pair> = plain
            .iter()
            .cloned()
            .map(|mut p| {
                p.quote_start += 5;
                p.quote_end += 5;
                p.speaker_start = p.speaker_start.map(|x| x + 5);
                p.speaker_end = p.speaker_end.map(|x| x + 5);
                p.cue_start = p.cue_start.map(|x| x + 5);
                p.cue_end = p.cue_end.map(|x| x + 5);
                p
            })
            .collect();
        prop_assert_eq!(shifted, moved);
    }

    /// A named speaker, a speech verb, a comma or `যে`, plain content and a danda: exactly one
    /// pair, that speaker, that content.
    #[test]
    fn a_plain_report_gives_its_pair(
        verb in prop::sample::select(&["বলেছেন", "বলেন", "জানান", "জানিয়েছেন", "বলেছিলেন"][..]),
        sep in prop::sample::select(&[", ", " যে "][..]),
        words in prop::collection::vec(prop::sample::select(&[
            "বৈঠক", "হয়েছে", "দেশের", "উন্নয়ন", "চলবে", "সরকার", "নতুন", "প্রকল্প", "শুরু", "হবে",
            "আগামী", "বছর", "থেকে", "ভালো", "অর্থনীতি", "স্থিতিশীল", "রয়েছে", "আলোচনা", "অব্যাহত",
            "ঢাকায়", "দুই", "দেশ", "সম্পর্ক", "আরও", "গভীর",
        ][..]), 2..12),
    ) {
        let content = words.join(" ");
        let text = format!("রুশ মুখপাত্র মারিয়া জাখারোভা {verb}{sep}{content}।");
        let pairs = extract("d", &text);
        prop_assert_eq!(pairs.len(), 1, "pairs: {:?}", pairs);
        prop_assert_eq!(pairs[0].speaker.as_str(), "মারিয়া জাখারোভা");
        prop_assert_eq!(pairs[0].quote.as_str(), content.as_str());
        prop_assert_eq!(pairs[0].cue.as_str(), verb);
        let start = text.chars().count() - 1 - content.chars().count();
        prop_assert_eq!((pairs[0].quote_start, pairs[0].quote_end), (start, start + content.chars().count()));
    }
}

fn csv_round_trip(pairs: &[Pair]) -> Vec<Pair> {
    let mut w = PairWriter::new(Vec::new(), Format::Csv, false).unwrap();
    for p in pairs {
        w.write(p).unwrap();
    }
    parse_csv(&w.finish().unwrap())
}

fn jsonl_round_trip(pairs: &[Pair]) -> Vec<Pair> {
    let mut w = PairWriter::new(Vec::new(), Format::Jsonl, false).unwrap();
    for p in pairs {
        w.write(p).unwrap();
    }
    parse_jsonl(&w.finish().unwrap())
}

/// Field text that CSV must quote: delimiters, quotes, CR, LF, leading and trailing spaces,
/// a BOM, Bengali.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(
                &[
                    ",",
                    "\"",
                    "\r",
                    "\n",
                    "\r\n",
                    " ",
                    "\u{FEFF}",
                    "#",
                    "a",
                    "বলেন",
                    "“",
                    ""
                ][..]
            ),
            0..12
        )
        .prop_map(|v| v.concat()),
    ]
}

fn span() -> impl Strategy<Value = Option<usize>> {
    prop::option::of(0usize..1_000_000)
}

fn arbitrary_pair() -> impl Strategy<Value = Pair> {
    (
        (
            field(),
            0usize..1_000_000,
            0usize..1_000_000,
            field(),
            field(),
            field(),
        ),
        (field(), field(), span(), span(), field(), field()),
        (span(), span(), field(), 0u32..=100, field()),
    )
        .prop_map(
            |(
                (doc_id, qs, qe, speaker, kind, cue),
                (quote, mention, ss, se, role, latin),
                (cs, ce, method, conf, rule),
            )| Pair {
                doc_id,
                quote_start: qs,
                quote_end: qe,
                speaker,
                kind,
                cue,
                quote,
                speaker_mention: mention,
                speaker_start: ss,
                speaker_end: se,
                speaker_role: role,
                speaker_latin: latin,
                cue_start: cs,
                cue_end: ce,
                method,
                // the pipeline rounds confidence to two decimals; CSV prints two
                confidence: (conf as f32 / 100.0 * 100.0).round() / 100.0,
                rule,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_rows_round_trip_through_csv(pairs in prop::collection::vec(arbitrary_pair(), 0..6)) {
        prop_assert_eq!(csv_round_trip(&pairs), pairs);
    }

    #[test]
    fn any_rows_round_trip_through_jsonl(pairs in prop::collection::vec(arbitrary_pair(), 0..6)) {
        prop_assert_eq!(jsonl_round_trip(&pairs), pairs);
    }
}

#[test]
fn the_strategies_produce_pairs() {
    // guards the generators: sentence-shaped text must give the span checks something to check
    let text = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে। তিনি বলেন, “আমরা প্রস্তুত৷”";
    let pairs = extract("d", text);
    assert_eq!(pairs.len(), 2);
    assert_eq!(csv_round_trip(&pairs), pairs);
    let prefixed = format!("ক। \n\n{text}");
    let shifted = extract("d", &prefixed);
    assert_eq!(shifted.len(), 2);
    assert_eq!(shifted[0].quote_start, pairs[0].quote_start + 5);
    assert_eq!(shifted[1].quote, "আমরা প্রস্তুত৷");
}
