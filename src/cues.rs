//! Stage 3: speech cues.
//!
//! A cue is the word or words that report speech: a speech verb (`বলেছেন`), a noun + light verb
//! predicate (`যোগ করেছেন`, `উদ্বেগ প্রকাশ করেন`), an according-to postposition (`অনুসারে`,
//! `মতে`), or a passive with a documentary source (`বিবৃতিতে বলা হয়েছে`). Everything comes from
//! the lexicons in `rules/`; this stage only decides which occurrences are reports.
//!
//! Rejected here, each for a reason a rule author can look up in LINGUISTICS.md §2: forms that
//! are not reports (future, negative, imperative, first/second person), directives (`করতে
//! বলেছেন`), talking (`কথা বলেন`), requests and opinions (`আহ্বান জানান`, `মনে করেন`),
//! agentless passives, and any cue inside a quote (an embedded report belongs to the outer one).

use crate::document::{Document, ParaKind, Span, TokKind};
use crate::rules::{PredicateType, Register, Rules, Tense, class};

#[derive(Debug, Clone, PartialEq)]
pub enum CueKind {
    /// A speech verb or predicate; the content is on either side.
    Verb,
    /// `X অনুসারে/মতে, CONTENT`.
    According {
        kind: String,
        needs_comma: bool,
        /// The source carries a genitive ending (`বিশেষজ্ঞদের মতে`).
        genitive: bool,
    },
    /// `X-এর বিবৃতিতে বলা হয়েছে, CONTENT`: the source is the document or its issuer.
    Passive,
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub span: Span,
    /// Token range of the cue words.
    pub toks: (usize, usize),
    pub sentence: usize,
    pub kind: CueKind,
    pub register: Register,
    /// Stable id of the lexicon rule that matched: `verbs/বলা/perfect`, `predicates/যোগ করা`.
    pub rule: String,
    /// The verb's lemma (empty for according-to cues).
    pub lemma: String,
}

/// Finds the cues of every sentence, in text order.
pub fn find_cues(doc: &Document, rules: &Rules) -> Vec<Cue> {
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if doc.paragraphs[s.para].kind == ParaKind::Boilerplate {
            continue;
        }
        let (a, b) = s.tokens;
        let mut i = a;
        while i < b {
            if doc.tokens[i].kind != TokKind::Word || inside_quote(doc, i) {
                i += 1;
                continue;
            }
            match match_at(doc, rules, i, a, b, si) {
                Some(Ok(c)) => {
                    i = c.toks.1;
                    out.push(c);
                }
                // a request or opinion predicate: its verb is not a cue of its own
                Some(Err(end)) => i = end,
                None => i += 1,
            }
        }
    }
    out
}

/// A token inside a closed pair of quote marks belongs to someone's quoted words.
fn inside_quote(doc: &Document, i: usize) -> bool {
    doc.tokens[i].quoted
}

fn word(doc: &Document, i: usize, b: usize) -> Option<&str> {
    (i < b && doc.tokens[i].kind == TokKind::Word).then(|| doc.tok(i))
}

/// Strips an emphatic/inclusive particle (`হুমকিই`, `বলেও`) when the bare word is known.
fn strip_particle(w: &str, known: impl Fn(&str) -> bool) -> &str {
    if known(w) {
        return w;
    }
    for p in ["ই", "ও"] {
        if let Some(stem) = w.strip_suffix(p)
            && known(stem)
        {
            return stem;
        }
    }
    w
}

/// The verbs of the agentless passive of a documentary source (`বলা হয়েছে`, `জানানো হয়েছে`).
const PASSIVE_VERBS: [&str; 2] = ["বলা", "জানানো"];

/// Every word a cue can start with, compiled once when the rules load ([`Rules::cue_starts`]):
/// a predicate's first word or an according-to form, bare or with the particle ই/ও (as
/// [`strip_particle`] reads them), a speech verb form, or a passive verb.
pub fn start_words(rules: &Rules) -> rustc_hash::FxHashSet<String> {
    let mut out = rustc_hash::FxHashSet::default();
    for w in rules.predicates.keys().chain(rules.according.keys()) {
        for particle in ["", "ই", "ও"] {
            out.insert(format!("{w}{particle}"));
        }
    }
    for (w, vf) in &rules.verbs {
        if rules.speech_lemmas.contains(&vf.lemma) {
            out.insert(w.clone());
        }
    }
    out.extend(PASSIVE_VERBS.map(String::from));
    out
}

/// The cue starting at token `i`; `Err(end)` when tokens `i..end` form a predicate that is
/// not a report (a request or an opinion), so none of its words may start another cue.
fn match_at(
    doc: &Document,
    rules: &Rules,
    i: usize,
    a: usize,
    b: usize,
    si: usize,
) -> Option<Result<Cue, usize>> {
    let w = doc.tok(i);
    if !rules.cue_starts.contains(w) {
        return None;
    }
    let span_of =
        |x: usize, y: usize| Span::new(doc.tokens[x].span.start, doc.tokens[y - 1].span.end);

    // 1. noun + light verb predicates (longest noun first)
    let noun0 = strip_particle(w, |x| rules.predicates.contains_key(x));
    if let Some(preds) = rules.predicates.get(noun0) {
        let mut best: Option<(usize, &crate::rules::Predicate, &crate::rules::VerbForm)> = None;
        for p in preds {
            let mut j = i + 1;
            let mut ok = true;
            for (k, nw) in p.noun.iter().enumerate().skip(1) {
                let last = k + 1 == p.noun.len();
                match word(doc, j, b) {
                    Some(t) if t == nw || (last && strip_particle(t, |x| x == nw) == nw) => j += 1,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            for lw in &p.light_prefix {
                if ok && word(doc, j, b) == Some(lw.as_str()) {
                    j += 1;
                } else {
                    ok = false;
                }
            }
            if !ok {
                continue;
            }
            if let Some(vf) = word(doc, j, b).and_then(|t| rules.verbs.get(t))
                && vf.lemma == p.light_lemma
                && best.is_none_or(|(e, _, _)| j + 1 > e)
            {
                best = Some((j + 1, p, vf));
            }
        }
        if let Some((mut end, p, vf)) = best {
            let mut vf = vf;
            // `অভিযোগ করে বলেন`: the participle joins the following speech verb
            if let Some(next) = word(doc, end, b).and_then(|t| rules.verbs.get(t))
                && rules.speech_lemmas.contains(&next.lemma)
                && matches!(vf.tense, Tense::Present | Tense::Participle)
                && vf.register != Register::Hon
            {
                // `আহ্বান জানিয়ে বলেন, …`: the appeal frames what is then said; the speech
                // verb alone is the cue
                if p.kind != PredicateType::Speech {
                    return Some(Err(end));
                }
                vf = next;
                end += 1;
            }
            if p.kind != PredicateType::Speech {
                return Some(Err(end));
            }
            // `এর সঙ্গে স্লোয়ার, লেংথের বৈচিত্র যোগ করে`: adding something to something else
            if rules.is(noun0, class::ADDITIVE)
                && matches!(vf.tense, Tense::Participle | Tense::Present)
                && vf.register != Register::Hon
                && (i.saturating_sub(6).max(a)..i).any(|k| rules.is(doc.tok(k), class::COMITATIVE))
            {
                return Some(Err(end));
            }
            if !reportable(vf) {
                return None;
            }
            return Some(Ok(Cue {
                span: span_of(i, end),
                toks: (i, end),
                sentence: si,
                kind: CueKind::Verb,
                register: vf.register,
                rule: format!("predicates/{} {}", p.noun.join(" "), p.light_lemma),
                lemma: vf.lemma.clone(),
            }));
        }
    }

    // 2. passive with a documentary source: `বলা হয়েছে`, `উল্লেখ করা হয়েছে`
    if PASSIVE_VERBS.contains(&w)
        && word(doc, i + 1, b).is_some_and(|t| rules.is(t, class::PASSIVE_AUX))
    {
        return passive(doc, rules, i, i, i + 2, a, si, w).map(Ok);
    }
    if rules.predicates.contains_key(w)
        && word(doc, i + 1, b) == Some("করা")
        && word(doc, i + 2, b).is_some_and(|t| rules.is(t, class::PASSIVE_AUX))
    {
        return passive(doc, rules, i, i, i + 3, a, si, w).map(Ok);
    }

    // 3. speech verbs
    if let Some(vf) = rules.verbs.get(w)
        && rules.speech_lemmas.contains(&vf.lemma)
    {
        let mut end = i + 1;
        let mut vf = vf;
        // vector compounds: `জানিয়ে দেন`, `বলে দিয়েছেন`
        if vf.tense == Tense::Participle || w == "বলে" {
            if let Some(v2) = word(doc, i + 1, b).and_then(|t| rules.verbs.get(t))
                && v2.lemma == "দেওয়া"
                && v2.person == 3
            {
                vf = v2;
                end = i + 2;
            } else {
                return None;
            }
        }
        if !reportable(vf) {
            return None;
        }
        // a directive: `যোগাযোগ করতে বলেছেন`
        if i > a && vf.lemma == "বলা" && is_infinitive(doc, rules, i - 1) {
            return None;
        }
        // talking (`কথা বলেন`), unless a demonstrative makes it point back (`এ কথা বলেন`);
        // `… থাকার কথা জানিয়েছেন` reports, with কথা closing a noun complement
        if i > a
            && vf.lemma == "বলা"
            && rules.is(
                strip_particle(doc.tok(i - 1), |x| rules.is(x, class::TALK)),
                class::TALK,
            )
        {
            let demo =
                i >= a + 2 && rules.is_pair(doc.tok(i - 2), doc.tok(i - 1), class::AFTER_FACT);
            if !demo {
                return None;
            }
        }
        return Some(Ok(Cue {
            span: span_of(i, end),
            toks: (i, end),
            sentence: si,
            kind: CueKind::Verb,
            register: vf.register,
            rule: format!("verbs/{}/{}", vf.lemma, vf.tense.name()),
            lemma: vf.lemma.clone(),
        }));
    }

    // 4. according-to
    let form = strip_particle(w, |x| rules.according.contains_key(x));
    if let Some(acc) = rules.according.get(form)
        && i > a
    {
        let prev = doc.tok(i - 1);
        if doc.tokens[i - 1].kind != TokKind::Word || rules.is(prev, class::NOT_NAME) {
            return None;
        }
        let next_comma = i + 1 < b && doc.tokens[i + 1].kind == TokKind::Comma;
        if acc.needs_comma && !next_comma {
            return None;
        }
        if acc.needs_genitive && !is_genitive(prev, rules) {
            return None;
        }
        if acc.needs_info {
            // `ঘোষিত তফসিল অনুযায়ী …` cites a source; `চাহিদা অনুযায়ী` is "in accordance with"
            let from = (a..i).rev().take(3).next_back().unwrap_or(i);
            let starts_clause = from == a || !matches!(doc.tokens[from - 1].kind, TokKind::Word);
            let info = (from..i).any(|k| {
                let w = doc.tok(k);
                rules.is(w, class::INFO_NOUN)
                    || w.strip_suffix("ের")
                        .is_some_and(|st| rules.is(st, class::INFO_NOUN))
            });
            if !(info && (next_comma || starts_clause && i - a <= 3)) {
                return None;
            }
        }
        if form == "সূত্রে" {
            // `সূত্রে জানা গেছে` or `সূত্রে এ তথ্য জানা গেছে`
            let demo = word(doc, i + 1, b)
                .zip(word(doc, i + 2, b))
                .is_some_and(|(x, y)| rules.is(&format!("{x} {y}"), class::AFTER_FACT));
            let h = if demo { i + 3 } else { i + 1 };
            let hearsay = word(doc, h, b).is_some_and(|t| rules.is(t, class::HEARSAY))
                && word(doc, h + 1, b).is_some_and(|t| rules.is(t, class::HEARSAY_AUX));
            if !hearsay && !next_comma {
                return None;
            }
        }
        return Some(Ok(Cue {
            span: span_of(i, i + 1),
            toks: (i, i + 1),
            sentence: si,
            kind: CueKind::According {
                kind: acc.kind.clone(),
                needs_comma: acc.needs_comma,
                genitive: acc.needs_genitive,
            },
            register: Register::Any,
            rule: format!("according/{form}"),
            lemma: String::new(),
        }));
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn passive(
    doc: &Document,
    rules: &Rules,
    i: usize,
    start: usize,
    end: usize,
    a: usize,
    si: usize,
    w: &str,
) -> Option<Cue> {
    // only with a document as the source earlier in the clause
    let has_doc = (a..i).any(|k| rules.is(doc.tok(k), class::DOC_NOUN));
    if !has_doc {
        return None;
    }
    Some(Cue {
        span: Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end),
        toks: (start, end),
        sentence: si,
        kind: CueKind::Passive,
        register: Register::Any,
        rule: format!("passive/{w}"),
        lemma: String::new(),
    })
}

fn reportable(vf: &crate::rules::VerbForm) -> bool {
    vf.person == 3 && vf.tense.reports()
}

/// `করতে`, `থাকতে`: an infinitive, by the lexicon or by shape (a consonant directly before
/// the ending -তে, which locatives such as `সভাতে` or `বাড়িতে` do not have).
fn is_infinitive(doc: &Document, rules: &Rules, k: usize) -> bool {
    if doc.tokens[k].kind != TokKind::Word {
        return false;
    }
    let t = doc.tok(k);
    if rules.is(t, class::INFINITIVE) {
        return true;
    }
    let Some(stem) = t.strip_suffix("তে") else {
        return false;
    };
    stem.chars().count() >= 2
        && stem
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, 'ক'..='হ'))
}

/// A genitive: `-র`, `-এর`, `-ের`, `-দের`, or a genitive pronoun.
pub fn is_genitive(w: &str, rules: &Rules) -> bool {
    if let Some(p) = rules.pronouns.get(w) {
        return p.case == crate::rules::Case::Gen;
    }
    w.ends_with('র') && w.chars().count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn cues(t: &str) -> Vec<(String, String)> {
        let rules = Rules::embedded();
        let mut d = Document {
            id: "t".into(),
            norm: normalize(t),
            ..Default::default()
        };
        segment(&mut d, &rules);
        find_cues(&d, &rules)
            .into_iter()
            .map(|c| (d.slice(c.span).to_string(), c.rule))
            .collect()
    }

    #[test]
    fn speech_verbs_and_predicates() {
        assert_eq!(
            cues("তিনি বলেন, আমরা প্রস্তুত। ছেয়ে গেছে, তিনি যোগ করেছেন।"),
            vec![
                ("বলেন".into(), "verbs/বলা/present".into()),
                ("যোগ করেছেন".into(), "predicates/যোগ করা".into())
            ]
        );
        assert_eq!(cues("তারা উদ্বেগ প্রকাশ করেন।")[0].0, "উদ্বেগ প্রকাশ করেন");
        assert_eq!(
            cues("তিনি অভিযোগ করে বলেন, সব মিথ্যা।")[0].0,
            "অভিযোগ করে বলেন"
        );
    }

    #[test]
    fn rejected_forms() {
        // directive, negation, future, joined, knows, talk, request, opinion, a passive
        // directive, hearsay, and the additive যোগ
        for t in [
            "তিনি যোগাযোগ করতে বলেছেন।",
            "তিনি কিছু বলেননি।",
            "তিনি পরে বলবেন।",
            "সম্মেলনে যোগ দেন প্রধানমন্ত্রী।",
            "তিনি বিষয়টি জানেন না।",
            "তিনি পুলিশের সঙ্গে কথা বলেন।",
            "তিনি শান্ত থাকার আহ্বান জানান।",
            "বিশ্লেষকেরা মনে করেন, হার বাড়বে।",
            "সতর্ক থাকতে বলা হয়েছে।",
            "রদবদল হবে বলে জানা গেছে।",
            // adding something to something else
            "এর সঙ্গে স্লোয়ার, লেংথের বৈচিত্র যোগ করে তিনি ব্যাটারদের থিতু হতে দেননি।",
        ] {
            assert!(cues(t).is_empty(), "{t}: {:?}", cues(t));
        }
    }

    #[test]
    fn embedded_cue_inside_marks_is_not_a_cue() {
        let c = cues("মোমেন বলেন, ‘আপনারা বলেন সম্পর্ক খারাপ।’");
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn according_and_passive() {
        assert_eq!(
            cues("মিডিয়া রিপোর্ট অনুসারে, বৈঠক হয়েছে।")[0].1,
            "according/অনুসারে"
        );
        assert_eq!(cues("বিশেষজ্ঞদের মতে, হার বাড়বে।")[0].1, "according/মতে");
        assert!(
            cues("সে অনুযায়ী কাজ চলছে।").is_empty()
                || cues("সে অনুযায়ী কাজ চলছে।")[0].1 != "according/অনুযায়ী"
        );
        assert_eq!(
            cues("মন্ত্রণালয়ের বিবৃতিতে বলা হয়েছে, চুক্তি হয়নি।")[0].0,
            "বলা হয়েছে"
        );
        assert_eq!(cues("তাঁর অভিযোগ, কেউ আসেনি।")[0].1, "according/অভিযোগ");
    }
}
