//! Stage 4: quote spans.
//!
//! Each cue decides its frame from what stands around it (LINGUISTICS.md §1.5):
//!
//! | frame | shape | span |
//! |---|---|---|
//! | F1/F4 | `SPK V, CONTENT।` / `SPK V যে CONTENT।` | after the comma or `যে` to the clause end |
//! | F2/F3 | `CONTENT বলে V SPK।` / `CONTENT বলে SPK V।` | from the clause start to before `বলে` |
//! | F5 | `CONTENT, SPK V।` / `CONTENT, V SPK।` | from the clause start to before the comma |
//! | D | any of these with the content in quote marks | exactly the text between the marks |
//! | F6 | `… এসব কথা বলেন SPK।` | the preceding sentences no other cue covers |
//! | F7 | `X-এর মতে, CONTENT।` | after the cue (and comma) to the clause end |
//! | F8 | `X-এর বিবৃতিতে বলা হয়েছে, CONTENT।` | after the comma to the clause end |
//! | F10 | sentences or a paragraph in the first person right after a quote | the whole run |
//!
//! Each quote records where its speaker must be looked for ([`Site`]); stage 6 reads it. The
//! span never includes the speaker, the cue, `যে`, the final `।` or surrounding spaces.

use crate::cues::{Cue, CueKind};
use crate::document::{Document, ParaKind, Span, TokKind};
use crate::rules::{Rules, class};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
    AccordingTo,
}

impl QuoteKind {
    pub fn name(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
            QuoteKind::AccordingTo => "according_to",
        }
    }
}

/// Where the speaker of a quote is to be found: token ranges to parse, in order of preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Site {
    /// Parse these token windows in turn; the first that yields a mention wins.
    Windows(Vec<(usize, usize)>),
    /// The speaker of the quote before this one (an unmarked continuation).
    Previous,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub span: Span,
    pub kind: QuoteKind,
    /// Index into the document's cues; `None` for a continuation.
    pub cue: Option<usize>,
    /// The frame rule that produced the span.
    pub frame: &'static str,
    pub site: Site,
    pub sentence: usize,
}

fn tspan(doc: &Document, x: usize, y: usize) -> Span {
    Span::new(doc.tokens[x].span.start, doc.tokens[y - 1].span.end)
}

fn is_word(doc: &Document, k: usize) -> bool {
    doc.tokens[k].kind == TokKind::Word
}

/// Index after the last clause boundary before `ci` (comma, stop, quote mark, conjunction).
fn clause_start(doc: &Document, rules: &Rules, a: usize, ci: usize) -> usize {
    boundary_before(doc, rules, a, ci, false)
}

/// Where a speaker's window starts: the clause start, or after a finite verb of an earlier
/// clause (`… নেমে এসেছিল তখন অনেকে পরামর্শ দিয়েছিল`).
fn subject_start(doc: &Document, rules: &Rules, a: usize, ci: usize) -> usize {
    boundary_before(doc, rules, a, ci, true)
}

fn boundary_before(doc: &Document, rules: &Rules, a: usize, ci: usize, at_verbs: bool) -> usize {
    let mut k = ci;
    while k > a {
        let t = &doc.tokens[k - 1];
        match t.kind {
            TokKind::Comma | TokKind::Stop | TokKind::Close | TokKind::Open => return k,
            TokKind::Word
                if rules.is(doc.tok(k - 1), class::CONJUNCTION | class::COMPLEMENTIZER)
                    || at_verbs && crate::mentions::is_verb_like(doc.tok(k - 1), rules) =>
            {
                return k;
            }
            _ => k -= 1,
        }
    }
    a
}

/// The end of a sentence's content: before trailing stops, closing marks and dashes.
fn content_end(doc: &Document, a: usize, b: usize) -> usize {
    let mut e = b;
    while e > a && !matches!(doc.tokens[e - 1].kind, TokKind::Word | TokKind::Open) {
        e -= 1;
    }
    e
}

/// First-person words or verb forms (`আমরা`, `আশা করছি`, `গিয়েছিলাম`).
fn has_first_person(doc: &Document, rules: &Rules, x: usize, y: usize) -> bool {
    (x..y).any(|k| is_word(doc, k) && first_person(doc.tok(k), rules))
}

/// Whether `w` is a first-person word (`আমি`, `আমাদের`) or verb (`বলছি`, `করলাম`); asked for
/// every word of the sentences around quotes, so answered once per word and thread.
fn first_person(w: &str, rules: &Rules) -> bool {
    use crate::rules::{slot, word_answer};
    word_answer(w, rules, slot::FIRST_PERSON, || {
        (rules.is(w, class::FIRST_PERSON)
            || rules.verbs.get(w).is_some_and(|v| v.person == 1)
            || (w.chars().count() > 3
                && ["ছি", "লাম", "তাম", "েছি"].iter().any(|e| w.ends_with(e))
                && !not_a_first_person_verb(w, rules))) as u8
    }) != 0
}

/// Words that end like a first-person verb but are not one: names in -লাম after স, া or ো
/// (`ইসলাম`, `সালাম`, `গোলাম`; the verbs are `করলাম`, `গেলাম`, `দিলাম`), and the words.tsv
/// class `not_first_person` (`কাছাকাছি`).
fn not_a_first_person_verb(w: &str, rules: &Rules) -> bool {
    if let Some(st) = w.strip_suffix("লাম") {
        return st.ends_with(['স', 'া', 'ো']);
    }
    rules.is(w, class::NOT_FIRST_PERSON)
}

/// The speaker's own voice after a quote: first person, or addressing the audience.
fn has_own_voice(doc: &Document, rules: &Rules, x: usize, y: usize) -> bool {
    has_first_person(doc, rules, x, y)
        || (x..y).any(|k| is_word(doc, k) && rules.is(doc.tok(k), class::AUDIENCE))
}

/// The outermost marked quote whose opening mark is token `k`.
fn marked_from(doc: &Document, k: usize) -> Option<crate::document::Marked> {
    doc.open_at
        .get(&doc.tokens[k].span.start)
        .map(|&x| doc.marks[x])
}

/// The outermost closed marked quote whose closing mark is token `k`.
fn marked_to(doc: &Document, k: usize) -> Option<crate::document::Marked> {
    doc.close_at
        .get(&doc.tokens[k].span.end)
        .map(|&x| doc.marks[x])
}

fn token_at_or_after(doc: &Document, from: usize, byte: usize) -> usize {
    doc.token_at_or_after(from, byte)
}

/// Finds the quote of every cue, then the after-the-fact and continuation quotes.
pub fn find_quotes(doc: &Document, rules: &Rules, cues: &[Cue]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut after_fact: Vec<(usize, Site)> = Vec::new();
    for (ci, cue) in cues.iter().enumerate() {
        let next_cue_tok = cues
            .get(ci + 1)
            .filter(|c| c.sentence == cue.sentence)
            .map(|c| c.toks.0);
        let prev_cue_end = ci
            .checked_sub(1)
            .map(|p| &cues[p])
            .filter(|c| c.sentence == cue.sentence)
            .map(|c| c.toks.1);
        match quote_for_cue(doc, rules, cue, ci, next_cue_tok, prev_cue_end, &mut out) {
            Some(Frame::AfterFact(site)) => after_fact.push((ci, site)),
            Some(Frame::Done) | None => {}
        }
    }
    // a demand (`তার দাবি, রাজ্য প্রশাসন … আলোচনা করুক`) ends in a jussive: a request, which
    // the guidelines do not count as a quote
    out.retain(|q| {
        let demand = q.frame.starts_with("F7")
            && q.cue
                .is_some_and(|c| rules.is(doc.tok(cues[c].toks.0), class::DEMAND))
            && doc
                .slice(q.span)
                .trim_end_matches(['।', ' '])
                .split(' ')
                .next_back()
                .is_some_and(|w| w.chars().count() > 2 && (w.ends_with("ুক") || w.ends_with("োক")));
        !demand
    });
    let mut cov = Coverage::new(doc, &out);
    for (ci, site) in after_fact {
        after_the_fact(doc, rules, &cues[ci], ci, site, &mut out, &mut cov);
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    // Quotes never overlap: where two frames claim the same words, the one whose cue
    // introduces the content directly (comma, `যে`, marks) wins over `বলে` and after-the-fact.
    let mut dedup: Vec<Quote> = Vec::with_capacity(out.len());
    for q in out {
        if let Some(p) = dedup.last_mut()
            && p.span.overlaps(q.span)
        {
            if frame_strength(q.frame) > frame_strength(p.frame) {
                *p = q;
            }
            continue;
        }
        dedup.push(q);
    }
    continuations(doc, rules, cues, &mut dedup);
    dedup.sort_by_key(|q| (q.span.start, q.span.end));
    dedup
}

enum Frame {
    Done,
    AfterFact(Site),
}

fn push(
    out: &mut Vec<Quote>,
    span: Span,
    kind: QuoteKind,
    cue: usize,
    frame: &'static str,
    site: Site,
    sentence: usize,
) {
    if !span.is_empty() {
        out.push(Quote {
            span,
            kind,
            cue: Some(cue),
            frame,
            site,
            sentence,
        });
    }
}

/// Pushes the content `x..y` (token range), as a marked quote when the content is one.
#[allow(clippy::too_many_arguments)]
fn push_content(
    doc: &Document,
    rules: &Rules,
    out: &mut Vec<Quote>,
    x: usize,
    y: usize,
    unmarked: QuoteKind,
    ci: usize,
    frame: &'static str,
    site: Site,
    si: usize,
) {
    if x >= y {
        return;
    }
    // the content is one marked quote (possibly followed by a comma)
    if doc.tokens[x].kind == TokKind::Open
        && let Some(m) = marked_from(doc, x)
    {
        let inner = if m.closed {
            m.inner
        } else {
            unclosed_extent(doc, &m)
        };
        push(
            out,
            trim(doc, inner),
            QuoteKind::Direct,
            ci,
            frame_marked(frame),
            site,
            si,
        );
        return;
    }
    // a closing mark with no opener ends the quote: `বলেন, … করা।’`
    for k in x..y {
        if doc.tokens[k].kind == TokKind::Close
            && let Some(m) = marked_to(doc, k)
            && !m.opened
        {
            let sp = Span::new(doc.tokens[x].span.start, m.inner.end);
            push(
                out,
                trim(doc, sp),
                QuoteKind::Direct,
                ci,
                frame_marked(frame),
                site,
                si,
            );
            return;
        }
    }
    // framing followed by a marked account: `বলেন যে …, "…"`
    for k in x + 1..y {
        if doc.tokens[k].kind == TokKind::Open
            && doc.tokens[k - 1].kind == TokKind::Comma
            && let Some(m) = marked_from(doc, k)
            && m.closed
            && token_at_or_after(doc, k, m.outer.end) >= content_end(doc, k, y)
        {
            let kind = if has_first_person(doc, rules, x, k - 1) {
                QuoteKind::Mixed
            } else {
                unmarked
            };
            push(out, tspan(doc, x, k - 1), kind, ci, frame, site.clone(), si);
            push(
                out,
                trim(doc, m.inner),
                QuoteKind::Direct,
                ci,
                frame_marked(frame),
                site,
                si,
            );
            return;
        }
    }
    let e = content_end(doc, x, y);
    if e <= x {
        return;
    }
    let kind = if unmarked == QuoteKind::Indirect && has_first_person(doc, rules, x, e) {
        QuoteKind::Mixed
    } else {
        unmarked
    };
    push(out, tspan(doc, x, e), kind, ci, frame, site, si);
}

/// Where a quote whose mark is never closed in its paragraph ends: at the paragraph end, or,
/// when the next paragraph opens with a quote mark (the convention for a quote running over
/// paragraphs), at the end of that paragraph's quote.
fn unclosed_extent(doc: &Document, m: &crate::document::Marked) -> Span {
    let mut end = m.inner.end;
    // the reporter takes over at a discourse marker (`উল্লেখ্য, …`): the quote ends before it
    let first = doc.sentence_at(m.inner.start);
    let para = &doc.paragraphs[m.para];
    for s in first + 1..para.sentences.1 {
        let t = doc.sentences[s].tokens.0;
        if matches!(doc.tok(t), "উল্লেখ্য" | "এদিকে" | "অন্যদিকে")
        {
            let prev = &doc.sentences[s - 1];
            return Span::new(
                m.inner.start,
                doc.tokens
                    [content_end(doc, prev.tokens.0, prev.tokens.1).max(prev.tokens.0 + 1) - 1]
                    .span
                    .end,
            );
        }
    }
    let mut para = m.para;
    while para + 1 < doc.paragraphs.len() {
        let next = &doc.paragraphs[para + 1];
        let Some(n) = doc.marks.iter().find(|n| {
            n.para == para + 1 && n.depth == 0 && n.opened && n.outer.start == next.span.start
        }) else {
            break;
        };
        end = n.inner.end;
        if n.closed {
            break;
        }
        para += 1;
    }
    Span::new(m.inner.start, end)
}

/// How directly a frame ties its content to its cue (higher wins an overlap).
fn frame_strength(frame: &str) -> u8 {
    if frame.ends_with(".marked") {
        return 5;
    }
    match frame {
        "F1.comma" | "F4.je" | "F8.passive" => 4,
        "F5.postposed" | "F7.according" => 3,
        "F2.bole" | "F1.nocomma" => 2,
        _ => 1,
    }
}

fn frame_marked(frame: &'static str) -> &'static str {
    match frame {
        "F1.comma" => "F1.comma.marked",
        "F4.je" => "F4.je.marked",
        "F2.bole" => "F2.bole.marked",
        "F5.postposed" => "F5.postposed.marked",
        "F7.according" => "F7.according.marked",
        "F8.passive" => "F8.passive.marked",
        other => other,
    }
}

/// Trims spaces inside a span (a span of spaces only becomes empty).
fn trim(doc: &Document, s: Span) -> Span {
    let t = doc.slice(s);
    let lead = t.len() - t.trim_start().len();
    if lead == t.len() {
        return Span::new(s.start, s.start);
    }
    let trail = t.len() - t.trim_end().len();
    Span::new(s.start + lead, s.end - trail)
}

fn quote_for_cue(
    doc: &Document,
    rules: &Rules,
    cue: &Cue,
    ci: usize,
    next_cue_tok: Option<usize>,
    prev_cue_end: Option<usize>,
    out: &mut Vec<Quote>,
) -> Option<Frame> {
    let si = cue.sentence;
    let sent = &doc.sentences[si];
    let (a, b) = sent.tokens;
    let (c0, c1) = cue.toks;
    let heading = doc.paragraphs[sent.para].kind != ParaKind::Body;
    let next_is = |k: usize, kind: TokKind| k < b && doc.tokens[k].kind == kind;

    match &cue.kind {
        CueKind::According { kind, .. } => {
            if heading {
                return None;
            }
            let src_start = subject_start(doc, rules, a, c0);
            let mut x = c1;
            // `X সূত্রে এ তথ্য জানা গেছে`: the source of what was said before
            let phrase2 = |k: usize| {
                k + 1 < b
                    && is_word(doc, k)
                    && is_word(doc, k + 1)
                    && rules.is_pair(doc.tok(k), doc.tok(k + 1), class::AFTER_FACT)
            };
            if phrase2(c1)
                && c1 + 2 < b
                && is_word(doc, c1 + 2)
                && rules.is(doc.tok(c1 + 2), class::HEARSAY)
            {
                return Some(Frame::AfterFact(Site::Windows(vec![(src_start, c0)])));
            }
            // `সূত্রে জানা গেছে, …`
            if x + 1 < b && is_word(doc, x) && rules.is(doc.tok(x), class::HEARSAY) {
                x += 2;
            }
            if next_is(x, TokKind::Comma) {
                x += 1;
            }
            // the content stops where the next report's clause begins
            let mut y = b;
            if let Some(nc) = next_cue_tok {
                let cs = clause_start(doc, rules, x, nc);
                let mut cut = cs;
                while cut > x
                    && (matches!(doc.tokens[cut - 1].kind, TokKind::Comma)
                        || is_word(doc, cut - 1) && rules.is(doc.tok(cut - 1), class::CONJUNCTION))
                {
                    cut -= 1;
                }
                if cut > x {
                    y = cut;
                }
            }
            let qk = if kind == "according_to" {
                QuoteKind::AccordingTo
            } else {
                QuoteKind::Indirect
            };
            push_content(
                doc,
                rules,
                out,
                x,
                y,
                qk,
                ci,
                "F7.according",
                Site::Windows(vec![(src_start, c0)]),
                si,
            );
            Some(Frame::Done)
        }
        CueKind::Passive => {
            if heading {
                return None;
            }
            let src = (subject_start(doc, rules, a, c0), c0);
            if next_is(c1, TokKind::Comma) {
                push_content(
                    doc,
                    rules,
                    out,
                    c1 + 1,
                    b,
                    QuoteKind::Indirect,
                    ci,
                    "F8.passive",
                    Site::Windows(vec![src]),
                    si,
                );
                return Some(Frame::Done);
            }
            // `… বলে চিঠিতে বলা হয়েছে`
            let q = (a..c0)
                .rev()
                .find(|&k| is_word(doc, k) && rules.is(doc.tok(k), class::QUOTATIVE))?;
            let src = (q + 1, c0);
            push_content(
                doc,
                rules,
                out,
                a,
                q,
                QuoteKind::Indirect,
                ci,
                "F8.passive",
                Site::Windows(vec![src]),
                si,
            );
            Some(Frame::Done)
        }
        CueKind::Verb => verb_frame(doc, rules, cue, ci, heading, prev_cue_end, out),
    }
}

#[allow(clippy::too_many_arguments)]
fn verb_frame(
    doc: &Document,
    rules: &Rules,
    cue: &Cue,
    ci: usize,
    heading: bool,
    prev_cue_end: Option<usize>,
    out: &mut Vec<Quote>,
) -> Option<Frame> {
    let si = cue.sentence;
    let (a, b) = doc.sentences[si].tokens;
    let (c0, c1) = cue.toks;
    let end = content_end(doc, a, b);
    // content before the cue starts after an earlier report of the same sentence
    let from = prev_cue_end.unwrap_or(a).max(a);

    // Content after the cue: `বলেন, …`, `বলেন: …`, `বলেন যে …`, `বলেন— …`
    let mut x = c1;
    let mut frame = "";
    // a postposed pronoun before the comma: `বলেন তিনি, …`
    let post_pron = x < b
        && is_word(doc, x)
        && rules.pronouns.contains_key(doc.tok(x))
        && x + 1 < b
        && doc.tokens[x + 1].kind == TokKind::Comma;
    if post_pron {
        x += 1;
    }
    if x < b {
        let t = &doc.tokens[x];
        let w = doc.slice(t.span);
        if t.kind == TokKind::Comma
            || (t.kind == TokKind::Punct && (w == "—" || w == "–" || w == "-"))
        {
            frame = "F1.comma";
            x += 1;
            if x < b && is_word(doc, x) && rules.is(doc.tok(x), class::COMPLEMENTIZER) {
                x += 1;
                frame = "F4.je";
            }
        } else if t.kind == TokKind::Word && rules.is(w, class::COMPLEMENTIZER) {
            frame = "F4.je";
            x += 1;
        } else if t.kind == TokKind::Open && marked_from(doc, x).is_some() {
            frame = "F1.comma";
        }
    }
    if !frame.is_empty() && x < end {
        if heading && doc.tokens[x].kind != TokKind::Open {
            return None;
        }
        let b = next_cue_start(doc, rules, x, b, false);
        let before = subject_start(doc, rules, a, c0);
        let mut windows = vec![(before, c0)];
        if post_pron {
            windows.insert(0, (c1, c1 + 1));
        }
        push_content(
            doc,
            rules,
            out,
            x,
            b,
            QuoteKind::Indirect,
            ci,
            frame,
            Site::Windows(windows),
            si,
        );
        return Some(Frame::Done);
    }

    // Content before the cue. The speaker may stand after the cue (`জানান তিনি`) or between
    // the content and the cue (`…, তিনি যোগ করেছেন`).
    let after = (c1, end);
    // the quotative `বলে` within a few words before the cue
    let mut q = None;
    let mut k = c0;
    while k > a && c0 - k < 8 {
        k -= 1;
        match doc.tokens[k].kind {
            TokKind::Word if rules.is(doc.tok(k), class::QUOTATIVE) => {
                q = Some(k);
                break;
            }
            TokKind::Word => {}
            TokKind::Punct if matches!(doc.tok(k), "(" | ")") => {}
            _ => break,
        }
    }
    if let Some(q) = q {
        if heading {
            return None;
        }
        if q + 1 < b && is_word(doc, q + 1) && rules.is(doc.tok(q + 1), class::NAMING) {
            return None;
        }
        let between = (q + 1, c0);
        // a marked fragment right before `বলে`: `‘ভীষণ কঠিন’ বলে উল্লেখ করেন`
        if q > a
            && doc.tokens[q - 1].kind == TokKind::Close
            && let Some(m) = marked_to(doc, q - 1)
            && m.opened
        {
            let open_tok = token_at_or_after(doc, a, m.outer.start);
            let pre = (clause_start(doc, rules, a, open_tok), open_tok);
            push(
                out,
                trim(doc, m.inner),
                QuoteKind::Direct,
                ci,
                "F2.bole.marked",
                Site::Windows(vec![after, between, pre]),
                si,
            );
            return Some(Frame::Done);
        }
        // the reported clause runs from the sentence start (or an earlier report's end) to
        // `বলে`, coordinated clauses included; a leading adverbial lead or subordinator is
        // the reporter's (`তবে,`, `যদিও`)
        let mut x = from;
        if let Some(c) = (x..q).find(|&k| doc.tokens[k].kind == TokKind::Comma)
            && has_verbless_lead(doc, rules, x, c)
        {
            x = c + 1;
        }
        while x < q && (!is_word(doc, x) || rules.is(doc.tok(x), class::CONJUNCTION)) {
            x += 1;
        }
        let mut windows = vec![after, between];
        // `তিনি … হবে বলে জানান`: a subject pronoun opening the clause is the speaker
        if x < q
            && is_word(doc, x)
            && rules
                .pronouns
                .get(doc.tok(x))
                .is_some_and(|p| p.case == crate::rules::Case::Nom)
        {
            windows.push((x, x + 1));
            x += 1;
        }
        let content_to = content_end(doc, x, q);
        if x >= content_to {
            return None;
        }
        // `এমনটি ঘটছে বলে সতর্ক করেছেন বিশেষজ্ঞরা`: the pointer takes in the sentence it points
        // back to
        let p = &doc.paragraphs[doc.sentences[si].para];
        if x == a
            && si > p.sentences.0
            && is_word(doc, x)
            && rules.is(doc.tok(x), class::AFTER_FACT)
            && !doc.tokens[doc.sentences[si - 1].tokens.0..doc.sentences[si - 1].tokens.1]
                .iter()
                .any(|t| t.quoted)
        {
            let prev = doc.sentences[si - 1].tokens.0;
            push(
                out,
                tspan(doc, prev, content_to),
                QuoteKind::Indirect,
                ci,
                "F2.bole",
                Site::Windows(windows),
                si - 1,
            );
            return Some(Frame::Done);
        }
        push_content(
            doc,
            rules,
            out,
            x,
            content_to,
            QuoteKind::Indirect,
            ci,
            "F2.bole",
            Site::Windows(windows),
            si,
        );
        return Some(Frame::Done);
    }

    // after-the-fact: `এসব কথা বলেন`, `এমনটি জানিয়েছেন X`
    let mut k = c0;
    let mut af = None;
    // the demonstrative may go with the cue's own noun: `এমন অভিযোগ তুলেছে X`
    if c0 > a
        && is_word(doc, c0 - 1)
        && rules.is_pair(doc.tok(c0 - 1), doc.tok(c0), class::AFTER_FACT)
    {
        af = Some((c0 - 1, c0));
        k = a;
    }
    while k > a && c0 - k < 8 {
        k -= 1;
        if !is_word(doc, k) {
            break;
        }
        if rules.is(doc.tok(k), class::AFTER_FACT) {
            af = Some((k, k + 1));
            break;
        }
        if k > a && rules.is_pair(doc.tok(k - 1), doc.tok(k), class::AFTER_FACT) {
            af = Some((k - 1, k + 1));
            break;
        }
    }
    if let Some((f0, f1)) = af {
        let lead = clause_start(doc, rules, a, f0);
        // a marked quote earlier in the same sentence: `‘…’ সোমবার … এসব কথা বলেন`
        if let Some(open) = (a..f0).find(|&k| doc.tokens[k].kind == TokKind::Open)
            && let Some(m) = marked_from(doc, open)
            && m.closed
        {
            let close_tok = token_at_or_after(doc, open, m.inner.end);
            push(
                out,
                trim(doc, m.inner),
                QuoteKind::Direct,
                ci,
                "F6.after_fact.marked",
                Site::Windows(vec![(close_tok + 1, f0), (f1, c0), after]),
                si,
            );
            return Some(Frame::Done);
        }
        return Some(Frame::AfterFact(Site::Windows(vec![
            (lead, f0),
            (f1, c0),
            after,
        ])));
    }

    // quote-first with a comma: `…, তিনি যোগ করেছেন।` / `"…," যোগ করেন সিইসি`
    let mut k = c0;
    while k > a && c0 - k <= 8 {
        k -= 1;
        match doc.tokens[k].kind {
            // an unmarked quote-first frame names its speaker in a few words
            TokKind::Comma if c0 - k > 5 => return None,
            TokKind::Comma | TokKind::Close | TokKind::Punct
                if doc.tok(k) != "(" && doc.tok(k) != ")" =>
            {
                let between = (k + 1, c0);
                // `"…," যোগ করেন` and `‘…’ - বলেন পেজ`: the mark closes right here
                let mut close = k;
                while close > a && matches!(doc.tokens[close].kind, TokKind::Comma | TokKind::Punct)
                {
                    close -= 1;
                }
                if doc.tokens[close].kind == TokKind::Close
                    && let Some(m) = marked_to(doc, close)
                {
                    push(
                        out,
                        trim(doc, m.inner),
                        QuoteKind::Direct,
                        ci,
                        "F5.postposed.marked",
                        Site::Windows(vec![after, between]),
                        si,
                    );
                    return Some(Frame::Done);
                }
                if doc.tokens[k].kind != TokKind::Comma || heading {
                    return None;
                }
                let x = a;
                let y = content_end(doc, x, k);
                if y <= x {
                    return None;
                }
                // the content must be a clause of some length, not a list of names
                if y - x < 3 {
                    return None;
                }
                push(
                    out,
                    tspan(doc, x, y),
                    QuoteKind::Direct,
                    ci,
                    "F5.postposed",
                    Site::Windows(vec![after, between]),
                    si,
                );
                return Some(Frame::Done);
            }
            TokKind::Word => {
                if rules.verbs.contains_key(doc.tok(k)) {
                    break;
                }
            }
            _ => break,
        }
    }

    // a noun complement closed by `কথা`: `… অবস্থান বজায় রাখার কথা জানিয়েছেন` (the span
    // stops before কথা; the speaker opens the clause or follows the verb)
    let mut kotha = c0;
    while kotha > a
        && c0 - kotha < 4
        && is_word(doc, kotha - 1)
        && rules.is(doc.tok(kotha - 1), class::ADDRESSEE | class::ADVERB)
        || kotha > a
            && c0 - kotha < 4
            && doc.tokens[kotha - 1].kind == TokKind::Word
            && doc.tok(kotha - 1).ends_with("কে")
    {
        kotha -= 1;
    }
    if !heading
        && kotha > a + 1
        && rules.is(doc.tok(kotha - 1), class::TALK)
        && !rules.is(doc.tok(kotha - 2), class::AFTER_FACT)
    {
        let k = kotha - 1;
        let demo = k > a && rules.is_pair(doc.tok(k - 1), doc.tok(k), class::AFTER_FACT);
        if !demo {
            let x0 = from;
            // the complement starts after the subject and its adverbials
            // (`নেতা মোজতবা খামেনেই প্রথম বার্তায় | হরমুজ …`)
            let none = crate::mentions::Entities::default();
            let mut x = crate::mentions::parse_speaker(doc, rules, x0, k, &none)
                .map_or(x0, |m| token_at_or_after(doc, x0, m.span.end));
            while x < k
                && (!is_word(doc, x)
                    || crate::mentions::is_locative(doc.tok(x), rules)
                    || rules.is(doc.tok(x), class::ADVERB | class::MODIFIER))
            {
                x += 1;
            }
            if k > x + 1 {
                push(
                    out,
                    tspan(doc, x, k),
                    QuoteKind::Indirect,
                    ci,
                    "F9.kotha",
                    Site::Windows(vec![(c1, end), (x0, x)]),
                    si,
                );
                return Some(Frame::Done);
            }
        }
    }
    // a participial cue closes its own clause: `নিজের মিল বন্ধ হয়ে গেছে উল্লেখ করে …`
    if !heading
        && cue.lemma != "বলা"
        && cue.rule.starts_with("predicates/")
        && rules.is(doc.tok(c0), class::CLAUSE_NOUN)
        && c1 < end
        && rules.verbs.get(doc.tok(c1 - 1)).is_some_and(|v| {
            v.tense == crate::rules::Tense::Participle
                || v.tense == crate::rules::Tense::Present
                    && v.register != crate::rules::Register::Hon
        })
    {
        let mut x = from;
        while x < c0 && (!is_word(doc, x) || rules.is(doc.tok(x), class::CONJUNCTION)) {
            x += 1;
        }
        let y = content_end(doc, x, c0);
        if y > x + 2 {
            push(
                out,
                tspan(doc, x, y),
                QuoteKind::Indirect,
                ci,
                "F3.participle",
                Site::Windows(vec![(c1, end)]),
                si,
            );
            return Some(Frame::Done);
        }
    }
    // content after the cue with no comma: `তিনি বলেন আমরা …`
    if !heading && c1 < end && end - c1 >= 4 && is_word(doc, c1) {
        let w = doc.tok(c1);
        let speakerish = rules.pronouns.contains_key(w) || rules.roles.contains_key(w);
        if !speakerish && has_first_person(doc, rules, c1, end) {
            let before = subject_start(doc, rules, a, c0);
            let b = next_cue_start(doc, rules, c1, b, true);
            push_content(
                doc,
                rules,
                out,
                c1,
                b,
                QuoteKind::Indirect,
                ci,
                "F1.nocomma",
                Site::Windows(vec![(before, c0)]),
                si,
            );
            return Some(Frame::Done);
        }
    }
    None
}

/// Where a later report in the cue's sentence begins: the subject right before the next
/// speech verb (with `any`, every later speech verb counts; otherwise only one that opens
/// content with a comma or a quote mark). A verb with no subject of its own is a nested report
/// of the same speaker (`… এবং বলেছেন যে …`) and stays inside.
fn next_cue_start(doc: &Document, rules: &Rules, x: usize, b: usize, any: bool) -> usize {
    for k in x + 1..b {
        if doc.tokens[k].kind != TokKind::Word || doc.tokens[k].quoted {
            continue;
        }
        let Some(v) = rules.verbs.get(doc.tok(k)) else {
            continue;
        };
        if !rules.speech_lemmas.contains(&v.lemma) || v.person != 3 || !v.tense.reports() {
            continue;
        }
        let framed = k + 1 < b && matches!(doc.tokens[k + 1].kind, TokKind::Comma | TokKind::Open);
        if !(any || framed) {
            continue;
        }
        let subject_word = |t: usize| {
            let w = doc.tok(t);
            is_word(doc, t)
                && (crate::mentions::name_like(w, rules)
                    || rules.roles.contains_key(w)
                    || rules.is(w, class::TITLE)
                    || rules
                        .pronouns
                        .get(w)
                        .is_some_and(|p| p.case == crate::rules::Case::Nom))
        };
        let mut start = k;
        while start > x + 1 && k - start < 5 && subject_word(start - 1) {
            start -= 1;
        }
        if start == k {
            continue;
        }
        let mut cut = start;
        while cut > x + 1
            && (doc.tokens[cut - 1].kind == TokKind::Comma
                || is_word(doc, cut - 1) && rules.is(doc.tok(cut - 1), class::CONJUNCTION))
        {
            cut -= 1;
        }
        return cut;
    }
    b
}

/// Whether the words before a comma are a short adverbial lead (`তবে,`, `এ সময়,`) rather
/// than a clause of their own.
fn has_verbless_lead(doc: &Document, rules: &Rules, a: usize, comma: usize) -> bool {
    let words = (a..comma).filter(|&k| is_word(doc, k)).count();
    words <= 2 && (a..comma).all(|k| !is_word(doc, k) || !rules.verbs.contains_key(doc.tok(k)))
}

/// Which sentences some quote already overlaps: a running count per sentence, so checks stay
/// constant-time however many quotes a document has.
struct Coverage {
    count: Vec<u32>,
}

impl Coverage {
    fn new(doc: &Document, quotes: &[Quote]) -> Coverage {
        let mut c = Coverage {
            count: vec![0; doc.sentences.len()],
        };
        for q in quotes {
            c.add(doc, q.span);
        }
        c
    }

    fn add(&mut self, doc: &Document, span: Span) {
        let mut s = doc.sentence_at(span.start);
        while s < doc.sentences.len() && doc.sentences[s].span.start < span.end {
            if doc.sentences[s].span.end > span.start {
                self.count[s] += 1;
            }
            s += 1;
        }
    }

    fn covered(&self, s: usize) -> bool {
        self.count[s] > 0
    }
}

/// `এসব কথা বলেন X`: the sentences before it, up to the last quote, are X's.
fn after_the_fact(
    doc: &Document,
    rules: &Rules,
    cue: &Cue,
    ci: usize,
    site: Site,
    out: &mut Vec<Quote>,
    cov: &mut Coverage,
) {
    let si = cue.sentence;
    let para = doc.sentences[si].para;
    let before = out.len();
    after_the_fact_spans(doc, rules, ci, site, out, cov, si, para);
    for q in &out[before..] {
        cov.add(doc, q.span);
    }
}

#[allow(clippy::too_many_arguments)]
fn after_the_fact_spans(
    doc: &Document,
    rules: &Rules,
    ci: usize,
    site: Site,
    out: &mut Vec<Quote>,
    cov: &Coverage,
    si: usize,
    para: usize,
) {
    let covered = |s: usize| cov.covered(s);
    let p = &doc.paragraphs[para];
    let mut first = si;
    while first > p.sentences.0 && !covered(first - 1) {
        first -= 1;
    }
    // the sentences between an earlier quote and `এসব কথা বলেন` continue that quote's report
    // (third-person follow-on, not annotated); only a stretch from the paragraph start is
    // attributed after the fact
    let (from, to) = if first < si && first == p.sentences.0 {
        (first, si)
    } else if first < si {
        return;
    } else if si == p.sentences.0 && para > 0 {
        // the whole previous body paragraph
        let mut pp = para - 1;
        while pp > 0 && doc.paragraphs[pp].kind == ParaKind::Boilerplate {
            pp -= 1;
        }
        let prev = &doc.paragraphs[pp];
        if prev.kind != ParaKind::Body {
            return;
        }
        let mut f = prev.sentences.1;
        while f > prev.sentences.0 && !covered(f - 1) {
            f -= 1;
        }
        if f == prev.sentences.1 {
            return;
        }
        (f, prev.sentences.1)
    } else {
        return;
    };
    // marked quotes in that stretch are direct quotes of their own
    let mut any_marked = false;
    for s in from..to {
        let (a, b) = doc.sentences[s].tokens;
        for k in a..b {
            if doc.tokens[k].kind == TokKind::Open
                && let Some(m) = marked_from(doc, k)
                && m.closed
                && m.inner.end - m.inner.start > 40
                && {
                    let (x, y) = (k + 1, token_at_or_after(doc, k, m.inner.end));
                    (x..y).any(|t| {
                        is_word(doc, t)
                            && (crate::mentions::is_verb_like(doc.tok(t), rules)
                                || rules.verbs.contains_key(doc.tok(t)))
                    })
                }
            {
                push(
                    out,
                    trim(doc, m.inner),
                    QuoteKind::Direct,
                    ci,
                    "F6.after_fact.marked",
                    site.clone(),
                    s,
                );
                any_marked = true;
            }
        }
    }
    if any_marked {
        return;
    }
    let a = doc.sentences[from].tokens.0;
    let b = doc.sentences[to - 1].tokens.1;
    let e = content_end(doc, a, b);
    if e > a {
        push(
            out,
            tspan(doc, a, e),
            QuoteKind::Indirect,
            ci,
            "F6.after_fact",
            site,
            from,
        );
    }
}

/// First-person sentences right after a quote, in its paragraph or opening a following
/// paragraph, are the same speaker's direct words (GUIDELINES "Continuation").
fn continuations(doc: &Document, rules: &Rules, cues: &[Cue], quotes: &mut Vec<Quote>) {
    let mut cue_sentence = vec![false; doc.sentences.len()];
    for c in cues {
        cue_sentence[c.sentence] = true;
    }
    let base = Coverage::new(doc, quotes);
    let mut cov = Coverage::new(doc, quotes);
    // a sentence with a third-person speech verb of its own reports someone, even when its
    // cue gave no quote (`… সন্‌জীদা খাতুন আহ্বান জানিয়েছিলেন, আমাদের …`); each sentence is
    // scanned once, however many runs pass over it
    let reported: Vec<std::cell::OnceCell<bool>> =
        vec![std::cell::OnceCell::new(); doc.sentences.len()];
    let reports = |s: usize| {
        *reported[s].get_or_init(|| {
            let (a, b) = doc.sentences[s].tokens;
            (a..b).any(|k| {
                is_word(doc, k)
                && rules.verbs.get(doc.tok(k)).is_some_and(|v| {
                    v.person == 3
                        && v.tense != crate::rules::Tense::Participle
                        && rules.speech_lemmas.contains(&v.lemma)
                })
                // `কথা বলেছে` is talking, not reporting
                && !(k > a && rules.is(doc.tok(k - 1), class::TALK))
            })
        })
    };
    let free = |s: usize| !cue_sentence[s] && !base.covered(s) && !reports(s);
    let mut by_para: Vec<Vec<usize>> = vec![Vec::new(); doc.paragraphs.len()];
    for (x, q) in quotes.iter().enumerate() {
        by_para[doc.sentences[q.sentence].para].push(x);
    }
    let first_quote_start = quotes
        .iter()
        .map(|q| q.span.start)
        .min()
        .unwrap_or(usize::MAX);
    let voice = |s: usize, opening: bool| {
        let (a, b) = doc.sentences[s].tokens;
        if opening {
            has_first_person(doc, rules, a, b)
        } else {
            has_own_voice(doc, rules, a, b)
        }
    };
    // From `from`, the stretch of free sentences; the run is its first to last first-person
    // sentence (third-person sentences before the first are the reporter's).
    let run_from = |from: usize, end: usize, must_open: bool| -> Option<(usize, usize)> {
        let mut s = from;
        let mut first = None;
        let mut last = None;
        while s < end && free(s) {
            if voice(s, must_open) {
                first.get_or_insert(s);
                last = Some(s);
            } else if must_open && first.is_none() {
                return None;
            }
            s += 1;
        }
        Some((first?, last? + 1))
    };
    let mut added: Vec<Quote> = Vec::new();
    let mut last_quote_para: Option<usize> = None;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        match p.kind {
            ParaKind::Boilerplate => continue,
            ParaKind::Heading => {
                last_quote_para = None;
                continue;
            }
            ParaKind::Body => {}
        }
        let mut runs: Vec<(usize, usize)> = Vec::new();
        // a paragraph that opens in the first person, right after a paragraph with a quote
        if last_quote_para.is_some_and(|lp| pi - lp <= 2)
            && let Some(r) = run_from(p.sentences.0, p.sentences.1, true)
        {
            runs.push(r);
        }
        // sentences right after a (non according-to) quote of this paragraph
        for q in by_para[pi]
            .iter()
            .map(|&x| &quotes[x])
            .filter(|q| q.kind != QuoteKind::AccordingTo)
        {
            let mut s = q.sentence;
            while s < p.sentences.1 && doc.sentences[s].span.start < q.span.end {
                s += 1;
            }
            if let Some(r) = run_from(s, p.sentences.1, false) {
                runs.push(r);
            }
        }
        for (f, l) in runs {
            let a = doc.sentences[f].tokens.0;
            let b = doc.sentences[l - 1].tokens.1;
            let e = content_end(doc, a, b);
            let span = tspan(doc, a, e.max(a + 1));
            if e > a && !(f..l).any(|x| cov.covered(x)) {
                cov.add(doc, span);
                added.push(Quote {
                    span,
                    kind: QuoteKind::Direct,
                    cue: None,
                    frame: "F10.continuation",
                    site: Site::Previous,
                    sentence: f,
                });
            }
        }
        // a marked passage in the first person with no cue of its own: the same speaker's
        // answer (interview pieces)
        if last_quote_para.is_some() || first_quote_start < p.span.start {
            for m in doc.marks[p.marks.0..p.marks.1]
                .iter()
                .filter(|m| m.depth == 0 && m.opened && m.closed)
            {
                let inner = trim(doc, m.inner);
                let long = doc.slice(inner).chars().count() >= 30;
                let a = token_at_or_after(doc, 0, inner.start);
                let b = token_at_or_after(doc, a, inner.end);
                let s = doc.sentence_at(inner.start);
                let taken = cov.covered(s);
                if long && !taken && !cue_sentence[s] && has_first_person(doc, rules, a, b) {
                    cov.add(doc, inner);
                    added.push(Quote {
                        span: inner,
                        kind: QuoteKind::Direct,
                        cue: None,
                        frame: "F10.continuation.marked",
                        site: Site::Previous,
                        sentence: s,
                    });
                }
            }
        }
        let has_quote = !by_para[pi].is_empty()
            || added
                .last()
                .is_some_and(|q| doc.sentences[q.sentence].para == pi);
        if has_quote {
            last_quote_para = Some(pi);
        }
    }
    added.sort_by_key(|q| q.span.start);
    quotes.extend(added);
}
