//! Stage 6: attribution. Each quote gets its speaker, how it was found, and a confidence.
//!
//! Quotes are visited in text order with a small salience state: the last speaker (a person
//! or a group). The speaker comes from the quote's [`Site`] windows, parsed by
//! [`crate::mentions::parse_speaker`]; then
//!
//! - a name becomes the fullest name the document gives (`ব্লিঙ্কেন` -> `অ্যান্টনি ব্লিঙ্কেন`);
//! - `তিনি` and friends become the last speaker: after a report, the pronoun continues the
//!   reporting, whatever names the quote itself mentioned (LINGUISTICS.md §3.4); a name the
//!   reporter glosses in brackets (`তিনি (মোখলেসুর রহমান)`) wins;
//! - a bare role becomes the person introduced with it, or one in apposition, or else the
//!   person the paragraph names as a postposed subject (`… জানালেন লুকা।`);
//! - an organisation, group or unnamed source is kept as written, without its case ending; a
//!   document with no owner (`চিঠিতে বলা হয়েছে`) speaks for the organisation that issued it;
//! - a continuation takes the previous quote's speaker.
//!
//! Pronouns and names inside quotes never move the salience state: only speakers do.

use crate::cues::{Cue, CueKind};
use crate::document::{Document, Span, TokKind};
use crate::mentions::{Entities, Mention, MentionKind, issuer_of, parse_source, parse_speaker};
use crate::quotes::{Quote, QuoteKind, Site};
use crate::rules::{Rules, class};

/// How the speaker was found (the `method` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A name next to the cue.
    Explicit,
    /// A short or variant name joined to the fullest form in the document.
    Alias,
    Pronoun,
    Role,
    /// An organisation, group, document or unnamed source, as written.
    Source,
    /// An unmarked continuation: the previous quote's speaker.
    Continuation,
    /// No speaker in the sentence: the speaker of the report before (dropped subject).
    Context,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Explicit => "explicit",
            Method::Alias => "alias",
            Method::Pronoun => "pronoun",
            Method::Role => "role",
            Method::Source => "source",
            Method::Continuation => "continuation",
            Method::Context => "context",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Attribution {
    pub speaker: String,
    pub mention: Option<Span>,
    pub role: Option<String>,
    pub latin: Option<String>,
    pub method: Method,
    pub confidence: f32,
}

/// The fullest form of a name among the people the document introduced.
fn canon(doc: &Document, rules: &Rules, ents: &Entities, name: &str, at: usize) -> String {
    let full = match ents.canonical_at(name, at) {
        Some(e) if e.name.split(' ').count() > name.split(' ').count() => e.name.clone(),
        _ => name.to_string(),
    };
    ents.first_spelling(doc, rules, &full)
}

/// The person most recently introduced (outside any quote) between `from` and `to`: the
/// topic a pronoun or a dropped subject refers to.
fn topic_since<'e>(
    ents: &'e Entities,
    from: usize,
    to: usize,
    quoted: &[Span],
) -> Option<&'e crate::mentions::Entity> {
    let lo = ents.list.partition_point(|e| e.at <= from);
    let hi = ents.list.partition_point(|e| e.at < to);
    ents.list[lo..hi.max(lo)]
        .iter()
        .rev()
        .find(|e| e.clean && !in_any(quoted, e.at))
}

/// Whether byte `at` lies inside one of the sorted, non-overlapping `spans`.
fn in_any(spans: &[Span], at: usize) -> bool {
    let i = spans.partition_point(|s| s.start <= at);
    i > 0 && spans[i - 1].end > at
}

/// What pronoun resolution needs beyond the last speaker.
struct Salience<'a> {
    /// The last speaker that is a person (not a group, document or unnamed source).
    last_person: Option<&'a Speaker>,
    /// Where the previous quote ended (normalised byte offset).
    last_quote_end: usize,
    /// Every quote span: mentions inside quotes never become the topic.
    quoted: &'a [Span],
}

#[derive(Clone)]
struct Speaker {
    name: String,
    role: Option<String>,
    latin: Option<String>,
}

/// Attributes every quote; a quote whose speaker cannot be decided gets `None`.
pub fn attribute(
    doc: &Document,
    rules: &Rules,
    cues: &[Cue],
    quotes: &[Quote],
    ents: &mut Entities,
) -> Vec<Option<Attribution>> {
    // First the mention of every quote; names seen next to a cue join the entity tracker,
    // so a short form elsewhere finds its fullest form.
    let mentions: Vec<Option<Mention>> = quotes
        .iter()
        .map(|q| match &q.site {
            Site::Previous => None,
            Site::Windows(ws) => {
                let kind = q.cue.map(|c| &cues[c].kind);
                let source_cue = matches!(kind, Some(CueKind::According { .. } | CueKind::Passive));
                let documentary = matches!(kind, Some(CueKind::Passive));
                let genitive = matches!(kind, Some(CueKind::According { genitive: true, .. }));
                let mut found = ws.iter().filter(|(x, y)| x < y).filter_map(|&(x, y)| {
                    if source_cue {
                        parse_source(doc, rules, x, y, ents, documentary, genitive)
                    } else {
                        parse_speaker(doc, rules, x, y, ents)
                    }
                });
                let first = found.next();
                // a lone unknown word is only a guess at a name (`… ঘুরে এসে …`); a later
                // window that names a person with a role or a known name wins over it
                let weak = |m: &Mention| {
                    m.kind == MentionKind::Name
                        && m.role.is_none()
                        && !m.name.contains(' ')
                        && !ents.is_known(&m.name)
                };
                match first {
                    Some(m) if !source_cue && weak(&m) => Some(
                        found
                            .find(|n| {
                                n.kind == MentionKind::Name
                                    && (n.role.is_some()
                                        || n.name.split(' ').any(|w| ents.is_known(w)))
                            })
                            .unwrap_or(m),
                    ),
                    other => other,
                }
                .or_else(|| {
                    // a list between subject and verb (`তিনি বিএনপি, জামায়াত, … বলেন`): the
                    // subject stands before the commas
                    let &(x, y) = ws.first()?;
                    let a = doc.sentences[q.cue.map(|c| cues[c].sentence)?].tokens.0;
                    if source_cue || a >= x || x > y {
                        return None;
                    }
                    // never into the quote itself: `… থামিয়ে ‘চোর, চোর’ স্লোগান দেন`
                    let quote_tok = doc.tokens.partition_point(|t| t.span.end <= q.span.start);
                    let y = if quote_tok > a { y.min(quote_tok) } else { y };
                    parse_speaker(doc, rules, a, y, ents)
                })
            }
        })
        .collect();
    for m in mentions.iter().flatten() {
        if m.kind == MentionKind::Name && m.name.contains(' ') {
            ents.add_name(&m.name, m.role.clone(), m.span.start);
        }
    }
    ents.list.sort_by_key(|e| e.at);
    let ents: &Entities = ents;
    let mut last: Option<Speaker> = None;
    let mut last_group: Option<Speaker> = None;
    let mut last_person: Option<Speaker> = None;
    let mut last_quote_end = 0;
    let quoted: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    let mut out = Vec::with_capacity(quotes.len());
    for (q, mention) in quotes.iter().zip(mentions) {
        let cue = q.cue.map(|c| &cues[c]);
        let from_last = |s: &Speaker, method: Method, confidence: f32| Attribution {
            speaker: s.name.clone(),
            mention: None,
            role: s.role.clone(),
            latin: s.latin.clone(),
            method,
            confidence,
        };
        let att = match (&q.site, mention) {
            (Site::Previous, _) => last
                .as_ref()
                .map(|s| from_last(s, Method::Continuation, 0.6)),
            (Site::Windows(_), Some(m)) => {
                let ctx = Salience {
                    last_person: last_person.as_ref(),
                    last_quote_end,
                    quoted: &quoted,
                };
                resolve(
                    doc,
                    rules,
                    &m,
                    q,
                    cue,
                    ents,
                    last.as_ref(),
                    last_group.as_ref(),
                    &ctx,
                )
            }
            // a dropped subject: the report continues the last speaker's
            // a dropped subject: a person introduced since the last quote (`… অ্যালিস্টার কুক
            // বিষয়টিকে হালকা রসিকতায় দেখেন। … কলামে লেখেন, ‘…’`), else the last speaker
            (Site::Windows(_), None) if q.kind != QuoteKind::AccordingTo => {
                let start = q.cue.map_or(q.span.start, |c| cues[c].span.start);
                match topic_since(ents, last_quote_end, start, &quoted) {
                    Some(e) => Some(Attribution {
                        speaker: canon(doc, rules, ents, &e.name, start),
                        mention: None,
                        role: e.role.clone(),
                        latin: e.latin.clone(),
                        method: Method::Context,
                        confidence: 0.45,
                    }),
                    None => last.as_ref().map(|s| from_last(s, Method::Context, 0.35)),
                }
            }
            (Site::Windows(_), None) => None,
        };
        if let Some(a) = &att {
            let sp = Speaker {
                name: a.speaker.clone(),
                role: a.role.clone(),
                latin: a.latin.clone(),
            };
            let plural = a.speaker.ends_with("রা");
            if plural {
                last_group = Some(sp.clone());
            }
            if a.method != Method::Source {
                last_person = Some(sp.clone());
            }
            if a.method != Method::Source || plural || q.kind != QuoteKind::AccordingTo {
                last = Some(sp);
            }
        }
        last_quote_end = last_quote_end.max(q.span.end);
        out.push(att);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    doc: &Document,
    rules: &Rules,
    m: &Mention,
    q: &Quote,
    cue: Option<&Cue>,
    ents: &Entities,
    last: Option<&Speaker>,
    last_group: Option<&Speaker>,
    ctx: &Salience,
) -> Option<Attribution> {
    let base_conf = match q.frame {
        f if f.ends_with(".marked") => 0.9,
        "F1.comma" | "F4.je" | "F2.bole" | "F7.according" | "F8.passive" => 0.85,
        "F5.postposed" => 0.8,
        _ => 0.6,
    };
    match m.kind {
        MentionKind::Name => {
            let ent = ents.canonical_at(&m.name, m.span.start);
            let mut name = match ent {
                Some(e) if e.name.split(' ').count() >= m.name.split(' ').count() => e.name.clone(),
                _ => m.name.clone(),
            };
            // a one-word name with no fuller form among the introductions: look in the text
            if !name.contains(' ')
                && let Some(full) = ents.fullest_in_doc(doc, rules, &name)
            {
                name = full;
            }
            let name = ents.first_spelling(doc, rules, &name);
            let method = if name == m.name {
                Method::Explicit
            } else {
                Method::Alias
            };
            Some(Attribution {
                speaker: name,
                mention: Some(m.span),
                role: m.role.clone().or(ent.and_then(|e| e.role.clone())),
                latin: ent.and_then(|e| e.latin.clone()),
                method,
                confidence: base_conf,
            })
        }
        MentionKind::Pronoun => {
            // the reporter's own gloss: `তিনি (মোখলেসুর রহমান)`
            if let Some(name) = crate::mentions::glossed_name(doc, rules, m.span.end) {
                return Some(Attribution {
                    speaker: canon(doc, rules, ents, &name, m.span.start),
                    mention: Some(m.span),
                    role: None,
                    latin: None,
                    method: Method::Pronoun,
                    confidence: base_conf,
                });
            }
            let by_speaker = |s: &Speaker, confidence: f32| Attribution {
                speaker: s.name.clone(),
                mention: Some(m.span),
                role: s.role.clone(),
                latin: s.latin.clone(),
                method: Method::Pronoun,
                confidence,
            };
            let by_entity =
                |e: &crate::mentions::Entity, speaker: String, confidence: f32| Attribution {
                    speaker,
                    mention: Some(m.span),
                    role: e.role.clone(),
                    latin: e.latin.clone(),
                    method: Method::Pronoun,
                    confidence,
                };
            // a person introduced (outside any quote) since the last quote is the new topic
            let fresh = if m.plural {
                None
            } else {
                topic_since(ents, ctx.last_quote_end, m.span.start, ctx.quoted)
            };
            if let Some(e) = fresh {
                let name = canon(doc, rules, ents, &e.name, m.span.start);
                return Some(by_entity(e, name, base_conf - 0.15));
            }
            let target = if m.plural {
                last_group.or(last)
            } else {
                ctx.last_person
            };
            if let Some(s) = target {
                return Some(by_speaker(s, base_conf - 0.1));
            }
            // no person has spoken yet: the nearest person introduced before, else the last
            // source of any kind
            if let Some(e) = ents
                .list
                .iter()
                .rfind(|e| e.at < m.span.start && (e.clean || e.name.contains(' ')))
            {
                return Some(by_entity(e, e.name.clone(), base_conf - 0.3));
            }
            if let Some(s) = last {
                return Some(by_speaker(s, base_conf - 0.4));
            }
            // a lead that names its person only afterwards (`তাঁর অভিযোগ, …` before
            // `জাহাঙ্গীর আলম বলেন`): the first person introduced after the pronoun
            let e = ents
                .list
                .iter()
                .find(|e| e.at > m.span.start && e.clean && !m.plural)?;
            Some(by_entity(
                e,
                canon(doc, rules, ents, &e.name, e.at),
                base_conf - 0.45,
            ))
        }
        MentionKind::Role => {
            let role = m.role.clone().unwrap_or_else(|| m.name.clone());
            let qualifier = m.name.strip_suffix(role.as_str()).unwrap_or("").trim();
            match ents
                .by_role(&role, qualifier, m.span.start.max(q.span.start))
                .or_else(|| ents.by_role(&role, qualifier, usize::MAX))
                .or_else(|| {
                    // an apposition of two roles, `মহকুমা পুলিশ অফিসার, এসডিপিও`: the person
                    // may be introduced with the first
                    let k = doc.tokens.partition_point(|t| t.span.start < m.span.start);
                    (k >= 2 && doc.tokens[k - 1].kind == TokKind::Comma)
                        .then(|| doc.tok(k - 2))
                        .filter(|w| rules.roles.contains_key(*w))
                        .and_then(|w| ents.by_role(w, "", usize::MAX))
                }) {
                Some(e) => Some(Attribution {
                    speaker: canon(doc, rules, ents, &e.name, m.span.start),
                    mention: Some(m.span),
                    role: Some(role),
                    latin: e.latin.clone(),
                    method: Method::Role,
                    confidence: base_conf - 0.1,
                }),
                // `এই কিপার`, `ওই কর্মকর্তা`: a demonstrative role points back to the person
                // being talked about
                None if m.name.split(' ').any(|w| matches!(w, "এই" | "ওই" | "সেই"))
                    && ctx.last_person.is_some() =>
                {
                    let s = ctx.last_person?;
                    Some(Attribution {
                        speaker: s.name.clone(),
                        mention: Some(m.span),
                        role: Some(role),
                        latin: s.latin.clone(),
                        method: Method::Role,
                        confidence: base_conf - 0.25,
                    })
                }
                None => {
                    // nobody holds the role: the paragraph's postposed subject is the person
                    // described (`২৭ বছর বয়সী কিপার বলেছেন` … `জানালেন লুকা।`)
                    // only for a bare role: with a title (`ব্যারিস্টার রাশনা ইমাম`, ইমাম being
                    // a role too) the words name the person already
                    let bare = m.name.ends_with(role.as_str())
                        && !m.name.split(' ').any(|w| rules.is(w, class::TITLE));
                    let about = bare
                        .then(|| {
                            crate::mentions::postposed_subject_near(
                                doc,
                                rules,
                                m.span.start,
                                &|x| in_any(ctx.quoted, x),
                            )
                        })
                        .flatten();
                    Some(match about {
                        Some(name) => Attribution {
                            speaker: canon(doc, rules, ents, &name, m.span.start),
                            mention: Some(m.span),
                            role: Some(role),
                            latin: None,
                            method: Method::Role,
                            confidence: base_conf - 0.35,
                        },
                        None => Attribution {
                            speaker: m.name.clone(),
                            mention: Some(m.span),
                            role: Some(role),
                            latin: None,
                            method: Method::Source,
                            confidence: base_conf - 0.3,
                        },
                    })
                }
            }
        }
        MentionKind::Source => {
            let mut name = m.name.clone();
            // `X সূত্রে` gives `X সূত্র` as written
            if cue.is_some_and(|c| c.rule == "according/সূত্রে") {
                name.push_str(" সূত্র");
            }
            // a document with no owner (`চিঠিতে বলা হয়েছে`) speaks for its issuer
            let bare_document = {
                let k = doc.tokens.partition_point(|t| t.span.start < m.span.start);
                k < doc.tokens.len()
                    && doc.tokens[k].span.end >= m.span.end
                    && rules.is(doc.tok(k), class::DOC_NOUN)
            };
            if bare_document
                && let Some(c) = cue.filter(|c| matches!(c.kind, CueKind::Passive))
                && let Some(issuer) =
                    issuer_of(doc, rules, &name, c.sentence, &|at| in_any(ctx.quoted, at))
            {
                return Some(Attribution {
                    speaker: issuer,
                    mention: Some(m.span),
                    role: m.role.clone(),
                    latin: None,
                    method: Method::Source,
                    confidence: base_conf - 0.2,
                });
            }
            Some(Attribution {
                speaker: name,
                mention: Some(m.span),
                role: m.role.clone(),
                latin: None,
                method: Method::Source,
                confidence: base_conf - 0.05,
            })
        }
    }
}
