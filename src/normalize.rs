//! Stage 1: normalisation with an alignment back to the original text.
//!
//! Bengali news mixes encodings of the same letters (precomposed য় U+09DF next to য + ় ),
//! uses `৷` U+09F7 and `|` as a danda, and sprinkles zero-width characters and no-break spaces
//! through the text. Every later stage matches against one canonical form, so the rules only
//! need to be written once; but every offset the tool prints must slice the *original* text.
//!
//! [`Normalized`] is therefore a copy of the text plus an alignment: for every byte of the
//! normalised text, the half-open range of original code points it came from. A worked example:
//!
//! ```text
//! original   : য়  (U+09DF, one code point, original char 0)
//! normalised : য  ়  (U+09AF U+09BC, six bytes)
//! alignment  : bytes 0..3 -> chars 0..1, bytes 3..6 -> chars 0..1
//! ```
//!
//! so the normalised span covering both bytes maps back to original chars `0..1`.
//!
//! Most of a text is copied unchanged, so the alignment is stored as pieces: a copied stretch
//! is one entry (its bytes map one character to one code point), each rewritten character is
//! another. Offsets are mapped back only for the spans that are printed.
//!
//! What is changed, in this order (LINGUISTICS.md §6): BOM, soft hyphen and zero-width
//! characters removed (except the ZWJ of র‍্য); no-break and zero-width spaces become spaces;
//! CR LF becomes LF; danda lookalikes become `।`; `ত্‍` becomes `ৎ`; a nukta on a ya-phala is
//! dropped; অ+া becomes আ and the swapped া+ে becomes ো; a word-final visarga used as a
//! colon becomes `:`; finally NFC, which decomposes য় ড় ঢ় and composes ো ৌ. Quote marks are
//! never rewritten: their direction is information.

use unicode_normalization::{UnicodeNormalization, is_nfc};

/// A normalised copy of a text with its alignment to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text that every later stage reads.
    pub text: String,
    /// The alignment, in order of `norm`: piece `k` covers the normalised bytes from its
    /// `norm` to the next piece's.
    pieces: Vec<Piece>,
    /// Number of code points in the original text.
    orig_chars: u32,
}

/// A stretch of the normalised text with one rule of alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    /// First normalised byte.
    norm: u32,
    /// The original code point of the first byte.
    orig: u32,
    /// `None`: a copy, character for character, of the original from `orig` on. `Some(end)`:
    /// written by a rule; every byte came from original code points `orig..end`.
    end: Option<u32>,
}

impl Normalized {
    /// Maps a half-open byte span of the normalised text to a half-open code-point span of the
    /// original text. The result always lies on original character boundaries.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let at = if start < self.text.len() {
                self.range_of(start).0
            } else {
                self.orig_chars
            };
            return (at as usize, at as usize);
        }
        let s = self.range_of(start).0;
        let e = self.range_of(end - 1).1.max(s);
        (s as usize, e as usize)
    }

    /// The original code points normalised byte `b` came from.
    fn range_of(&self, b: usize) -> (u32, u32) {
        let k = self.pieces.partition_point(|p| p.norm as usize <= b) - 1;
        let p = self.pieces[k];
        match p.end {
            Some(end) => (p.orig, end),
            None => {
                // characters of the copy that start at or before `b`
                let chars = self.text.as_bytes()[p.norm as usize..=b]
                    .iter()
                    .filter(|&&x| (x as i8) >= -0x40)
                    .count() as u32;
                (p.orig + chars - 1, p.orig + chars)
            }
        }
    }
}

const ZWJ: char = '\u{200D}';
const ZWNJ: char = '\u{200C}';
const VIRAMA: char = '\u{09CD}';
const NUKTA: char = '\u{09BC}';

fn is_bengali(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

fn is_bengali_letter(c: char) -> bool {
    is_bengali(c) && !matches!(c, '\u{09E6}'..='\u{09EF}' | '\u{09F2}'..='\u{09FF}')
}

/// Bytes of one copied piece of the alignment (a piece is cut at the next character boundary).
const COPY_PIECE: usize = 256;

struct Builder<'a> {
    original: &'a str,
    text: String,
    pieces: Vec<Piece>,
    /// The copy not yet written: original bytes `copy_from..` from code point `copy_char` on.
    copy_from: usize,
    copy_char: usize,
}

impl Builder<'_> {
    /// Writes the pending copy up to original byte `to`, as pieces of at most about
    /// [`COPY_PIECE`] bytes so that mapping a byte back counts few characters; the copy then
    /// resumes at `to`.
    fn flush(&mut self, to: usize) {
        let mut from = self.copy_from;
        let mut char_at = self.copy_char;
        while from < to {
            let mut end = (from + COPY_PIECE).min(to);
            while !self.original.is_char_boundary(end) {
                end += 1;
            }
            self.pieces.push(Piece {
                norm: self.text.len() as u32,
                orig: char_at as u32,
                end: None,
            });
            let copy = &self.original[from..end];
            self.text.push_str(copy);
            char_at += copy.chars().count();
            from = end;
        }
        self.copy_from = to;
        self.copy_char = char_at;
    }

    /// Writes `out` in place of the `chars` code points (`len` bytes) at original byte `at`.
    fn rewrite(
        &mut self,
        at: usize,
        len: usize,
        chars: usize,
        out: impl IntoIterator<Item = char>,
    ) {
        self.flush(at);
        let i = self.copy_char;
        for c in out {
            self.push(c, i, i + chars);
        }
        self.copy_from = at + len;
        self.copy_char = i + chars;
    }

    /// Writes `c`, which came from original code points `from..to`.
    fn push(&mut self, c: char, from: usize, to: usize) {
        let piece = Piece {
            norm: self.text.len() as u32,
            orig: from as u32,
            end: Some(to as u32),
        };
        if self
            .pieces
            .last()
            .is_none_or(|p| (p.orig, p.end) != (piece.orig, piece.end))
        {
            self.pieces.push(piece);
        }
        self.text.push(c);
    }

    /// The last character written, counting the pending copy up to original byte `at`.
    fn last(&self, at: usize) -> Option<char> {
        if at > self.copy_from {
            self.original[..at].chars().next_back()
        } else {
            self.text.chars().next_back()
        }
    }
}

/// The Bengali code point encoded at byte `at` (every one is E0 A6 xx or E0 A7 xx in UTF-8;
/// the danda ।, U+0964, is outside the block).
#[inline]
pub(crate) fn bengali_at(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..at + 3) {
        Some(&[0xE0, m @ (0xA6 | 0xA7), x]) => {
            Some(0x0980 + ((m as u32 - 0xA6) << 6) + (x as u32 & 0x3F))
        }
        _ => None,
    }
}

/// The end of the run of characters from byte `at` on that no rule can change: most ASCII,
/// and Bengali letters other than those the rules rewrite, or rewrite before the letter that
/// actually follows (`া` is kept unless `ে` follows). The rules look at the character there.
#[inline]
fn copied_run(b: &[u8], mut at: usize) -> usize {
    let mut cur = bengali_at(b, at);
    while at < b.len() {
        match cur {
            Some(c) => {
                // one table lookup and two comparisons instead of a branch per letter: the
                // vowel signs that decide on the next letter are among the most frequent
                // characters; the next letter, decoded here, is the next one to check
                let next = bengali_at(b, at + 3);
                let [bad, bad2] = NEXT_THAT_REWRITES[(c - 0x0980) as usize];
                let n = next.unwrap_or(NOT_BENGALI);
                if bad == ALWAYS || n == bad || n == bad2 {
                    return at;
                }
                at += 3;
                cur = next;
            }
            None => {
                if b[at] >= 0x80 || matches!(b[at], b'\r' | b'\t' | b'|') {
                    return at;
                }
                at += 1;
                cur = bengali_at(b, at);
            }
        }
    }
    at
}

/// [`NEXT_THAT_REWRITES`]: no next letter makes the rules rewrite this one.
const NEVER: u32 = u32::MAX;
/// [`NEXT_THAT_REWRITES`]: the rules always look at this one.
const ALWAYS: u32 = u32::MAX - 1;
/// What [`copied_run`] compares when the next character is not Bengali.
const NOT_BENGALI: u32 = 0;

const fn slot(c: char) -> usize {
    c as usize - 0x0980
}

/// For each code point of the Bengali block, the (up to two) next code points before which
/// the rules may rewrite it.
const NEXT_THAT_REWRITES: [[u32; 2]; 128] = {
    let mut t = [[NEVER, NEVER]; 128];
    let mut i = 0;
    let always = [
        '\u{09F7}', '\u{09E4}', '\u{09E5}', '\u{09DF}', '\u{09DC}', '\u{09DD}',
    ];
    while i < always.len() {
        t[slot(always[i])] = [ALWAYS, ALWAYS];
        i += 1;
    }
    t[slot('ত')][0] = VIRAMA as u32;
    t[slot('য')][0] = NUKTA as u32;
    t[slot('অ')][0] = 'া' as u32;
    t[slot('া')][0] = 'ে' as u32;
    t[slot('ে')] = ['া' as u32, '\u{09D7}' as u32];
    // a visarga before another letter is not at a word end
    t[slot('ঃ')][0] = NOT_BENGALI;
    t
};

/// Normalises `original` for matching. Linear in the length of the text.
pub fn normalize(original: &str) -> Normalized {
    let mut b = Builder {
        original,
        text: String::with_capacity(original.len() + original.len() / 8),
        pieces: Vec::new(),
        copy_from: 0,
        copy_char: 0,
    };
    // `at`: byte offset in the original
    let mut at = 0;
    let bytes = original.as_bytes();
    loop {
        at = copied_run(bytes, at);
        if at >= bytes.len() {
            break;
        }
        match rule_at(original, at, || b.last(at)) {
            Rule::Copy => at += original[at..].chars().next().map_or(1, char::len_utf8),
            Rule::Write(out, step) => {
                let len = original[at..]
                    .char_indices()
                    .nth(step)
                    .map_or(original.len() - at, |(o, _)| o);
                b.rewrite(at, len, step, out.iter().copied());
                at += len;
            }
            Rule::Script(len) => {
                let run = &original[at..at + len];
                if !is_nfc(run) {
                    b.rewrite(at, len, run.chars().count(), run.nfc());
                }
                at += len;
            }
        }
    }
    b.flush(original.len());
    Normalized {
        text: b.text,
        pieces: b.pieces,
        orig_chars: b.copy_char as u32,
    }
}

/// What the rules do with the character at byte `at` of `original`.
#[derive(Debug, PartialEq)]
enum Rule {
    /// Copied as it is.
    Copy,
    /// Replaced by these characters, taking this many code points from `at` on.
    Write(&'static [char], usize),
    /// The first of a run of this many bytes of other scripts, normalised as a whole.
    Script(usize),
}

/// The rule for the character at byte `at`; `last` gives the character written before it.
fn rule_at(original: &str, at: usize, last: impl Fn() -> Option<char>) -> Rule {
    let Some(c) = original[at..].chars().next() else {
        return Rule::Copy;
    };
    let mut it = original[at + c.len_utf8()..].chars();
    let next = it.next();
    let write: Option<(&'static [char], usize)> = match c {
        '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => Some((&[], 1)),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{200B}' | '\u{3000}' | '\t' => Some((&[' '], 1)),
        '\r' if next == Some('\n') => Some((&[], 1)),
        '\r' => Some((&['\n'], 1)),
        '\u{09F7}' | '\u{09E4}' => Some((&['।'], 1)),
        '\u{09E5}' => Some((&['॥'], 1)),
        '|' if pipe_is_danda(&original[..at]) => Some((&['।'], 1)),
        // ত + virama + ZWJ: the pre-Unicode-4.1 encoding of khanda ta.
        'ত' if next == Some(VIRAMA) && it.next() == Some(ZWJ) => Some((&['ৎ'], 3)),
        // A nukta written on a ya-phala (্য়) is a typing accident for ্য.
        'য' if last() == Some(VIRAMA) && next == Some(NUKTA) => Some((&['য'], 2)),
        '\u{09DF}' if last() == Some(VIRAMA) => Some((&['য'], 1)),
        'অ' if next == Some('া') => Some((&['আ'], 2)),
        'া' if next == Some('ে') => Some((&['ো'], 2)),
        'ে' if next == Some('া') => Some((&['ো'], 2)),
        'ে' if next == Some('\u{09D7}') => Some((&['ৌ'], 2)),
        '\u{09DC}' => Some((&['ড', NUKTA], 1)),
        '\u{09DD}' => Some((&['ঢ', NUKTA], 1)),
        '\u{09DF}' => Some((&['য', NUKTA], 1)),
        // Only র‍্য (as in র‍্যাব) needs the joiner; elsewhere it is advisory.
        ZWJ | ZWNJ if last() == Some('র') && next == Some(VIRAMA) => Some((&[ZWJ], 1)),
        ZWJ | ZWNJ => Some((&[], 1)),
        'ঃ' if visarga_is_colon(&original[..at], next) => Some((&[':'], 1)),
        c if c.is_ascii() || is_bengali(c) => None,
        // other scripts: NFC over the run of such characters; the run maps as a whole
        _ => {
            let rest = &original[at..];
            let len = rest
                .char_indices()
                .find(|&(_, c)| c.is_ascii() || is_bengali(c))
                .map_or(rest.len(), |(o, _)| o);
            return Rule::Script(len);
        }
    };
    write.map_or(Rule::Copy, |(out, step)| Rule::Write(out, step))
}

/// Whether a `|` after `before` is a danda: the last non-space character is Bengali.
fn pipe_is_danda(before: &str) -> bool {
    let prev = before.chars().rev().find(|c| !is_space(*c));
    prev.is_some_and(is_bengali)
}

/// `বলেনঃ` uses the visarga as a colon; `ডঃ`, `মোঃ`, `ডাঃ` are abbreviations. `before` is
/// the text before the visarga, `next` the character after it.
fn visarga_is_colon(before: &str, next: Option<char>) -> bool {
    let at_word_end = next.is_none_or(|c| is_space(c) || is_quote_char(c));
    if !at_word_end {
        return false;
    }
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| is_bengali_letter(*c))
        .count();
    word_len >= 3
}

/// `char::is_whitespace` with a fast path: Bengali text is never whitespace.
#[inline]
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_whitespace()
    } else {
        !is_bengali(c) && c.is_whitespace()
    }
}

/// `char::is_numeric` with fast paths for ASCII and Bengali digits.
#[inline]
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else if is_bengali(c) {
        ('\u{09E6}'..='\u{09EF}').contains(&c)
    } else {
        c.is_numeric()
    }
}

/// Quote characters the extractor knows; never rewritten by normalisation.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '‘' | '’' | '“' | '”' | '"' | '\'' | '«' | '»' | '„' | '‟' | '‛'
    )
}

/// Normalises a rule-file entry exactly as document text is normalised.
pub fn normalize_entry(s: &str) -> String {
    normalize(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(orig: &str, s: usize, e: usize) -> String {
        orig.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn precomposed_ya_decomposes_and_maps_back() {
        let orig = "মারি\u{09DF}া";
        let n = normalize(orig);
        assert_eq!(n.text, "মারি\u{09AF}\u{09BC}া");
        let (s, e) = n.to_original(0, n.text.len());
        assert_eq!(slice(orig, s, e), orig);
        // the nukta alone maps to the whole precomposed letter
        let nukta_at = n.text.find('\u{09BC}').unwrap();
        assert_eq!(n.to_original(nukta_at, nukta_at + 3), (4, 5));
    }

    #[test]
    fn danda_lookalike_and_pipe() {
        let n = normalize("বাড়াচ্ছে৷ তিনি | বলেন");
        assert!(n.text.contains("বাড়াচ্ছে।"));
        assert!(n.text.contains("তিনি । বলেন"));
        let n2 = normalize("a | b");
        assert_eq!(n2.text, "a | b");
    }

    #[test]
    fn zero_width_removed_except_rab() {
        let rab = "র\u{200D}\u{09CD}যাব";
        assert_eq!(normalize(rab).text, rab);
        assert_eq!(normalize("ক\u{200C}খ").text, "কখ");
        assert_eq!(normalize("\u{FEFF}তিনি\u{00A0}বলেন").text, "তিনি বলেন");
    }

    #[test]
    fn vowel_sign_repairs() {
        assert_eq!(normalize("ক\u{09C7}\u{09BE}ন").text, "কোন");
        assert_eq!(normalize("ক\u{09BE}\u{09C7}ন").text, "কোন");
        assert_eq!(normalize("অাম").text, "আম");
        assert_eq!(normalize("উৎস").text, "উৎস");
        assert_eq!(normalize("উত\u{09CD}\u{200D}স").text, "উৎস");
        assert_eq!(normalize("মুখ্য\u{09BC}মন্ত্রী").text, "মুখ্যমন্ত্রী");
    }

    #[test]
    fn visarga_colon_but_not_abbreviation() {
        assert_eq!(normalize("তিনি বলেনঃ আমরা").text, "তিনি বলেন: আমরা");
        assert_eq!(normalize("ডঃ ইউনূস").text, "ডঃ ইউনূস");
        assert_eq!(normalize("মোঃ করিম").text, "মোঃ করিম");
    }

    #[test]
    fn crlf_and_quotes_untouched() {
        let n = normalize("‘ক’\r\n“খ”");
        assert_eq!(n.text, "‘ক’\n“খ”");
        let nl = n.text.find('\n').unwrap();
        assert_eq!(n.to_original(nl, nl + 1), (4, 5));
    }

    #[test]
    fn the_fast_path_copies_only_what_the_rules_copy() {
        // copied_run's table repeats what rule_at decides: for every Bengali or ASCII
        // character, before every such character (and a joiner after), with any character
        // written before it, a character the fast path copies is one the rules copy
        let mut cs: Vec<char> = (0x0980..0x0A00).filter_map(char::from_u32).collect();
        cs.extend((0..0x80u32).filter_map(char::from_u32));
        let (mut copied, mut checked) = (0, 0);
        for &a in &cs {
            for &b in &cs {
                for third in ["", "\u{200D}"] {
                    let t = format!("{a}{b}{third}");
                    if copied_run(t.as_bytes(), 0) < a.len_utf8() {
                        continue;
                    }
                    copied += 1;
                    for last in [None, Some(VIRAMA), Some('র')] {
                        assert_eq!(rule_at(&t, 0, || last), Rule::Copy, "{t:?} after {last:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            copied > 100_000 && checked == 3 * copied,
            "{copied} {checked}"
        );
    }

    #[test]
    fn copies_around_a_rewrite_map_char_by_char() {
        // a copy `কা `, the rewritten য়, a copy `খগ`
        let orig = "কা \u{09DF}খগ";
        let n = normalize(orig);
        assert_eq!(n.text, "কা য\u{09BC}খগ");
        let byte = |c: &str| n.text.find(c).unwrap();
        assert_eq!(n.to_original(byte("া"), byte("া") + 3), (1, 2));
        assert_eq!(n.to_original(byte(" "), byte(" ") + 1), (2, 3));
        assert_eq!(n.to_original(byte("য"), byte("খ")), (3, 4));
        assert_eq!(n.to_original(byte("গ"), n.text.len()), (5, 6));
        // the middle byte of a character maps to that character
        assert_eq!(n.to_original(byte("গ") + 1, byte("গ") + 2), (5, 6));
        assert_eq!(n.to_original(n.text.len(), n.text.len()), (6, 6));
    }

    #[test]
    fn long_copies_map_every_character() {
        // copies longer than one piece, on both sides of a rewrite, with 1- and 3-byte chars
        let orig = format!("{}\u{09DF}{}", "কa".repeat(150), "খ b".repeat(120));
        let n = normalize(&orig);
        let mut byte = 0;
        for (k, c) in n.text.chars().enumerate() {
            // the nukta added to য় maps to the same original character as the য
            let want = if k <= 300 { k } else { k - 1 };
            assert_eq!(
                n.to_original(byte, byte + c.len_utf8()),
                (want, want + 1),
                "{k}"
            );
            byte += c.len_utf8();
        }
    }

    #[test]
    fn every_byte_maps_inside_original() {
        let orig = "\u{FEFF}য়\u{200C}ড়e\u{0301}৷|";
        let n = normalize(orig);
        let len = orig.chars().count();
        for i in 0..n.text.len() {
            let (s, e) = n.range_of(i);
            assert!(s < e && e as usize <= len);
        }
    }
}
