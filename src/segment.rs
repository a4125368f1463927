//! Stage 2: paragraphs, quote marks, sentences and tokens.
//!
//! Paragraphs are lines: news text puts a heading on its own line right above the body, and
//! a heading must never be read as part of the next sentence. Headings (short lines without
//! final punctuation) and boilerplate (URLs, ad codes) are marked so no quote comes from them,
//! except a heading that carries quoted words and a cue.
//!
//! Quote marks are paired per paragraph *before* sentences are split, so a quote of several
//! sentences (`‘… । … ।’`) stays inside one sentence and its cue sees all of it. A `’` between
//! two letters (`বিসিবি’র`, `দু’জন`) is an apostrophe, not a mark.
//!
//! Sentences end at । ? ! ॥ and at a `.` that is not an abbreviation (`ড.`, `মো.`, initials),
//! with closing marks after the terminator kept in the sentence they close.

use crate::document::{Document, Marked, ParaKind, Paragraph, Sentence, Span, TokKind, Token};
use crate::normalize::{bengali_at, is_digit, is_quote_char, is_space};
use crate::rules::{Rules, class};

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    ('\u{0981}'..='\u{09FE}').contains(&c) || c.is_alphanumeric()
}

/// Whether the mark at byte `i` of `t` (one char `c`) sits inside a word.
fn is_apostrophe(t: &str, i: usize, c: char) -> bool {
    let prev = t[..i].chars().next_back();
    let next = t[i + c.len_utf8()..].chars().next();
    matches!((prev, next), (Some(p), Some(n)) if is_letter(p) && is_letter(n))
}

/// Fills paragraphs, marks, sentences and tokens.
pub fn segment(doc: &mut Document, rules: &Rules) {
    let text = std::mem::take(&mut doc.norm.text);
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let lstart = pos;
        pos += line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let span = Span::new(lstart + trimmed_start, lstart + trimmed_start + body.len());
        let para = doc.paragraphs.len();
        let kind = classify_paragraph(body);
        let first_sentence = doc.sentences.len();
        let mark_from = doc.marks.len();
        pair_marks(&text, span, para, &mut doc.marks);
        tokenize(
            &text,
            span,
            rules,
            &mut doc.tokens,
            &doc.marks[mark_from..],
            para,
            &mut doc.sentences,
        );
        doc.paragraphs.push(Paragraph {
            span,
            kind,
            sentences: (first_sentence, doc.sentences.len()),
            marks: (mark_from, doc.marks.len()),
        });
    }
    for (x, m) in doc.marks.iter().enumerate() {
        if m.depth == 0 && m.opened {
            doc.open_at.insert(m.outer.start, x);
        }
        if m.depth == 0 && m.closed {
            doc.close_at.insert(m.outer.end, x);
        }
    }
    doc.norm.text = text;
}

fn classify_paragraph(body: &str) -> ParaKind {
    let bytes = body.as_bytes();
    let starts_bengali = |i: usize| bengali_at(bytes, i).is_some();
    if !(0..bytes.len()).any(starts_bengali) || follows_ci(body, "://", &["http", "https"]) {
        return ParaKind::Boilerplate;
    }
    if follows_ci(body, ".", &["www"]) {
        let bengali = (0..bytes.len()).filter(|&i| starts_bengali(i)).count();
        if bengali * 2 < body.chars().count() {
            return ParaKind::Boilerplate;
        }
    }
    // trailing markup (`…।</p>`) does not hide the sentence end
    let mut bare = body;
    while bare.ends_with('>') {
        match bare.rfind('<') {
            Some(i) => bare = bare[..i].trim_end(),
            None => break,
        }
    }
    let last = bare.chars().next_back().unwrap_or(' ');
    let ends_sentence = matches!(
        last,
        '।' | '?' | '!' | '.' | '॥' | '’' | '”' | '"' | '\'' | ':' | ')'
    );
    if !ends_sentence && body.split_whitespace().nth(16).is_none() {
        ParaKind::Heading
    } else {
        ParaKind::Body
    }
}

/// Whether `anchor` occurs in `hay` right after one of the ASCII `words` (in any case):
/// `follows_ci(t, "://", &["http", "https"])` finds a URL scheme in one search.
fn follows_ci(hay: &str, anchor: &str, words: &[&str]) -> bool {
    let h = hay.as_bytes();
    memchr::memmem::find_iter(h, anchor.as_bytes()).any(|i| {
        words
            .iter()
            .any(|w| i >= w.len() && h[i - w.len()..i].eq_ignore_ascii_case(w.as_bytes()))
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Mk {
    Open,
    Close,
    Either,
}

/// Pairs quote marks inside one paragraph.
fn pair_marks(text: &str, span: Span, para: usize, out: &mut Vec<Marked>) {
    let t = &text[..span.end];
    // (byte, width, role)
    let mut marks: Vec<(usize, usize, Mk)> = Vec::new();
    let bytes = t.as_bytes();
    let mut p = span.start;
    // every quote mark is `"`, `'` or starts with byte E2 (U+2018..U+201F) or C2 (« »); C2
    // is rare in Bengali text, so its next position is kept and searched for again only
    // once passed
    let mut next_c2 = None;
    loop {
        let c2 = match next_c2 {
            Some(x) if x >= p => x,
            _ => memchr::memchr(0xC2, &bytes[p..]).map_or(bytes.len(), |o| p + o),
        };
        next_c2 = Some(c2);
        let i = memchr::memchr3(b'"', b'\'', 0xE2, &bytes[p..c2]).map_or(c2, |o| p + o);
        if i >= bytes.len() {
            break;
        }
        let c = t[i..].chars().next().expect("a char starts here");
        p = i + c.len_utf8();
        let role = match c {
            '‘' | '“' | '«' | '„' | '‛' | '‟' => Mk::Open,
            '’' | '”' | '»' => Mk::Close,
            '"' => Mk::Either,
            '\'' => {
                // An ASCII apostrophe only closes a quote opened with ‘ (mixed marks).
                if is_apostrophe(t, i, c) {
                    continue;
                }
                Mk::Close
            }
            _ => continue,
        };
        if role != Mk::Either && is_apostrophe(t, i, c) {
            continue;
        }
        // Doubled single marks (‘‘ … ’’) count as one.
        let mut width = c.len_utf8();
        if role != Mk::Either && t[p..].starts_with(c) {
            p += c.len_utf8();
            width += c.len_utf8();
        }
        marks.push((i, width, role));
    }
    let mut stack: Vec<(usize, usize, bool)> = Vec::new(); // (byte, width, ascii)
    let mut last_end = span.start;
    for &(i, w, role) in &marks {
        let ascii_dq = text[i..].starts_with('"');
        let ascii_sq = text[i..].starts_with('\'');
        let resolved = match role {
            Mk::Either => {
                if stack.last().is_some_and(|s| s.2) {
                    Mk::Close
                } else {
                    let prev = text[..i].chars().next_back();
                    let next = text[i + w..].chars().next();
                    let opens = prev.is_none_or(|p| is_space(p) || "([—–-,:".contains(p))
                        && next.is_some_and(|n| !is_space(n));
                    if opens { Mk::Open } else { Mk::Close }
                }
            }
            r => r,
        };
        match resolved {
            Mk::Open => stack.push((i, w, ascii_dq)),
            _ => {
                if ascii_sq && stack.last().is_none_or(|s| !text[s.0..].starts_with('‘')) {
                    continue;
                }
                if let Some((o, ow, _)) = stack.pop() {
                    out.push(Marked {
                        outer: Span::new(o, i + w),
                        inner: Span::new(o + ow, i),
                        opened: true,
                        closed: true,
                        depth: stack.len() as u8,
                        para,
                    });
                    last_end = last_end.max(i + w);
                } else if !ascii_sq {
                    // A closing mark with nothing open: the quote began without its mark.
                    let start = last_end;
                    last_end = i + w;
                    out.push(Marked {
                        outer: Span::new(start, i + w),
                        inner: Span::new(start, i),
                        opened: false,
                        closed: true,
                        depth: 0,
                        para,
                    });
                }
            }
        }
    }
    // Openers never closed run to the end of the paragraph.
    for (depth, &(o, ow, _)) in stack.iter().enumerate() {
        out.push(Marked {
            outer: Span::new(o, span.end),
            inner: Span::new(o + ow, span.end),
            opened: true,
            closed: false,
            depth: depth as u8,
            para,
        });
    }
}

fn is_abbreviation(word: &str, rules: &Rules) -> bool {
    let with_dot = format!("{word}.");
    if rules.is(&with_dot, class::TITLE) {
        return true;
    }
    // A single akshara (one consonant or vowel, optionally with a vowel sign) is an initial.
    let letters: Vec<char> = word.chars().collect();
    let bases = letters
        .iter()
        .filter(|c| matches!(**c, '\u{0985}'..='\u{09B9}' | '\u{09CE}' | '\u{09DC}'..='\u{09DF}'))
        .count();
    (bases == 1 && letters.len() <= 3)
        || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
}

/// Length of an HTML tag at the start of `t` (`<p>`, `</div>`, `<br/>`), if it is one.
fn html_tag_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if b.len() < 3 || !(b[1].is_ascii_alphabetic() || b[1] == b'/' || b[1] == b'!') {
        return None;
    }
    let end = b.iter().take(200).position(|&c| c == b'>')?;
    (!b[1..end].contains(&b'<')).then_some(end + 1)
}

fn tok_kind(c: char) -> Option<TokKind> {
    Some(match c {
        ',' | ':' | '،' => TokKind::Comma,
        // a semicolon joins independent clauses: content stops there
        '।' | '?' | '!' | '॥' | ';' => TokKind::Stop,
        '—' | '–' | '(' | ')' | '[' | ']' | '{' | '}' | '…' | '/' => TokKind::Punct,
        _ => return None,
    })
}

/// Splits a paragraph into tokens and sentences; does not split inside a closed quote.
fn tokenize(
    text: &str,
    span: Span,
    rules: &Rules,
    tokens: &mut Vec<Token>,
    marks: &[Marked],
    para: usize,
    sentences: &mut Vec<Sentence>,
) {
    let first_tok = tokens.len();
    // a mark character at byte `i`: an opener (only for quotes that have one) or a closer
    let mut mark_pos: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for (x, m) in marks.iter().enumerate() {
        if m.closed && m.outer.end > m.inner.end {
            mark_pos.insert(m.inner.end, x);
        }
        if m.opened {
            mark_pos.insert(m.outer.start, x);
        }
    }
    let mark_at = |i: usize| mark_pos.get(&i).map(|&x| &marks[x]);
    let mut word_start: Option<usize> = None;
    let s = &text[span.start..span.end];
    let sb = s.as_bytes();
    let mut off = 0;
    let flush = |tokens: &mut Vec<Token>, ws: &mut Option<usize>, end: usize| {
        if let Some(st) = ws.take()
            && end > st
        {
            tokens.push(Token::new(Span::new(st, end), TokKind::Word));
        }
    };
    while off < s.len() {
        let i = span.start + off;
        // Bengali letters, signs and digits (most of the text) only extend a word
        if bengali_at(sb, off).is_some() {
            word_start.get_or_insert(i);
            off += 3;
            continue;
        }
        let c = s[off..].chars().next().expect("a char starts here");
        let w = c.len_utf8();
        off += w;
        if is_space(c) {
            flush(tokens, &mut word_start, i);
            continue;
        }
        // Quote marks known to the pairing step are tokens of their own (every mark position
        // holds a quote character, so other characters skip the lookup).
        if is_quote_char(c)
            && let Some(m) = mark_at(i)
        {
            let is_open = m.outer.start == i && m.opened;
            let mlen = if is_open {
                m.inner.start - m.outer.start
            } else {
                m.outer.end - m.inner.end
            };
            if mlen > 0 && (is_open || m.closed) {
                flush(tokens, &mut word_start, i);
                tokens.push(Token::new(
                    Span::new(i, i + mlen),
                    if is_open {
                        TokKind::Open
                    } else {
                        TokKind::Close
                    },
                ));
                // skip the rest of a doubled mark
                off = off.max(i + mlen - span.start);
                continue;
            }
        }
        if matches!(c, '‘' | '’' | '“' | '”' | '"' | '«' | '»') && !is_apostrophe(text, i, c)
        {
            flush(tokens, &mut word_start, i);
            tokens.push(Token::new(Span::new(i, i + w), TokKind::Punct));
            continue;
        }
        // markup (`<p>`, `</div>`) is punctuation, never part of a word
        if c == '<'
            && let Some(len) = html_tag_len(&text[i..span.end])
        {
            flush(tokens, &mut word_start, i);
            tokens.push(Token::new(Span::new(i, i + len), TokKind::Punct));
            off = off.max(i + len - span.start);
            continue;
        }
        if c == '.' {
            let ws = word_start.unwrap_or(i);
            let word = &text[ws..i];
            let next = text[i + 1..].chars().next();
            let in_number =
                word.chars().next_back().is_some_and(is_digit) && next.is_some_and(is_digit);
            if word_start.is_some()
                && (in_number || is_abbreviation(word, rules) || next.is_some_and(is_letter))
            {
                continue; // part of the word: `ড.`, `৩.৫`, `www.x`
            }
            flush(tokens, &mut word_start, i);
            tokens.push(Token::new(Span::new(i, i + 1), TokKind::Stop));
            continue;
        }
        if c == '-' {
            // inside a word (জি-২০) it stays; alone or at the edges it is punctuation
            let next = text[i + 1..].chars().next();
            if word_start.is_some() && next.is_some_and(is_letter) {
                continue;
            }
            flush(tokens, &mut word_start, i);
            tokens.push(Token::new(Span::new(i, i + 1), TokKind::Punct));
            continue;
        }
        if let Some(k) = tok_kind(c) {
            // `:` and `,` inside numbers (১০:৩০, 1,000) stay in the word
            let next = text[i + w..].chars().next();
            if matches!(c, ':' | ',')
                && word_start.is_some()
                && text[..i].chars().next_back().is_some_and(is_digit)
                && next.is_some_and(is_digit)
            {
                continue;
            }
            flush(tokens, &mut word_start, i);
            tokens.push(Token::new(Span::new(i, i + w), k));
            continue;
        }
        if word_start.is_none() {
            word_start = Some(i);
        }
    }
    flush(tokens, &mut word_start, span.end);

    // Which tokens lie inside a closed pair of marks (one sweep over sorted spans).
    let mut closed: Vec<Span> = marks
        .iter()
        .filter(|m| m.depth == 0 && m.closed && m.opened)
        .map(|m| m.inner)
        .collect();
    closed.sort_by_key(|s| s.start);
    let mut c = 0;
    for t in tokens[first_tok..].iter_mut() {
        while c < closed.len() && closed[c].end <= t.span.start {
            c += 1;
        }
        t.quoted = c < closed.len() && closed[c].start <= t.span.start;
    }
    // Sentences: end after a Stop (plus closing marks) unless inside a closed quote; a run of
    // MAX_SENTENCE_TOKENS without an end is cut, so hostile text stays linear.
    let inside_closed = |k: usize| tokens[k].quoted;
    let mut sstart = first_tok;
    let mut k = first_tok;
    let n = tokens.len();
    while k < n {
        let t = tokens[k];
        // a quote whose own words end the sentence (`…হয়েছে।”`) ends it here
        let closes_sentence =
            t.kind == TokKind::Close && k > sstart && tokens[k - 1].kind == TokKind::Stop;
        if (closes_sentence || t.kind == TokKind::Stop) && !inside_closed(k) {
            let mut end = k + 1;
            while end < n && matches!(tokens[end].kind, TokKind::Close | TokKind::Stop) {
                end += 1;
            }
            push_sentence(tokens, sstart, end, para, sentences);
            sstart = end;
            k = end;
            continue;
        }
        k += 1;
        if k - sstart >= MAX_SENTENCE_TOKENS {
            push_sentence(tokens, sstart, k, para, sentences);
            sstart = k;
        }
    }
    if sstart < n {
        push_sentence(tokens, sstart, n, para, sentences);
    }
}

/// Longest sentence in tokens; longer runs are cut (real sentences are far shorter).
pub const MAX_SENTENCE_TOKENS: usize = 400;

fn push_sentence(tokens: &[Token], a: usize, b: usize, para: usize, out: &mut Vec<Sentence>) {
    if a >= b {
        return;
    }
    out.push(Sentence {
        span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
        para,
        tokens: (a, b),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn doc(t: &str) -> Document {
        let rules = Rules::embedded();
        let mut d = Document {
            id: "t".into(),
            norm: normalize(t),
            ..Default::default()
        };
        segment(&mut d, &rules);
        d
    }

    fn sentences(d: &Document) -> Vec<&str> {
        d.sentences.iter().map(|s| d.slice(s.span)).collect()
    }

    #[test]
    fn splits_at_danda_and_lookalike_not_abbreviation() {
        let d = doc("পরে ড. ইউনূস বলেন, আমরা প্রস্তুত৷ নিহতের সংখ্যা ১২। তিনি বলেন, হ্যাঁ।");
        assert_eq!(
            sentences(&d),
            vec![
                "পরে ড. ইউনূস বলেন, আমরা প্রস্তুত।",
                "নিহতের সংখ্যা ১২।",
                "তিনি বলেন, হ্যাঁ।"
            ]
        );
    }

    #[test]
    fn no_split_inside_closed_quote_and_closer_attached() {
        let d = doc("তিনি বলেন, ‘এক। দুই।’ পরে তিনি চলে যান।");
        assert_eq!(
            sentences(&d),
            vec!["তিনি বলেন, ‘এক। দুই।’", "পরে তিনি চলে যান।"]
        );
    }

    #[test]
    fn apostrophe_is_not_a_mark() {
        let d = doc("বিসিবি’র পরিচালক বলেন, ‘আমরা সিদ্ধান্ত নিয়েছি।’");
        assert_eq!(d.marks.len(), 1);
        assert_eq!(d.slice(d.marks[0].inner), "আমরা সিদ্ধান্ত নিয়েছি।");
    }

    #[test]
    fn doubled_single_quotes_pair_as_one() {
        let d = doc("তিনি লিখেছেন, ‘‘লজ্জায় মাথা কাটা যাচ্ছে।’’");
        assert_eq!(d.marks.len(), 1);
        assert_eq!(d.slice(d.marks[0].inner), "লজ্জায় মাথা কাটা যাচ্ছে।");
    }

    #[test]
    fn ascii_quotes_and_unbalanced() {
        let d = doc("রাষ্ট্রদূত বলেন, \"আমরা আছি\"। তিনি বলেন, ‘শেষ হয়নি");
        let inner: Vec<&str> = d.marks.iter().map(|m| d.slice(m.inner)).collect();
        assert_eq!(inner, vec!["আমরা আছি", "শেষ হয়নি"]);
        assert!(!d.marks[1].closed);
    }

    #[test]
    fn stray_closer_starts_after_last_mark() {
        let d = doc("তিনি বলেন, সব ঠিক আছে।’");
        assert_eq!(d.marks.len(), 1);
        assert!(!d.marks[0].opened);
        assert_eq!(d.slice(d.marks[0].inner), "তিনি বলেন, সব ঠিক আছে।");
    }

    #[test]
    fn headings_and_boilerplate() {
        let d = doc("বড় কথা বললেন মার্কিন বিদেশমন্ত্রী\nhttps://example.com/x?y=1\nতিনি বলেন, ঠিক আছে।");
        let kinds: Vec<ParaKind> = d.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![ParaKind::Heading, ParaKind::Boilerplate, ParaKind::Body]
        );
    }

    #[test]
    fn tokens_split_punctuation_keep_hyphen_words() {
        let d = doc("জি-২০ বৈঠকে, তিনি বলেন: হ্যাঁ।");
        let toks: Vec<&str> = (0..d.tokens.len()).map(|i| d.tok(i)).collect();
        assert_eq!(
            toks,
            vec!["জি-২০", "বৈঠকে", ",", "তিনি", "বলেন", ":", "হ্যাঁ", "।"]
        );
    }
}
