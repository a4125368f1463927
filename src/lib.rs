//! ukti (উক্তি, "utterance"): who said what in Bengali news.
//!
//! One document goes through six stages, each adding a layer to the [`Document`]:
//!
//! 1. [`normalize`]: a matching copy of the text (NFC, danda lookalikes, zero-width
//!    characters) with an alignment back to the original, so every printed offset slices the
//!    original exactly.
//! 2. [`segment`]: paragraphs (headings and boilerplate marked), paired quote marks,
//!    sentences and tokens.
//! 3. [`cues`]: speech verbs, light-verb predicates, according-to and documentary passives,
//!    from the lexicons in `rules/`, with directives, negation, future and talk rejected.
//! 4. [`quotes`]: the span each cue governs (marked, indirect, quote-first, after the fact),
//!    and unmarked first-person continuations.
//! 5. [`mentions`]: the speaker mention near each cue, and a per-document tracker of people
//!    introduced with a role or title.
//! 6. [`attribute`]: the canonical speaker of each quote, how it was found and a confidence.
//!
//! ```
//! let pipeline = ukti::Pipeline::new(ukti::Rules::embedded());
//! let text = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে। তিনি বলেন, “আমরা প্রস্তুত৷”";
//! let pairs = pipeline.extract("doc", text);
//! assert_eq!(pairs.len(), 2);
//! assert_eq!(pairs[0].speaker, "মারিয়া জাখারোভা");
//! assert_eq!(pairs[0].quote, "বৈঠক হয়েছে");
//! assert_eq!(pairs[1].speaker, "মারিয়া জাখারোভা"); // তিনি -> the last speaker
//! assert_eq!(pairs[1].quote, "আমরা প্রস্তুত৷");
//! assert_eq!(pairs[1].kind, "direct");
//! ```

pub mod attribute;
pub mod batch;
pub mod corpus;
pub mod cues;
pub mod document;
pub mod eval;
pub mod mentions;
pub mod normalize;
pub mod output;
pub mod quotes;
pub mod rules;
pub mod segment;

pub use document::Document;
pub use rules::Rules;

use serde::{Deserialize, Serialize};

/// One speaker–quote pair: a row of the output. Offsets are code points of the original text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub doc_id: String,
    pub quote_start: usize,
    pub quote_end: usize,
    pub speaker: String,
    pub kind: String,
    pub cue: String,
    pub quote: String,
    pub speaker_mention: String,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub speaker_role: String,
    pub speaker_latin: String,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub method: String,
    pub confidence: f32,
    pub rule: String,
}

/// The compiled rules and the per-document pipeline. Cheap to share across threads.
pub struct Pipeline {
    rules: Rules,
}

/// Slices `text` by code-point offsets.
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let s = it.by_ref().nth(start).unwrap_or(text.len());
    let e = if end > start {
        it.nth(end - start - 1).unwrap_or(text.len())
    } else {
        s
    };
    &text[s..e]
}

impl Pipeline {
    pub fn new(rules: Rules) -> Pipeline {
        Pipeline { rules }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Runs stages 1–4 and returns the document with its layers, the cues and the quotes.
    pub fn analyse(&self, id: &str, text: &str) -> (Document, Vec<cues::Cue>, Vec<quotes::Quote>) {
        let mut doc = Document {
            id: id.to_string(),
            norm: normalize::normalize(text),
            ..Default::default()
        };
        segment::segment(&mut doc, &self.rules);
        let cues = cues::find_cues(&doc, &self.rules);
        let quotes = quotes::find_quotes(&doc, &self.rules, &cues);
        (doc, cues, quotes)
    }

    /// Runs the whole pipeline on one document.
    pub fn extract(&self, id: &str, text: &str) -> Vec<Pair> {
        let (doc, cues, quotes) = self.analyse(id, text);
        if quotes.is_empty() {
            return Vec::new();
        }
        let mut ents = mentions::Entities::scan(&doc, &self.rules);
        let atts = attribute::attribute(&doc, &self.rules, &cues, &quotes, &mut ents);
        let orig = |s: document::Span| doc.norm.to_original(s.start, s.end);
        // code-point offsets -> byte offsets of the original, for slicing
        let char_bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let cut = |s: usize, e: usize| &text[char_bytes[s]..char_bytes[e]];
        let mut out = Vec::new();
        for (q, att) in quotes.iter().zip(atts) {
            let Some(att) = att else { continue };
            let (qs, qe) = orig(q.span);
            let cue = q.cue.map(|c| &cues[c]);
            let (cue_text, cs, ce) = match cue {
                Some(c) => {
                    let (s, e) = orig(c.span);
                    (cut(s, e).to_string(), Some(s), Some(e))
                }
                None => (String::new(), None, None),
            };
            let (mention, ms, me) = match att.mention {
                Some(m) => {
                    let (s, e) = orig(m);
                    (cut(s, e).to_string(), Some(s), Some(e))
                }
                None => (String::new(), None, None),
            };
            let rule = match cue {
                Some(c) => format!("{}+{}", q.frame, c.rule),
                None => q.frame.to_string(),
            };
            out.push(Pair {
                doc_id: id.to_string(),
                quote_start: qs,
                quote_end: qe,
                speaker: att.speaker,
                kind: q.kind.name().to_string(),
                cue: cue_text,
                quote: cut(qs, qe).to_string(),
                speaker_mention: mention,
                speaker_start: ms,
                speaker_end: me,
                speaker_role: att.role.unwrap_or_default(),
                speaker_latin: att.latin.unwrap_or_default(),
                cue_start: cs,
                cue_end: ce,
                method: att.method.name().to_string(),
                confidence: (att.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
                rule,
            });
        }
        out
    }
}
