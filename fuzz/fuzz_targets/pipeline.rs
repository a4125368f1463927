//! Fuzz target over the per-document pipeline (issue 5): arbitrary bytes, decoded lossily as
//! the batch does, must never make `Pipeline::extract` panic, and every span it returns must
//! slice the text it was given. Run with `fuzz/run.sh SECONDS`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ukti::{Pipeline, Rules, slice_chars};

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

/// Checks that `start..end` is a non-empty span inside the text and, when `want` is given,
/// that it slices to exactly that string.
fn check_span(what: &str, text: &str, chars: usize, start: usize, end: usize, want: Option<&str>) {
    assert!(
        start < end && end <= chars,
        "{what} span {start}..{end} outside 0..{chars}"
    );
    if let Some(want) = want {
        assert_eq!(
            slice_chars(text, start, end),
            want,
            "{what} {start}..{end} does not slice the text"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(|| Pipeline::new(Rules::embedded()));
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let chars = text.chars().count();
    for p in pipeline.extract("fuzz", text) {
        check_span(
            "quote",
            text,
            chars,
            p.quote_start,
            p.quote_end,
            Some(&p.quote),
        );
        if let (Some(s), Some(e)) = (p.cue_start, p.cue_end) {
            check_span("cue", text, chars, s, e, Some(&p.cue));
        }
        if let (Some(s), Some(e)) = (p.speaker_start, p.speaker_end) {
            check_span(
                "speaker mention",
                text,
                chars,
                s,
                e,
                Some(&p.speaker_mention),
            );
        }
        assert_eq!(p.doc_id, "fuzz");
        assert!(
            (0.0..=1.0).contains(&p.confidence),
            "confidence {} outside 0..1",
            p.confidence
        );
    }
});
