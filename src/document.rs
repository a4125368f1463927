//! The document that flows through the pipeline, and the layers each stage adds to it.
//!
//! One [`Document`] is built per input text. Stage 1 fills [`Document::norm`]; stage 2 the
//! paragraphs, quote marks, sentences and tokens; stage 3 the cues; stage 4 the quotes;
//! stages 5 and 6 fill in speakers. Every span inside the document is a half-open *byte* range
//! of the normalised text; only the output converts to code-point offsets of the original text
//! (via [`crate::normalize::Normalized::to_original`]).

use crate::normalize::Normalized;

/// A half-open byte range of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaKind {
    Body,
    /// A short line without final punctuation: a title or sub-heading.
    Heading,
    /// URLs, ad codes and other lines with no Bengali prose.
    Boilerplate,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParaKind,
    /// Sentence index range.
    pub sentences: (usize, usize),
    /// Index range of this paragraph's quote marks in [`Document::marks`].
    pub marks: (usize, usize),
}

/// A pair of quote marks (or an unbalanced one) found in a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Marked {
    /// From the opening mark to the closing mark, both included.
    pub outer: Span,
    /// The text between the marks.
    pub inner: Span,
    /// Whether an opening mark was seen (a closing mark alone ends a quote after `বলেন,`).
    pub opened: bool,
    /// Whether a closing mark was seen (an opener left open runs to the paragraph end).
    pub closed: bool,
    /// Nesting depth: 0 for an outermost quote.
    pub depth: u8,
    pub para: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// , ; :
    Comma,
    /// । ? ! ॥ .
    Stop,
    /// An opening quote mark.
    Open,
    /// A closing quote mark.
    Close,
    /// Dashes, brackets and other punctuation.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub span: Span,
    pub kind: TokKind,
    /// Inside a closed pair of quote marks (someone's quoted words).
    pub quoted: bool,
}

impl Token {
    pub fn new(span: Span, kind: TokKind) -> Token {
        Token {
            span,
            kind,
            quoted: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    pub para: usize,
    /// Token index range.
    pub tokens: (usize, usize),
}

/// The document with every layer the pipeline has added so far.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub norm: Normalized,
    pub paragraphs: Vec<Paragraph>,
    pub marks: Vec<Marked>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Outermost marks by the byte where their opening mark starts.
    pub open_at: rustc_hash::FxHashMap<usize, usize>,
    /// Outermost closed marks by the byte where their closing mark ends.
    pub close_at: rustc_hash::FxHashMap<usize, usize>,
}

impl Document {
    pub fn text(&self) -> &str {
        &self.norm.text
    }

    pub fn slice(&self, s: Span) -> &str {
        &self.norm.text[s.start..s.end]
    }

    pub fn tok(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// The first token at or after byte `byte`, searching from token `from`.
    pub fn token_at_or_after(&self, from: usize, byte: usize) -> usize {
        from + self.tokens[from.min(self.tokens.len())..].partition_point(|t| t.span.start < byte)
    }

    /// The sentence holding byte `byte` (the last one starting at or before it).
    pub fn sentence_at(&self, byte: usize) -> usize {
        self.sentences
            .partition_point(|s| s.span.start <= byte)
            .saturating_sub(1)
    }
}
