//! Stage 6: attribution. Each quote gets its speaker, how it was found, and a confidence.
//!
//! Quotes are visited in text order with a small salience state: the last speaker (a person
//! or a group). The speaker comes from the quote's [`Site`] windows, parsed by
//! [`crate::mentions::parse_speaker`]; then
//!
//! - a name becomes the fullest name the document gives (`ব্লিঙ্কেন` -> `অ্যান্টনি ব্লিঙ্কেন`);
//! - `তিনি` and friends become the last speaker: after a report, the pronoun continues the
//!   reporting, whatever names the quote itself mentioned (LINGUISTICS.md §3.4);
//! - a bare role becomes the person introduced with it;
//! - an organisation, group or unnamed source is kept as written, without its case ending;
//! - a continuation takes the previous quote's speaker.
//!
//! Pronouns and names inside quotes never move the salience state: only speakers do.

use crate::cues::{Cue, CueKind};
use crate::document::{Document, Span};
use crate::mentions::{Entities, Mention, MentionKind, parse_speaker, strip_case};
use crate::quotes::{Quote, QuoteKind, Site};
use crate::rules::Rules;

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

#[derive(Clone)]
struct Speaker {
    name: String,
    role: Option<String>,
    latin: Option<String>,
}

/// Attributes every quote; a quote whose speaker cannot be decided gets `None`.
pub fn attribute(doc: &Document, rules: &Rules, cues: &[Cue], quotes: &[Quote], ents: &Entities) -> Vec<Option<Attribution>> {
    let mut last: Option<Speaker> = None;
    let mut last_group: Option<Speaker> = None;
    let mut out = Vec::with_capacity(quotes.len());
    for q in quotes {
        let cue = q.cue.map(|c| &cues[c]);
        let att = match &q.site {
            Site::Previous => last.as_ref().map(|s| Attribution {
                speaker: s.name.clone(),
                mention: None,
                role: s.role.clone(),
                latin: s.latin.clone(),
                method: Method::Continuation,
                confidence: 0.6,
            }),
            Site::Windows(ws) => {
                let mention = ws
                    .iter()
                    .filter(|(x, y)| x < y)
                    .find_map(|&(x, y)| parse_speaker(doc, rules, x, y, ents));
                match mention {
                    Some(m) => resolve(doc, rules, &m, q, cue, ents, last.as_ref(), last_group.as_ref()),
                    // a dropped subject: the report continues the last speaker's
                    None if q.kind != QuoteKind::AccordingTo => last.as_ref().map(|s| Attribution {
                        speaker: s.name.clone(),
                        mention: None,
                        role: s.role.clone(),
                        latin: s.latin.clone(),
                        method: Method::Context,
                        confidence: 0.35,
                    }),
                    None => None,
                }
            }
        };
        if let Some(a) = &att {
            let sp = Speaker {
                name: a.speaker.clone(),
                role: a.role.clone(),
                latin: a.latin.clone(),
            };
            let plural = a.speaker.ends_with("রা") || a.method == Method::Source && a.speaker.split(' ').count() > 1 && a.speaker.contains("নেতা");
            if plural {
                last_group = Some(sp.clone());
            }
            if a.method != Method::Source || plural || q.kind != QuoteKind::AccordingTo {
                last = Some(sp);
            }
        }
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
) -> Option<Attribution> {
    let according = cue.is_some_and(|c| matches!(c.kind, CueKind::According { .. } | CueKind::Passive));
    let base_conf = match q.frame {
        f if f.ends_with(".marked") => 0.9,
        "F1.comma" | "F4.je" | "F2.bole" | "F7.according" | "F8.passive" => 0.85,
        "F5.postposed" => 0.8,
        _ => 0.6,
    };
    match m.kind {
        MentionKind::Name => {
            let (name, method, role, latin) = match ents.canonical(&m.name) {
                Some(e) => {
                    let method = if e.name == m.name { Method::Explicit } else { Method::Alias };
                    (e.name.clone(), method, m.role.clone().or(e.role.clone()), e.latin.clone())
                }
                None => (m.name.clone(), Method::Explicit, m.role.clone(), None),
            };
            Some(Attribution {
                speaker: name,
                mention: Some(m.span),
                role,
                latin,
                method,
                confidence: base_conf,
            })
        }
        MentionKind::Pronoun => {
            let target = if m.plural { last_group.or(last) } else { last };
            match target {
                Some(s) => Some(Attribution {
                    speaker: s.name.clone(),
                    mention: Some(m.span),
                    role: s.role.clone(),
                    latin: s.latin.clone(),
                    method: Method::Pronoun,
                    confidence: base_conf - 0.1,
                }),
                None => {
                    // no report yet: the nearest person introduced before the quote
                    let e = ents.list.iter().filter(|e| e.at < q.span.start).next_back()?;
                    Some(Attribution {
                        speaker: e.name.clone(),
                        mention: Some(m.span),
                        role: e.role.clone(),
                        latin: e.latin.clone(),
                        method: Method::Pronoun,
                        confidence: base_conf - 0.3,
                    })
                }
            }
        }
        MentionKind::Role => {
            let role = m.role.clone().unwrap_or_else(|| m.name.clone());
            match ents.by_role(&role, m.span.start.max(q.span.start)).or_else(|| ents.by_role(&role, usize::MAX)) {
                Some(e) => Some(Attribution {
                    speaker: e.name.clone(),
                    mention: Some(m.span),
                    role: Some(role),
                    latin: e.latin.clone(),
                    method: Method::Role,
                    confidence: base_conf - 0.1,
                }),
                None => Some(Attribution {
                    speaker: m.name.clone(),
                    mention: Some(m.span),
                    role: Some(role),
                    latin: None,
                    method: Method::Source,
                    confidence: base_conf - 0.3,
                }),
            }
        }
        MentionKind::Source => {
            let mut words: Vec<&str> = m.name.split(' ').collect();
            let lastw = words.pop().unwrap_or("");
            let stem = if according {
                strip_case(lastw, rules, &|s| rules.roles.contains_key(s) || doc_has_bare(doc, s))
            } else {
                lastw
            };
            words.push(stem);
            Some(Attribution {
                speaker: words.join(" "),
                mention: Some(m.span),
                role: m.role.clone(),
                latin: None,
                method: Method::Source,
                confidence: base_conf - 0.05,
            })
        }
    }
}

/// Whether `w` occurs as a whole token in the document (confirms a stripped stem).
fn doc_has_bare(doc: &Document, w: &str) -> bool {
    doc.tokens.iter().any(|t| doc.slice(t.span) == w)
}
