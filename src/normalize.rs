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
    /// For each byte of `text`: the first original code point it came from.
    starts: Vec<u32>,
    /// The few bytes whose original range is not one code point (`ত্‍` -> `ৎ`, a composed
    /// vowel sign, an NFC run): normalised byte -> original end.
    wide: rustc_hash::FxHashMap<u32, u32>,
    /// Number of code points in the original text.
    orig_chars: u32,
}

impl Normalized {
    /// Maps a half-open byte span of the normalised text to a half-open code-point span of the
    /// original text. The result always lies on original character boundaries.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let at = self.starts.get(start).copied().unwrap_or(self.orig_chars);
            return (at as usize, at as usize);
        }
        let s = self.starts[start];
        let e = self.end_of(end - 1).max(s);
        (s as usize, e as usize)
    }

    /// The original end of normalised byte `b`.
    fn end_of(&self, b: usize) -> u32 {
        self.wide
            .get(&(b as u32))
            .copied()
            .unwrap_or(self.starts[b] + 1)
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

struct Builder {
    text: String,
    starts: Vec<u32>,
    wide: rustc_hash::FxHashMap<u32, u32>,
}

impl Builder {
    fn push(&mut self, c: char, from: usize, to: usize) {
        let n = c.len_utf8();
        if to != from + 1 {
            for k in 0..n {
                self.wide.insert((self.text.len() + k) as u32, to as u32);
            }
        }
        self.text.push(c);
        for _ in 0..n {
            self.starts.push(from as u32);
        }
    }

    fn last(&self) -> Option<char> {
        self.text.chars().next_back()
    }
}

/// Normalises `original` for matching. Linear in the length of the text.
pub fn normalize(original: &str) -> Normalized {
    let chars: Vec<char> = original.chars().collect();
    let mut b = Builder {
        text: String::with_capacity(original.len() + original.len() / 8),
        starts: Vec::with_capacity(original.len() + original.len() / 8),
        wide: rustc_hash::FxHashMap::default(),
    };
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => i += 1,
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{200B}' | '\u{3000}' | '\t' => {
                b.push(' ', i, i + 1);
                i += 1;
            }
            '\r' => {
                if next != Some('\n') {
                    b.push('\n', i, i + 1);
                }
                i += 1;
            }
            '\u{09F7}' | '\u{09E4}' => {
                b.push('।', i, i + 1);
                i += 1;
            }
            '\u{09E5}' => {
                b.push('॥', i, i + 1);
                i += 1;
            }
            '|' if pipe_is_danda(&chars, i) => {
                b.push('।', i, i + 1);
                i += 1;
            }
            // ত + virama + ZWJ: the pre-Unicode-4.1 encoding of khanda ta.
            'ত' if next == Some(VIRAMA) && chars.get(i + 2) == Some(&ZWJ) => {
                b.push('ৎ', i, i + 3);
                i += 3;
            }
            // A nukta written on a ya-phala (্য়) is a typing accident for ্য.
            'য' if b.last() == Some(VIRAMA) && next == Some(NUKTA) => {
                b.push('য', i, i + 2);
                i += 2;
            }
            '\u{09DF}' if b.last() == Some(VIRAMA) => {
                b.push('য', i, i + 1);
                i += 1;
            }
            'অ' if next == Some('া') => {
                b.push('আ', i, i + 2);
                i += 2;
            }
            'া' if next == Some('ে') => {
                b.push('ো', i, i + 2);
                i += 2;
            }
            'ে' if next == Some('া') => {
                b.push('ো', i, i + 2);
                i += 2;
            }
            'ে' if next == Some('\u{09D7}') => {
                b.push('ৌ', i, i + 2);
                i += 2;
            }
            '\u{09DC}' => {
                b.push('ড', i, i + 1);
                b.push(NUKTA, i, i + 1);
                i += 1;
            }
            '\u{09DD}' => {
                b.push('ঢ', i, i + 1);
                b.push(NUKTA, i, i + 1);
                i += 1;
            }
            '\u{09DF}' => {
                b.push('য', i, i + 1);
                b.push(NUKTA, i, i + 1);
                i += 1;
            }
            ZWJ | ZWNJ => {
                // Only র‍্য (as in র‍্যাব) needs the joiner; elsewhere it is advisory.
                let before_ra = b.last() == Some('র');
                if before_ra && next == Some(VIRAMA) {
                    b.push(ZWJ, i, i + 1);
                }
                i += 1;
            }
            'ঃ' if visarga_is_colon(&chars, i) => {
                b.push(':', i, i + 1);
                i += 1;
            }
            c if c.is_ascii() || is_bengali(c) => {
                b.push(c, i, i + 1);
                i += 1;
            }
            _ => {
                // Other scripts: NFC over the run of such characters; the run maps as a whole.
                let start = i;
                while i < n && !chars[i].is_ascii() && !is_bengali(chars[i]) {
                    i += 1;
                }
                let run: String = chars[start..i].iter().collect();
                if is_nfc(&run) {
                    for (k, ch) in run.chars().enumerate() {
                        b.push(ch, start + k, start + k + 1);
                    }
                } else {
                    for ch in run.nfc() {
                        b.push(ch, start, i);
                    }
                }
            }
        }
    }
    Normalized {
        text: b.text,
        starts: b.starts,
        wide: b.wide,
        orig_chars: n as u32,
    }
}

fn pipe_is_danda(chars: &[char], i: usize) -> bool {
    let prev = chars[..i].iter().rev().find(|c| !is_space(**c));
    prev.is_some_and(|&c| is_bengali(c))
}

/// `বলেনঃ` uses the visarga as a colon; `ডঃ`, `মোঃ`, `ডাঃ` are abbreviations.
fn visarga_is_colon(chars: &[char], i: usize) -> bool {
    let next = chars.get(i + 1).copied();
    let at_word_end = next.is_none_or(|c| is_space(c) || is_quote_char(c));
    if !at_word_end {
        return false;
    }
    let word_len = chars[..i]
        .iter()
        .rev()
        .take_while(|c| is_bengali_letter(**c))
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
    fn every_byte_maps_inside_original() {
        let orig = "\u{FEFF}য়\u{200C}ড়e\u{0301}৷|";
        let n = normalize(orig);
        let len = orig.chars().count();
        for i in 0..n.text.len() {
            let (s, e) = (n.starts[i], n.end_of(i));
            assert!(s < e && e as usize <= len);
        }
    }
}
