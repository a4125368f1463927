//! Stage 5: mentions of speakers, and the per-document entity tracker.
//!
//! Bengali has no capital letters and no offline NER runs here, so a name is recognised by
//! where it stands: after a role or title (`রুশ মুখপাত্র মারিয়া জাখারোভা`), before an English
//! alias (`অ্যান্টনি ব্লিঙ্কেন (Anthony Blinken)`), or as the subject right before a cue. A
//! subject window is cut into chunks at addressees (`-কে`, `সাংবাদিকদের`), locatives and
//! adverbials; the leftmost chunk that holds a person-like word is the speaker (Bengali is
//! subject-first).
//!
//! The [`Entities`] tracker collects every role + name in the document once, so a later short
//! mention (`ব্লিঙ্কেনের`), a variant spelling (`লাভরভ` for `ল্যাভরভ`, merged by a phonetic key)
//! or a bare role (`মুখপাত্র`) finds the fullest name. Case endings are stripped only when the
//! stem is confirmed (LINGUISTICS.md §4.2): `কাদের` and `মুজিবুর` survive.

use crate::document::{Document, Span, TokKind};
use crate::normalize::{is_digit, is_space};
use crate::rules::{Case, Number, RoleType, Rules, class, word_hash};
use rustc_hash::FxHashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A person's name (possibly with role/title around it).
    Name,
    /// তিনি, তারা, ...
    Pronoun,
    /// A role without a name: resolved to the person who holds it.
    Role,
    /// An organisation, document, group or unnamed source: named as written.
    Source,
}

#[derive(Debug, Clone)]
pub struct Mention {
    /// The surface tokens of the mention (the speaker_mention column).
    pub span: Span,
    pub kind: MentionKind,
    /// The name (or source phrase) without titles, roles and case endings.
    pub name: String,
    /// The role word written with the mention, if any.
    pub role: Option<String>,
    pub plural: bool,
}

/// A person introduced with a role, a title or an English alias.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub role: Option<String>,
    pub latin: Option<String>,
    pub key: String,
    pub last_key: String,
    /// Phonetic key of each word of the name.
    pub word_keys: Vec<String>,
    /// The words just before the role (`বিটিএমএ` in `বিটিএমএ সভাপতি শওকত আজিজ রাসেল`).
    pub context: String,
    /// Whether the name ended at a clear boundary (punctuation, a verb, an addressee): such an
    /// introduction makes the person the topic for a following pronoun.
    pub clean: bool,
    pub at: usize,
}

impl Entity {
    /// A person named `name` at byte `at`; the phonetic keys are derived here.
    pub fn new(name: String, role: Option<String>, at: usize) -> Entity {
        let word_keys: Vec<String> = name.split(' ').map(phonetic_key).collect();
        Entity {
            key: phonetic_key(&name),
            last_key: word_keys.last().cloned().unwrap_or_default(),
            word_keys,
            name,
            role,
            latin: None,
            context: String::new(),
            clean: true,
            at,
        }
    }
}

#[derive(Debug, Default)]
pub struct Entities {
    pub list: Vec<Entity>,
    /// The document's words, to confirm a stripped stem or that a genitive word belongs to
    /// the name before it.
    words: DocWords,
    /// Answers of [`Entities::first_spelling`] and [`Entities::fullest_in_doc`] (one document
    /// asks about few distinct names, often many times).
    spellings: std::cell::RefCell<rustc_hash::FxHashMap<String, String>>,
    fullest: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<String>>>,
    /// For [`Entities::fullest_in_doc`], filled as it asks: for each token, the [`key_hash`]
    /// of its stem if it could be a name word (`None` for the others).
    name_tokens: std::cell::OnceCell<Vec<std::cell::OnceCell<Option<u64>>>>,
    /// Words of known names and their phonetic keys.
    name_words: FxHashSet<String>,
    name_keys: FxHashSet<String>,
}

/// The distinct words of a document, numbered in order of first use, and the number of every
/// token (`NOT_A_WORD` for the others).
#[derive(Debug, Default)]
struct DocWords {
    /// [`word_hash`] -> number
    ids: rustc_hash::FxHashMap<u64, u32>,
    tokens: Vec<u32>,
    /// By number: the [`key_hash`] and the [`lead_key`] of each distinct word.
    keys: Vec<u64>,
    leads: Vec<u16>,
}

const NOT_A_WORD: u32 = u32::MAX;

impl DocWords {
    fn id(&self, w: &str) -> Option<u32> {
        self.ids.get(&word_hash(w)).copied()
    }

    fn has(&self, w: &str) -> bool {
        self.id(w).is_some()
    }

    /// The number of token `k` if it is a word.
    fn of_token(&self, k: usize) -> Option<usize> {
        self.tokens
            .get(k)
            .filter(|&&id| id != NOT_A_WORD)
            .map(|&id| id as usize)
    }

    /// Whether word `a` is directly followed by word `b` somewhere. A document has a few
    /// hundred words and asks this a few times, so a search beats a set of all pairs.
    fn follows(&self, a: &str, b: &str) -> bool {
        let (Some(a), Some(b)) = (self.id(a), self.id(b)) else {
            return false;
        };
        self.tokens.windows(2).any(|p| p[0] == a && p[1] == b)
    }
}

fn has_digit_or_latin(w: &str) -> bool {
    w.chars()
        .any(|c| c.is_ascii_alphanumeric() || is_digit(c) || c == '-' || c == '.')
        && !w.ends_with('.')
}

/// Whether token `k` is the noun of a light-verb predicate (`বিরক্তি প্রকাশ করে`,
/// `অভিযোগ করেন`): a word followed by a light verb, or by `প্রকাশ`-like prefix + light verb.
pub fn predicate_noun_at(doc: &Document, rules: &Rules, k: usize) -> bool {
    let light = |x: usize| {
        x < doc.tokens.len()
            && doc.tokens[x].kind == TokKind::Word
            && rules
                .verbs
                .get(doc.tok(x))
                .is_some_and(|v| !rules.speech_lemmas.contains(&v.lemma))
    };
    let prefix = |x: usize| {
        x < doc.tokens.len()
            && doc.tokens[x].kind == TokKind::Word
            && rules.light_prefixes.contains(doc.tok(x))
    };
    // a listed predicate takes any light verb, a speech verb too (`শোক জানিয়ে`)
    let listed = k + 1 < doc.tokens.len()
        && doc.tokens[k + 1].kind == TokKind::Word
        && rules.predicates.get(doc.tok(k)).is_some_and(|ps| {
            rules.verbs.get(doc.tok(k + 1)).is_some_and(|v| {
                ps.iter().any(|p| {
                    p.noun.len() == 1 && p.light_prefix.is_empty() && p.light_lemma == v.lemma
                })
            })
        });
    listed || light(k + 1) || (prefix(k + 1) && light(k + 2)) || (prefix(k) && light(k + 1))
}

/// The issuer of a document that speaks for itself (`চিঠিতে বলা হয়েছে`): the organisation
/// named as the subject of the latest sentence before `sentence` that mentions the same
/// document outside a quote (`… খানকে চিঠি পাঠিয়েছে বাণিজ্য মন্ত্রণালয়।`).
pub fn issuer_of(
    doc: &Document,
    rules: &Rules,
    document: &str,
    sentence: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<String> {
    for s in doc.sentences[..sentence].iter().rev().take(12) {
        let (a, b) = s.tokens;
        let mentions_it = (a..b).any(|k| {
            doc.tokens[k].kind == TokKind::Word
                && doc.tok(k).starts_with(document)
                && !quoted(doc.tokens[k].span.start)
        });
        if !mentions_it {
            continue;
        }
        // the sentence must send or issue it (`পাঠিয়েছে`, `জারি করেছে`, `দিয়েছে`), not act
        // on it (`আদালত এ আবেদন মঞ্জুর করেন`)
        let issued = (a..b).any(|k| rules.is(doc.tok(k), class::ISSUE_VERB));
        if !issued {
            return None;
        }
        // an organisation in the nominative: the raw word is itself the lexicon entry
        let o = (a..b).rev().find(|&k| {
            doc.tokens[k].kind == TokKind::Word
                && rules.roles.get(doc.tok(k)) == Some(&RoleType::Org)
                && !quoted(doc.tokens[k].span.start)
        })?;
        // `সংস্থা ইন্ডিয়া হেট ল্যাব`: the name after the noun is the issuer, not the noun
        if o + 1 < b
            && doc.tokens[o + 1].kind == TokKind::Word
            && tag(doc.tok(o + 1), rules) == Tag::Other
            && name_like(doc.tok(o + 1), rules)
            && !predicate_noun_at(doc, rules, o + 1)
        {
            return None;
        }
        let first = if o > a
            && doc.tokens[o - 1].kind == TokKind::Word
            && tag(doc.tok(o - 1), rules) == Tag::Other
            && name_like(doc.tok(o - 1), rules)
            && !predicate_noun_at(doc, rules, o - 1)
        {
            o - 1
        } else {
            o
        };
        let words: Vec<&str> = (first..=o).map(|k| doc.tok(k)).collect();
        return Some(words.join(" "));
    }
    None
}

/// A name in brackets right after byte `end` (`তিনি (মোখলেসুর রহমান)`): the reporter's gloss
/// of a pronoun.
pub fn glossed_name(doc: &Document, rules: &Rules, end: usize) -> Option<String> {
    let k = doc.tokens.partition_point(|t| t.span.start < end);
    let n = doc.tokens.len();
    if k >= n || doc.tok(k) != "(" {
        return None;
    }
    let close = (k + 1..n.min(k + 6)).find(|&x| doc.tok(x) == ")")?;
    let words: Vec<&str> = (k + 1..close).map(|x| doc.tok(x)).collect();
    let all_names = (k + 1..close).all(|x| {
        doc.tokens[x].kind == TokKind::Word
            && tag(doc.tok(x), rules) == Tag::Other
            && name_like(doc.tok(x), rules)
    });
    (!words.is_empty() && all_names).then(|| words.join(" "))
}

/// The name nearest to byte `at`, in its paragraph, that stands as the postposed subject of
/// an honorific verb at the end of a sentence (`… কারণ জানালেন লুকা।`, `… হুমকি দিয়েছেন
/// সঙ্গীতা।`): the person a paragraph is about. Names inside quotes do not count.
pub fn postposed_subject_near(
    doc: &Document,
    rules: &Rules,
    at: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<String> {
    let si = doc.sentences.partition_point(|s| s.span.end <= at);
    let para = doc.sentences.get(si)?.para;
    let (s0, s1) = doc.paragraphs[para].sentences;
    let (a, b) = (doc.sentences[s0].tokens.0, doc.sentences[s1 - 1].tokens.1);
    let mut best: Option<(usize, String)> = None;
    for k in a + 1..b {
        let honorific = doc.tokens[k - 1].kind == TokKind::Word
            && rules.verbs.get(doc.tok(k - 1)).is_some_and(|v| {
                v.register == crate::rules::Register::Hon
                    && !matches!(
                        v.tense,
                        crate::rules::Tense::Participle
                            | crate::rules::Tense::Conditional
                            | crate::rules::Tense::Future
                            | crate::rules::Tense::Negative
                    )
            });
        if !honorific || quoted(doc.tokens[k].span.start) {
            continue;
        }
        let mut j = k;
        while j < b
            && j - k < 3
            && doc.tokens[j].kind == TokKind::Word
            && tag(doc.tok(j), rules) == Tag::Other
            && name_like(doc.tok(j), rules)
        {
            j += 1;
        }
        if j > k && j < b && doc.tokens[j].kind == TokKind::Stop {
            let d = doc.tokens[k].span.start.abs_diff(at);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                let ws: Vec<&str> = (k..j).map(|x| doc.tok(x)).collect();
                best = Some((d, ws.join(" ")));
            }
        }
    }
    best.map(|(_, n)| n)
}

/// Where a run of up to three plain name words ending right before token `k` starts.
fn name_run_before(doc: &Document, rules: &Rules, k: usize) -> usize {
    let mut a = k;
    while a > 0
        && k - a < 3
        && doc.tokens[a - 1].kind == TokKind::Word
        && name_like(doc.tok(a - 1), rules)
        && tag(doc.tok(a - 1), rules) == Tag::Other
    {
        a -= 1;
    }
    a
}

/// An initial: a Latin letter's name in Bengali script (`এ`, `এম`, `কে` in `এ কে এম গোলাম
/// কিবরিয়া`; words.tsv `initial`), or one letter with a full stop. The caller checks that a
/// name follows: `এ` alone is the demonstrative, and a two-letter word such as `আজ` is none.
fn is_initial(w: &str, rules: &Rules) -> bool {
    let bare = w.trim_end_matches('.');
    if bare.len() < w.len() && bare.chars().count() == 1 && is_bengali_word(bare) {
        return true;
    }
    rules.is(bare, class::INITIAL)
}

/// `X-এর সঙ্গে কথা হলে তিনি বলেন`, `X-এর কাছে জানতে চাইলে তিনি বলেন`: the person the
/// reporter reached, right before token `j`, is the one who then speaks.
fn contacted_at(doc: &Document, rules: &Rules, j: usize) -> bool {
    let n = doc.tokens.len();
    j < n
        && rules.is(doc.tok(j), class::CONTACT)
        && (j + 1..n.min(j + 5))
            .take_while(|&x| doc.tokens[x].kind == TokKind::Word)
            .any(|x| rules.is(doc.tok(x), class::WHEN_DONE))
}

/// `ও` or `এবং`: "and" between two nouns.
fn is_and(w: &str) -> bool {
    matches!(w, "ও" | "এবং")
}

/// Whether a word ends in a bare consonant letter. The particle ও ("too") written right after
/// one (`স্মিথও`) is no part of the name; after a vowel sign it may be (`মারিও`).
fn ends_in_consonant(w: &str) -> bool {
    w.chars()
        .last()
        .is_some_and(|c| ('\u{0995}'..='\u{09B9}').contains(&c) || c == '\u{09BC}')
}

/// A generic noun used as a predicate right before its light verb (`জমা দিয়ে`, `জারি করে`):
/// the word before it is that predicate's object, not part of a name. Lexicon predicates
/// (`অভিযোগ করেন`) take the subject right before them instead.
fn object_of_predicate_at(doc: &Document, rules: &Rules, k: usize) -> bool {
    k + 1 < doc.tokens.len()
        && doc.tokens[k].kind == TokKind::Word
        && !rules.predicates.contains_key(doc.tok(k))
        && doc.tokens[k + 1].kind == TokKind::Word
        && rules.verbs.get(doc.tok(k + 1)).is_some_and(|v| {
            // a converb clause (`জমা দিয়ে`, `জারি করে`) has its object before it; before a
            // finite light verb (`বৈঠক করেন`) stands the subject
            !rules.speech_lemmas.contains(&v.lemma)
                && (v.tense == crate::rules::Tense::Participle
                    || v.tense == crate::rules::Tense::Present
                        && v.register != crate::rules::Register::Hon)
        })
}

/// Whether a token could be part of a person's name.
pub fn name_like(w: &str, rules: &Rules) -> bool {
    crate::rules::word_answer(w, rules, crate::rules::slot::NAME_LIKE, || {
        name_like_word(w, rules) as u8
    }) != 0
}

fn name_like_word(w: &str, rules: &Rules) -> bool {
    // classes that one stage looks up and that say nothing against a name (`ওম প্রকাশ`,
    // `হাবিবুল্লাহ পাঠান` are names although প্রকাশ and পাঠান issue documents)
    let neutral = class::TITLE
        | class::ADDRESSEE
        | class::INITIAL
        | class::CONTACT
        | class::COMITATIVE
        | class::WHEN_DONE
        | class::ISSUE_VERB
        | class::NOT_FIRST_PERSON
        | class::DEMAND
        | class::OFFICE_HEAD
        | class::AGENT_SUFFIX
        | class::ADDITIVE;
    if rules.class(w) & !neutral != 0 {
        return false;
    }
    // `মারধরের` is the genitive of a common noun
    if strip_genitive(w).is_some_and(|st| rules.is(st, class::NOT_NAME)) {
        return false;
    }
    if w.chars().count() < 2 && !w.ends_with('.') {
        return w.chars().count() == 1 && is_bengali_word(w);
    }
    if !is_bengali_word(w.trim_end_matches('.')) || has_digit_or_latin(w) {
        return false;
    }
    !(rules.pronouns.contains_key(w)
        || compound_role(w, rules)
        || rules.verbs.contains_key(w)
        || rules.roles.contains_key(w)
        || rules.predicates.contains_key(w)
        || rules.according.contains_key(w))
}

fn is_bengali_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| ('\u{0980}'..='\u{09FF}').contains(&c) || c == '\u{200D}')
}

/// Phonetic key for Bengali names (LINGUISTICS.md §4.5): folds aspiration, retroflex/dental,
/// sibilants, nasals, vowel length and ya-phala so spelling variants collide.
pub fn phonetic_key(s: &str) -> String {
    thread_local!(static KEYS: crate::rules::WordCache<String> = Default::default());
    crate::rules::cached(&KEYS, s, 0, || compute_phonetic_key(s))
}

/// A hash of [`phonetic_key`]: to test many words for a shared key without keeping the keys
/// (like the bigram hashes, a 64-bit hash stands for the string).
fn key_hash(s: &str) -> u64 {
    thread_local!(static HASHES: crate::rules::WordCache<u64> = Default::default());
    crate::rules::cached(&HASHES, s, 0, || compute_key_hash(s))
}

fn compute_key_hash(s: &str) -> u64 {
    word_hash(&compute_phonetic_key(s))
}

fn compute_phonetic_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() / 2);
    let mut it = s.chars().filter(|c| !is_space(*c) && *c != '-').peekable();
    while let Some(c) = it.next() {
        let next = it.peek().copied();
        // ya-phala, nukta, chandrabindu, virama, joiners: dropped
        if c == '\u{09CD}' && next == Some('য') {
            it.next();
            continue;
        }
        let k = char_key(c, next);
        // the vowel after a consonant that has no sign of its own is not written: skip
        if !(k.len() == 1 && out.ends_with(k) && !"aiueo".contains(k)) {
            out.push_str(k);
        }
    }
    // অ্যা/এ্যা -> e, already folded by the ya-phala drop for the e-forms; map leading "a" of
    // অ্যা (written অ + ্য + া) to e.
    if s.starts_with("অ\u{09CD}যা") {
        out = format!("e{}", out.trim_start_matches("aa").trim_start_matches('a'));
    }
    out
}

/// The key class of one letter (`next` decides ড়/ঢ় and the য় glide).
fn char_key(c: char, next: Option<char>) -> &'static str {
    match c {
        'অ' | 'আ' | 'া' => "a",
        'ই' | 'ঈ' | 'ি' | 'ী' => "i",
        'উ' | 'ঊ' | 'ু' | 'ূ' => "u",
        'এ' | 'ে' | 'ৈ' => "e",
        'ঐ' => "oi",
        'ও' | 'ো' => "o",
        'ঔ' | 'ৌ' => "ou",
        'ঋ' | 'ৃ' => "ri",
        'ক' | 'খ' => "k",
        'গ' | 'ঘ' => "g",
        'চ' | 'ছ' => "c",
        'জ' | 'ঝ' => "j",
        'য' if next == Some('\u{09BC}') => "",
        'য' => "j",
        'ট' | 'ঠ' | 'ত' | 'থ' | 'ৎ' => "t",
        'ড' | 'ঢ' if next == Some('\u{09BC}') => "r",
        'ড' | 'ঢ' | 'দ' | 'ধ' => "d",
        'প' | 'ফ' => "p",
        'ব' | 'ভ' => "b",
        'ম' => "m",
        'ন' | 'ণ' | 'ঙ' | 'ঞ' | 'ং' => "n",
        'র' => "r",
        'ল' => "l",
        'শ' | 'ষ' | 'স' => "s",
        'হ' | 'ঃ' => "h",
        _ => "",
    }
}

/// The key class of a word's first letter: a cheap filter before a full key. The class (at
/// most two ASCII letters) is packed into a number, 0 for none, so that comparing two is one
/// instruction.
fn lead_key(w: &str) -> u16 {
    let class = if w.starts_with("অ\u{09CD}যা") {
        "e"
    } else {
        let mut it = w.chars();
        it.next().map_or("", |c| char_key(c, it.next()))
    };
    class.bytes().fold(0, |code, b| code << 8 | b as u16)
}

/// Strips a case ending from the last word of a name when `confirmed` accepts the stem, or
/// when the ending is marked safe. Returns the stem. Callers keep a word that is itself a
/// known name (`কাদের`) before asking.
pub fn strip_case<'a>(w: &'a str, rules: &Rules, confirmed: &dyn Fn(&str) -> bool) -> &'a str {
    for s in &rules.suffixes {
        if let Some(stem) = w.strip_suffix(s.text.as_str()) {
            let stem = stem.trim_end_matches(['’', '\'', '-']);
            if stem.chars().count() < 2 {
                continue;
            }
            if confirmed(stem) || (s.safe && s.case != "loc") {
                return stem;
            }
        }
    }
    w
}

/// Removes a genitive ending known to be there: `-ের`, `-এর`, `’র`, or `-র` after a vowel.
fn strip_genitive(w: &str) -> Option<&str> {
    for e in ["ের", "-এর", "এর", "’র", "'র"] {
        if let Some(st) = w.strip_suffix(e)
            && st.chars().count() >= 2
        {
            return Some(st);
        }
    }
    let st = w.strip_suffix('র')?;
    let prev = st.chars().next_back()?;
    (st.chars().count() >= 2 && matches!(prev, 'া' | 'ি' | 'ী' | 'ু' | 'ূ' | 'ো' | 'ৌ' | 'ে' | 'ৈ'))
        .then_some(st)
}

/// Like [`strip_case`] but keeps plural and particle endings: `বন্দিরা` stays a group.
pub fn strip_oblique<'a>(w: &'a str, rules: &Rules, confirmed: &dyn Fn(&str) -> bool) -> &'a str {
    if rules.class(w) != 0 || w.ends_with("রা") {
        return w;
    }
    let s = strip_case(w, rules, confirmed);
    let removed = &w[s.len()..];
    if rules
        .suffixes
        .iter()
        .any(|x| x.text == removed && (x.case == "pl" || x.case == "particle"))
    {
        w
    } else {
        s
    }
}

/// Compounds whose last part is a role head: `বাণিজ্যসচিব`, `রেলপথমন্ত্রী`, `মডেল-অভিনেত্রী`.
pub fn compound_role(w: &str, rules: &Rules) -> bool {
    // short words without a hyphen are answered faster than looked up
    if w.len() < 12 && !w.contains('-') {
        return false;
    }
    crate::rules::word_answer(w, rules, crate::rules::slot::COMPOUND_ROLE, || {
        compound_role_word(w, rules) as u8
    }) != 0
}

fn compound_role_word(w: &str, rules: &Rules) -> bool {
    if let Some((_, tail)) = w.rsplit_once('-')
        && rules.roles.get(tail) == Some(&RoleType::Person)
    {
        return true;
    }
    if w.len() < 12 {
        return false;
    }
    rules.compound_heads.iter().any(|(h, min)| {
        w.strip_suffix(h.as_str())
            .is_some_and(|stem| stem.chars().count() >= *min)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Pron,
    /// তার, তাঁর: a possessive opens a new noun phrase
    GenPron,
    Role,
    Gen,
    Acc,
    Loc,
    Adv,
    Post,
    Verb,
    Title,
    Indef,
    /// An adjective or determiner inside a noun phrase (`নতুন`, `এই`): not a name word.
    Mod,
    Other,
    Stop,
}

/// [`role_opener_and_key`]: the word starts a multi-word person role or two-word title.
const OPENS_PHRASE: u8 = 1;
/// [`role_opener_and_key`]: the word alone is a person's role, a title or a compound role.
const OPENS_WORD: u8 = 2;

/// Whether a role or title can start with `w` (the entity scan asks for every distinct word),
/// and the word's [`key_hash`], from the same table entry.
fn role_opener_and_key(w: &str, rules: &Rules) -> (u8, u64) {
    let slot = crate::rules::slot::ROLE_OPENER;
    let key = || compute_key_hash(w);
    crate::rules::word_answer_and_key(w, rules, slot, || opens_role(w, rules), key)
}

fn opens_role(w: &str, rules: &Rules) -> u8 {
    let c = rules.class(w);
    let word = rules.roles.get(w) == Some(&RoleType::Person)
        || c & class::TITLE != 0
        || c == 0 && compound_role(w, rules);
    (if rules.title_lengths.contains_key(w) {
        OPENS_PHRASE
    } else {
        0
    }) | (if word { OPENS_WORD } else { 0 })
}

/// Every [`Tag`] in declaration order, to decode a tag kept as its number.
const TAGS: [Tag; 14] = [
    Tag::Pron,
    Tag::GenPron,
    Tag::Role,
    Tag::Gen,
    Tag::Acc,
    Tag::Loc,
    Tag::Adv,
    Tag::Post,
    Tag::Verb,
    Tag::Title,
    Tag::Indef,
    Tag::Mod,
    Tag::Other,
    Tag::Stop,
];

/// Classifies one word for speaker parsing.
fn tag(w: &str, rules: &Rules) -> Tag {
    let t = crate::rules::word_answer(w, rules, crate::rules::slot::TAG, || {
        tag_word(w, rules) as u8
    });
    TAGS[t as usize]
}

fn tag_word(w: &str, rules: &Rules) -> Tag {
    if let Some(p) = rules.pronouns.get(w) {
        return match p.case {
            Case::Nom => Tag::Pron,
            Case::Gen => Tag::GenPron,
            Case::Acc => Tag::Acc,
        };
    }
    let bare = w
        .strip_suffix('ও')
        .or_else(|| w.strip_suffix('ই'))
        .unwrap_or(w);
    if let Some(p) = rules.pronouns.get(bare)
        && p.case == Case::Nom
    {
        return Tag::Pron;
    }
    // a role in the nominative plural is a group (`শ্রমিকেরা`, `কর্মকর্তারা`)
    let plural_stem = w
        .strip_suffix("েরা")
        .or_else(|| w.strip_suffix("রা"))
        .filter(|st| st.chars().count() > 2);
    if rules.roles.contains_key(w)
        || rules
            .roles
            .get(bare)
            .is_some_and(|t| *t == RoleType::Person)
        || plural_stem.is_some_and(|st| rules.roles.get(st) == Some(&RoleType::Person))
    {
        return Tag::Role;
    }
    let c = rules.class(w);
    if c & class::TITLE != 0 {
        return Tag::Title;
    }
    if c == 0 && compound_role(w, rules) {
        return Tag::Role;
    }
    if c & class::INDEFINITE != 0 {
        return Tag::Indef;
    }
    if c & class::POSTPOSITION != 0 {
        return Tag::Post;
    }
    if c & class::MODIFIER != 0 {
        return Tag::Mod;
    }
    if c & (class::ADVERB
        | class::CONJUNCTION
        | class::AFTER_FACT
        | class::QUOTATIVE
        | class::NOT_NAME)
        != 0
    {
        return Tag::Adv;
    }
    if rules.verbs.contains_key(w) || c & (class::INFINITIVE | class::PASSIVE_AUX) != 0 {
        return Tag::Verb;
    }
    if w == "এর" || w == "-এর" {
        return Tag::Gen;
    }
    if w.ends_with("-এর") {
        return Tag::Gen;
    }
    if w.chars().any(is_digit) {
        return Tag::Adv;
    }
    // a classifier makes a definite common noun (`বিষয়টি`, `গাড়িগুলো`): never a name
    // a classified noun is a common noun: a genitive modifier or a word inside the phrase
    if is_classified(w) {
        return if w.ends_with('র') {
            Tag::Gen
        } else {
            Tag::Mod
        };
    }
    let n = w.chars().count();
    // finite verbs outside the lexicon (`পেলেন`, `গিয়েছেন`): a clause boundary
    if n > 4
        && [
            "েছেন",
            "ছেন",
            "লেন",
            "তেন",
            "েছে",
            "ছিল",
            "ছিলেন",
            "েননি",
            "ননি",
            "য়নি",
        ]
        .iter()
        .any(|e| w.ends_with(e))
    {
        return Tag::Verb;
    }
    if (w.ends_with("কে") && n > 3) || w.ends_with("কেই") || w.ends_with("কেও") {
        return Tag::Acc;
    }
    for suf in ["দের", "কে", "রা", "েরা"] {
        if let Some(stem) = w.strip_suffix(suf)
            && (rules.is(stem, class::ADDRESSEE)
                || rules.roles.get(stem) == Some(&RoleType::Person) && suf != "রা" && suf != "েরা")
        {
            return Tag::Acc;
        }
    }
    if (w.ends_with("ের") || w.ends_with("এর") || w.ends_with("’র") || w.ends_with("'র")) && n > 3
    {
        return Tag::Gen;
    }
    // an emphatic locative (`শুরুতেই`, `মধ্যেই`), not a name ending in -েই (`খামেনেই`)
    let emphatic = w.ends_with("তেই")
        || w.strip_suffix('ই').is_some_and(|st| {
            st.ends_with('ে') && rules.class(st) & (class::POSTPOSITION | class::ADVERB) != 0
        });
    if n > 3 && (w.ends_with("তে") || emphatic || (w.ends_with('ে') && !w.ends_with("কে")))
    {
        return Tag::Loc;
    }
    Tag::Other
}

/// Length of an addressee phrase with its case ending starting at token `k` (`প্রথম আলোকে`).
fn addressee_at(doc: &Document, rules: &Rules, k: usize, b: usize) -> Option<usize> {
    for len in (1..=rules.max_phrase_words.min(b.saturating_sub(k))).rev() {
        if (k..k + len).any(|x| doc.tokens[x].kind != TokKind::Word) {
            continue;
        }
        let last = doc.tok(k + len - 1);
        if !(last.ends_with("কে") || last.ends_with("দের")) {
            continue;
        }
        let mut phrase: Vec<&str> = (k..k + len).map(|x| doc.tok(x)).collect();
        if let Some(stem) = last.strip_suffix("কে").or_else(|| last.strip_suffix("দের")) {
            phrase[len - 1] = stem;
            if rules.is(&phrase.join(" "), class::ADDRESSEE) {
                return Some(len);
            }
        }
    }
    None
}

/// Whether a word is a locative or postposition (an adverbial of place or time), counting
/// the vowel-final locative in -য় (`বার্তায়`) that the word tagger leaves alone for names
/// like রায়.
pub fn is_locative(w: &str, rules: &Rules) -> bool {
    matches!(tag(w, rules), Tag::Loc | Tag::Post)
        || (w.ends_with("ায\u{09BC}") && w.chars().count() > 4 && !rules.pronouns.contains_key(w))
}

/// Whether a word is a finite verb (from the lexicon or by its ending): a clause boundary.
/// Participles and the ambiguous ordinary present (`করে`, `দিয়ে`) link clauses
/// (`জারি করে বলেছিল`) and are not boundaries.
pub fn is_verb_like(w: &str, rules: &Rules) -> bool {
    if let Some(v) = rules.verbs.get(w) {
        let participle = v.tense == crate::rules::Tense::Participle;
        let ambiguous_present =
            v.tense == crate::rules::Tense::Present && v.register != crate::rules::Register::Hon;
        return !participle && !ambiguous_present;
    }
    tag(w, rules) == Tag::Verb && !rules.is(w, class::INFINITIVE)
}

/// A noun with a classifier (`বিষয়টি`, `গাড়িগুলো`) is a definite common noun. `টি` after a
/// conjunct or a vowel sign is part of the word (`অ্যামনেস্টি`, `পার্টি`, `কমিটি`).
fn is_classified(w: &str) -> bool {
    if ["গুলো", "গুলি", "গুলোর", "গুলির"]
        .iter()
        .any(|e| w.ends_with(e))
        && w.chars().count() > 5
    {
        return true;
    }
    for e in ["টি", "টা", "টির", "টার", "টিতে"] {
        if let Some(stem) = w.strip_suffix(e)
            && stem.chars().count() >= 3
            && let Some(c) = stem.chars().next_back()
        {
            let consonant = ('\u{0995}'..='\u{09B9}').contains(&c) || c == '\u{09BC}' || c == 'ং';
            let vowel = ('\u{0985}'..='\u{0994}').contains(&c);
            return consonant || vowel;
        }
    }
    false
}

/// A speaker candidate: item ranges (token ranges with tags) of one noun phrase.
type Item = (usize, usize, Tag);

fn tag_window(doc: &Document, rules: &Rules, a: usize, b: usize, ents: &Entities) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut k = a;
    while k < b {
        if doc.tokens[k].kind != TokKind::Word {
            let t = doc.tok(k);
            // a bracketed aside (`(ইউএনও)`, `(Anthony Blinken)`) is transparent
            if t == "(" {
                let close = (k + 1..b.min(k + 8)).find(|&x| doc.tok(x) == ")");
                if let Some(c) = close {
                    k = c + 1;
                    continue;
                }
            }
            items.push((k, k + 1, Tag::Stop));
            k += 1;
            continue;
        }
        // the longest role / phrase starting here
        let mut matched = None;
        let max_len = if rules.phrase_starts.contains(doc.tok(k)) {
            rules.max_role_words.max(rules.max_phrase_words).min(b - k)
        } else {
            1
        };
        for len in (2..=max_len).rev() {
            if (k..k + len).any(|x| doc.tokens[x].kind != TokKind::Word) {
                continue;
            }
            let phrase: Vec<&str> = (k..k + len).map(|x| doc.tok(x)).collect();
            let p = phrase.join(" ");
            if rules.roles.contains_key(&p) {
                matched = Some((len, Tag::Role));
                break;
            }
            let c = rules.class(&p);
            if c & (class::ADVERB | class::AFTER_FACT | class::ASKED) != 0 {
                matched = Some((len, Tag::Adv));
                break;
            }
            if c & class::TITLE != 0 {
                matched = Some((len, Tag::Title));
                break;
            }
        }
        if matched.is_none() {
            matched = addressee_at(doc, rules, k, b).map(|len| (len, Tag::Acc));
        }
        if let Some((len, tg)) = matched {
            items.push((k, k + len, tg));
            k += len;
            continue;
        }
        let w = doc.tok(k);
        let mut tg = tag(w, rules);
        // `-দের` with more of the phrase after it is a genitive: `পরিযায়ী শ্রমিকদের একটি সংগঠন`
        if tg == Tag::Acc
            && w.ends_with("দের")
            && k + 1 < b
            && doc.tokens[k + 1].kind == TokKind::Word
            && matches!(
                tag(doc.tok(k + 1), rules),
                Tag::Other | Tag::Indef | Tag::Role
            )
            && !rules.verbs.contains_key(doc.tok(k + 1))
        {
            tg = Tag::Gen;
        }
        // a word of a known name is a name word, whatever its ending looks like (`কাদের`)
        if matches!(tg, Tag::Gen | Tag::Loc | Tag::Acc) && ents.is_name_word(w) {
            tg = Tag::Other;
        }
        items.push((k, k + 1, tg));
        k += 1;
    }
    items
}

/// A window of tokens (`a..b`) that should hold a speaker, parsed into a mention.
pub fn parse_speaker(
    doc: &Document,
    rules: &Rules,
    a: usize,
    b: usize,
    ents: &Entities,
) -> Option<Mention> {
    // `জানতে চাইলে X বলেন`: everything up to the asking clause is the reporter's
    let asked = (a..b.saturating_sub(1)).rev().find(|&k| {
        doc.tokens[k].kind == TokKind::Word
            && doc.tokens[k + 1].kind == TokKind::Word
            && rules.is_pair(doc.tok(k), doc.tok(k + 1), class::ASKED)
    });
    let a = asked.map_or(a, |k| k + 2);
    let items = tag_window(doc, rules, a, b, ents);
    // chunks: maximal runs of Pron/Role/Title/Indef/Other/Gen
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    let mut s = None;
    // `স্বজন ও এলাকাবাসী`: a coordinator between two role or group nouns joins them
    let coordinated = |x: usize| {
        is_and(doc.tok(items[x].0))
            && x > 0
            && x + 1 < items.len()
            && items[x - 1].2 == Tag::Role
            && items[x + 1].2 == Tag::Role
    };
    // the chunk from `st` ends, before `x`, in a role or title and a name
    let after_role_and_name = |st: usize, x: usize| {
        let names = items[st..x]
            .iter()
            .rev()
            .take_while(|p| p.2 == Tag::Other && name_like(doc.tok(p.0), rules))
            .count();
        names >= 1 && x - names > st && matches!(items[x - names - 1].2, Tag::Role | Tag::Title)
    };
    for (x, it) in items.iter().enumerate() {
        let inside = matches!(
            it.2,
            Tag::Pron | Tag::Role | Tag::Title | Tag::Indef | Tag::Other | Tag::Gen | Tag::Mod
        ) || coordinated(x);
        // a determiner starts a new noun phrase (`হামাস | এক বিবৃতিতে`), unless a genitive
        // leads into it (`র‍্যাব-৮-এর এক কর্মকর্তা`)
        if it.2 == Tag::Indef
            && x > 0
            && items[x - 1].2 != Tag::Gen
            && let Some(st) = s.take()
        {
            chunks.push((st, x));
        }
        // a modifier precedes its noun, so after a noun it opens the next phrase:
        // `নেতা মোজতবা খামেনেই | প্রথম বার্তায়`
        if it.2 == Tag::Mod
            && rules.is(doc.tok(it.0), class::MODIFIER)
            && let Some(st) = s
            && after_role_and_name(st, x)
        {
            chunks.push((st, x));
            s = None;
        }
        match (inside, s) {
            (true, None) => s = Some(x),
            (false, Some(st)) => {
                chunks.push((st, x));
                s = None;
            }
            _ => {}
        }
        // a pronoun is a whole noun phrase: `তিনি বিরোধী দলগুলোর প্রতি …`; so is a group in
        // the nominative plural: `আন্দোলনকারী শিক্ষকেরা | এনজিওর গাড়িগুলো থামিয়ে`
        let plural_head = it.2 == Tag::Role && doc.tok(it.1 - 1).ends_with("রা");
        // after a complete role and name (`পরিচালক মঈন উদ্দিন | রপ্তানিকারকরা`) the group
        // is a noun phrase of its own
        let named_before = |st: usize| {
            let r = items[st..x]
                .iter()
                .rposition(|p| matches!(p.2, Tag::Role | Tag::Title));
            r.is_some_and(|r| {
                let name = &items[st + r + 1..x];
                name.len() >= 2
                    && name
                        .iter()
                        .all(|p| p.2 == Tag::Other && name_like(doc.tok(p.0), rules))
            })
        };
        if plural_head
            && let Some(st) = s
            && named_before(st)
        {
            chunks.push((st, x));
            s = Some(x);
        }
        if (it.2 == Tag::Pron || plural_head)
            && let Some(st) = s.take()
        {
            chunks.push((st, x + 1));
        }
    }
    if let Some(st) = s {
        chunks.push((st, items.len()));
    }
    let person_like = |c: &(usize, usize)| {
        items[c.0..c.1].iter().any(|it| {
            matches!(it.2, Tag::Pron)
                || it.2 == Tag::Role
                    && rules
                        .roles
                        .get(&role_key(doc, it))
                        .is_some_and(|t| *t != RoleType::Org)
                || it.2 == Tag::Other && ents.is_known(doc.tok(it.0))
        })
    };
    // (chunk, followed by an adjunct marker)
    let mut cands: Vec<((usize, usize), bool)> = Vec::new();
    for &c in &chunks {
        // a genitive phrase modifies what follows it: never the speaker; but a role and a
        // name of two words before it are a subject of their own (`অধিনায়ক ক্রিস্টিয়ানো
        // রোনালদো | অবসরের আগে …`, `নেতা মোজতবা খামেনেই | হরমুজ প্রণালী … রাখার কথা`)
        if items[c.1 - 1].2 == Tag::Gen {
            let its = &items[c.0..c.1];
            if let Some(r) = its
                .iter()
                .position(|it| matches!(it.2, Tag::Role | Tag::Title))
            {
                let names = its[r + 1..]
                    .iter()
                    .take_while(|it| it.2 == Tag::Other && name_like(doc.tok(it.0), rules))
                    .count();
                let after = its.get(r + 1 + names).map(|it| it.2);
                if names >= 2 && after == Some(Tag::Gen) {
                    cands.push(((c.0, c.0 + r + 1 + names), false));
                }
            }
            continue;
        }
        let next = items.get(c.1).map(|it| it.2);
        let adjunct = matches!(next, Some(Tag::Loc | Tag::Post));
        if matches!(next, Some(Tag::Loc | Tag::Post)) && !person_like(&c) {
            continue;
        }
        cands.push((c, adjunct));
    }
    // a role followed by a name, or a known person, beats a bare pronoun or role
    let named = |c: &(usize, usize)| {
        let its = &items[c.0..c.1];
        its.iter()
            .any(|it| it.2 == Tag::Other && ents.is_known(doc.tok(it.0)))
            || its.windows(2).any(|w| {
                matches!(w[0].2, Tag::Role | Tag::Title)
                    && w[1].2 == Tag::Other
                    && name_like(doc.tok(w[1].0), rules)
            })
    };
    let unnamed_source = |c: &(usize, usize)| items[c.0..c.1].iter().any(|it| it.2 == Tag::Indef);
    // a chunk right before an accusative name (`আবদুল মতিনকে`) is part of the object
    let before_object = |c: &(usize, usize)| {
        items.get(c.1).is_some_and(|it| {
            it.2 == Tag::Acc && it.1 == it.0 + 1 && {
                let w = doc.tok(it.0);
                let stem = w.strip_suffix("কে").unwrap_or(w);
                name_like(stem, rules) && !rules.is(stem, class::ADDRESSEE)
            }
        })
    };
    // a bare noun right before a converb is its object (`অভিজ্ঞতা তুলে ধরে X বলেন`); with a
    // role, or before a speech converb, it is the subject of both verbs (`X … আহ্বান জানিয়ে
    // … বলেন`)
    let before_converb = |c: &(usize, usize)| {
        !items[c.0..c.1]
            .iter()
            .any(|it| matches!(it.2, Tag::Role | Tag::Title))
            && items.get(c.1).is_some_and(|it| {
                it.2 == Tag::Verb
                    && rules.verbs.get(doc.tok(it.0)).is_some_and(|v| {
                        v.tense == crate::rules::Tense::Participle
                            && !rules.speech_lemmas.contains(&v.lemma)
                    })
            })
    };
    type Tier<'t> = &'t dyn Fn(&((usize, usize), bool)) -> bool;
    let tiers: [Tier; 7] = [
        &|(c, adj)| {
            named(c)
                && !adj
                && !before_object(c)
                && !items[c.0..c.1].iter().any(|it| it.2 == Tag::Pron)
        },
        &|(c, _)| person_like(c) && !before_object(c),
        &|(c, _)| named(c) || person_like(c),
        &|(c, adj)| {
            !adj && has_name_word(doc, rules, &items[c.0..c.1])
                && !before_object(c)
                && !before_converb(c)
        },
        &|(c, _)| unnamed_source(c),
        &|(c, adj)| !adj && has_name_word(doc, rules, &items[c.0..c.1]),
        &|(c, _)| has_name_word(doc, rules, &items[c.0..c.1]),
    ];
    // nothing left but chunks before a locative: the first name-like one is still the best guess
    if cands.is_empty() {
        for &c in &chunks {
            let before_loc = items.get(c.1).is_some_and(|it| it.2 == Tag::Loc);
            if before_loc
                && items[c.1 - 1].2 != Tag::Gen
                && has_name_word(doc, rules, &items[c.0..c.1])
            {
                cands.push((c, true));
                break;
            }
        }
    }
    let chosen = tiers
        .iter()
        .find_map(|t| cands.iter().find(|c| t(c)))
        .map(|(c, _)| *c)?;
    build_mention(doc, rules, &items[chosen.0..chosen.1], ents)
}

fn role_key(doc: &Document, it: &Item) -> String {
    (it.0..it.1)
        .map(|k| doc.tok(k))
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_name_word(doc: &Document, rules: &Rules, items: &[Item]) -> bool {
    items.iter().any(|it| {
        matches!(it.2, Tag::Other | Tag::Role)
            && (it.2 == Tag::Role || name_like(doc.tok(it.0), rules))
    })
}

fn build_mention(
    doc: &Document,
    rules: &Rules,
    items: &[Item],
    ents: &Entities,
) -> Option<Mention> {
    let span_of =
        |x: usize, y: usize| Span::new(doc.tokens[x].span.start, doc.tokens[y - 1].span.end);
    // a pronoun: the rightmost one in the chunk
    if let Some(p) = items.iter().rev().find(|it| it.2 == Tag::Pron) {
        let w = doc.tok(p.0);
        let bare = w
            .strip_suffix('ও')
            .or_else(|| w.strip_suffix('ই'))
            .filter(|b| rules.pronouns.contains_key(*b))
            .unwrap_or(w);
        let pr = &rules.pronouns[bare];
        return Some(Mention {
            span: span_of(p.0, p.1),
            kind: MentionKind::Pronoun,
            name: bare.to_string(),
            role: None,
            plural: pr.number == Number::Pl,
        });
    }
    let first = items.first()?.0;
    let last = items.last()?.1;
    // the name follows the last role or title: `অতিরিক্ত সচিব মোহাম্মদ মিজানুর রহমান`
    let role_at = items.iter().rposition(|it| it.2 == Tag::Role);
    let title_at = items.iter().rposition(|it| it.2 == Tag::Title);
    let mut name_from = role_at.max(title_at).map(|r| r + 1).unwrap_or(0);
    // `আনোয়ারা-রফিকুল-আবিদা পুতুল`: a hyphenated list of names (a headline's) is nobody
    while name_from + 1 < items.len() && doc.tok(items[name_from].0).matches('-').count() >= 2 {
        name_from += 1;
    }
    let role = role_at.map(|r| role_key(doc, &items[r]));
    // a compound office outside the lexicon (`রেল্মন্ত্রী`) is a person's role
    let role_type = role.as_ref().and_then(|r| {
        rules
            .roles
            .get(r)
            .copied()
            .or_else(|| compound_role(r, rules).then_some(RoleType::Person))
    });
    // an organisation's document or a genitive phrase with no person in it speaks as written:
    // `বাণিজ্য মন্ত্রণালয়ের নতুন আদেশ`
    let owned = role_at.is_none()
        && title_at.is_none()
        && items
            .iter()
            .any(|it| it.2 == Tag::Gen && !ents.is_known(doc.tok(it.0)));
    let mut keep = 0;
    if !owned {
        for (i, it) in items[name_from..].iter().enumerate() {
            let w = doc.tok(it.0);
            if predicate_noun_at(doc, rules, it.0) || object_of_predicate_at(doc, rules, it.0 + 1) {
                break;
            }
            let initial = is_initial(w, rules)
                && items
                    .get(name_from + i + 1)
                    .is_some_and(|n| n.2 == Tag::Other);
            // after two name words a genitive modifies what follows (`মেহের আফরোজ কেরানীগঞ্জের`)
            if it.2 == Tag::Gen && name_from + i + 1 < items.len() {
                let prev = (keep > 0).then(|| doc.tok(items[name_from + i - 1].0));
                let stem = strip_case(w, rules, &|s| ents.doc_has(s));
                let joined = prev.is_some_and(|p| ents.bigram(p, stem));
                if keep >= 2 || (keep == 1 && !joined) {
                    break;
                }
            }
            if (matches!(it.2, Tag::Other | Tag::Gen)
                && (name_like(w, rules) || it.2 == Tag::Gen && ents.is_known(w)))
                || initial
            {
                keep += 1;
                // `-সহ` ("with") ends the name: `মিয়াসহ একাধিক ব্যক্তি`
                if w.ends_with("সহ") || it.2 == Tag::Gen {
                    break;
                }
            } else {
                break;
            }
        }
    }
    let name_items = &items[name_from..name_from + keep];
    let coordinated = items.iter().any(|it| is_and(doc.tok(it.0)));
    // `মানবাধিকার সংস্থা অ্যামনেস্টি ইন্টারন্যাশনাল`: the organisation's own name
    if !name_items.is_empty() && role_type == Some(RoleType::Org) {
        let x = name_items[0].0;
        let y = name_items[name_items.len() - 1].1;
        let words: Vec<&str> = (x..y).map(|k| doc.tok(k)).collect();
        return Some(Mention {
            span: span_of(first, last),
            kind: MentionKind::Source,
            name: words.join(" "),
            role,
            plural: false,
        });
    }
    if !name_items.is_empty() {
        let x = name_items[0].0;
        let y = name_items[name_items.len() - 1].1;
        let mut words: Vec<String> = (x..y).map(|k| doc.tok(k).to_string()).collect();
        let lastw = words.pop().unwrap_or_default();
        let lastw = lastw
            .strip_suffix("সহ")
            .map(str::to_string)
            .unwrap_or(lastw);
        let stem = if ents.is_name_word(&lastw) {
            lastw.clone()
        } else {
            strip_oblique(&lastw, rules, &|s| ents.is_known(s) || ents.doc_has(s)).to_string()
        };
        words.push(stem);
        return Some(Mention {
            span: span_of(first, last),
            kind: MentionKind::Name,
            name: words.join(" "),
            role,
            plural: false,
        });
    }
    // no name: a role (resolved later), a group, an organisation, or an unnamed source
    let mut words: Vec<&str> = (first..last)
        .filter(|&k| doc.tokens[k].kind == TokKind::Word)
        .map(|k| doc.tok(k))
        .collect();
    if words.is_empty() {
        return None;
    }
    let stripped;
    if let Some(lw) = words.last().copied() {
        // a group keeps its plural (`বিশেষজ্ঞরা`); only an oblique case ending goes
        stripped = strip_oblique(lw, rules, &|s| {
            rules.roles.contains_key(s) || ents.doc_has(s)
        });
        *words.last_mut().expect("non-empty") = stripped;
    }
    let indefinite = items.iter().any(|it| it.2 == Tag::Indef);
    let kind = match role_type {
        Some(RoleType::Person)
            if !indefinite && !coordinated && role_at == Some(items.len() - 1) =>
        {
            MentionKind::Role
        }
        _ => MentionKind::Source,
    };
    let plural =
        role_type == Some(RoleType::Group) || words.last().is_some_and(|w| w.ends_with("রা"));
    Some(Mention {
        span: span_of(first, last),
        kind,
        name: words.join(" "),
        role,
        plural,
    })
}

/// The source of an according-to or documentary cue (`বিশেষজ্ঞদের মতে`, `মন্ত্রণালয়ের
/// বিবৃতিতে বলা হয়েছে`, `মিডিয়া রিপোর্ট অনুসারে`). For according-to, the genitive owner
/// when there is one (`পুলিশের দেওয়া তথ্যমতে` -> পুলিশ), else the phrase as written; for a
/// document (`documentary`), the phrase as written without its locative (`চিঠিতে` -> চিঠি).
pub fn parse_source(
    doc: &Document,
    rules: &Rules,
    a: usize,
    b: usize,
    ents: &Entities,
    documentary: bool,
    genitive: bool,
) -> Option<Mention> {
    let mut items = tag_window(doc, rules, a, b, ents);
    // before an according-to cue, `-দের` is a genitive plural, not an addressee, and the word
    // right before a cue that takes a genitive (`এ শিল্পীর ভাষায়`) is one
    for it in items.iter_mut() {
        if it.2 == Tag::Acc && doc.tok(it.1 - 1).ends_with("দের") {
            it.2 = Tag::Gen;
        }
    }
    if genitive
        && let Some(last) = items.last_mut()
        && last.1 == b
        && matches!(last.2, Tag::Other | Tag::Role)
        && strip_genitive(doc.tok(last.0)).is_some()
        && crate::cues::is_genitive(doc.tok(last.0), rules)
    {
        last.2 = Tag::Gen;
    }
    // `পুলিশ ও পরিবার সূত্রে`: a coordinator between two nouns stays inside the phrase
    let coord = |i: usize| {
        is_and(doc.tok(items[i].0))
            && i > 0
            && i + 1 < items.len()
            && matches!(items[i - 1].2, Tag::Other | Tag::Role)
            && matches!(items[i + 1].2, Tag::Other | Tag::Role | Tag::Gen)
    };
    let span_of =
        |x: usize, y: usize| Span::new(doc.tokens[x].span.start, doc.tokens[y - 1].span.end);
    // `X থেকে পাঠানো বিবৃতিতে`: the issuer is X
    if documentary && let Some(from) = items.iter().rposition(|it| doc.tok(it.0) == "থেকে")
    {
        let lead = items[..from]
            .iter()
            .rposition(|it| matches!(it.2, Tag::Adv | Tag::Stop | Tag::Post | Tag::Verb))
            .map_or(0, |p| p + 1);
        let issuer = &items[lead..from];
        if let (Some(f), Some(l)) = (issuer.first(), issuer.last()) {
            let words: Vec<&str> = (f.0..l.1)
                .filter(|&k| doc.tokens[k].kind == TokKind::Word)
                .map(|k| doc.tok(k))
                .collect();
            return Some(Mention {
                span: span_of(f.0, l.1),
                kind: MentionKind::Source,
                name: words.join(" "),
                role: None,
                plural: false,
            });
        }
    }
    // a participle between the source and the cue (`পুলিশের দেওয়া তথ্যমতে`) is not a boundary
    let mut end = items.len();
    while end > 0 && matches!(items[end - 1].2, Tag::Post | Tag::Verb) {
        end -= 1;
    }
    let start = (0..end)
        .rev()
        .find(|&i| matches!(items[i].2, Tag::Adv | Tag::Stop | Tag::Post | Tag::Verb) && !coord(i))
        .map_or(0, |p| p + 1);
    let items = &items[start..end];
    if items.is_empty() {
        return None;
    }
    let span_of =
        |x: usize, y: usize| Span::new(doc.tokens[x].span.start, doc.tokens[y - 1].span.end);
    let words_of = |x: usize, y: usize| -> Vec<String> {
        (x..y)
            .filter(|&k| doc.tokens[k].kind == TokKind::Word)
            .map(|k| doc.tok(k).to_string())
            .collect()
    };
    let g = items
        .iter()
        .rposition(|it| matches!(it.2, Tag::Gen | Tag::GenPron));
    if let Some(g) = g
        && items[g].2 == Tag::GenPron
    {
        let gw = doc.tok(items[g].0);
        let p = &rules.pronouns[gw];
        return Some(Mention {
            span: span_of(items[g].0, items[g].1),
            kind: MentionKind::Pronoun,
            name: gw.to_string(),
            role: None,
            plural: p.number == Number::Pl,
        });
    }
    if documentary || g.is_none() {
        // the document's own phrase starts after any place or participle that situates it
        // (`ওয়েবসাইটে প্রকাশিত মহাসচিবের বিবৃতি`); `X থেকে পাঠানো বিবৃতিতে` was handled above
        let skip = if documentary {
            items[..items.len() - 1]
                .iter()
                .rposition(|it| it.2 == Tag::Loc || doc.tok(it.0).ends_with("িত"))
                .map_or(0, |p| p + 1)
        } else {
            0
        };
        let items = &items[skip..];
        let x = items[0].0;
        let y = items[items.len() - 1].1;
        let mut words = words_of(x, y);
        let last = words.pop()?;
        let stem = if documentary {
            ["তে", "ে", "য়"]
                .iter()
                .find_map(|e| last.strip_suffix(e).filter(|s| s.chars().count() >= 2))
                .unwrap_or(&last)
                .to_string()
        } else {
            last
        };
        words.push(stem);
        return Some(Mention {
            span: span_of(x, y),
            kind: MentionKind::Source,
            name: words.join(" "),
            role: None,
            plural: false,
        });
    }
    let g = g?;
    // the owner phrase: the genitive and at most two words before it
    let mut f = g;
    while f > 0
        && g - f < 2
        && matches!(
            items[f - 1].2,
            Tag::Other | Tag::Role | Tag::Title | Tag::Indef
        )
        && !doc.tok(items[f - 1].0).ends_with("িত")
    {
        f -= 1;
    }
    if let Some(r) = items[f..g]
        .iter()
        .rposition(|it| matches!(it.2, Tag::Role | Tag::Title))
        && r + f < g
    {
        f += r + 1;
    }
    let mut words = words_of(items[f].0, items[g].1);
    if words.last().is_some_and(|w| w == "এর" || w == "-এর") {
        words.pop();
    }
    let lastw = words.pop()?;
    let confirmed = |s: &str| rules.roles.contains_key(s) || ents.is_known(s) || ents.doc_has(s);
    let stem = match lastw.strip_suffix("দের") {
        // a plural genitive names a group: `বিশেষজ্ঞদের` -> বিশেষজ্ঞরা (as the text writes it)
        Some(st) if st.chars().count() > 2 => {
            let ere = format!("{st}েরা");
            if ents.doc_has(&ere) {
                ere
            } else {
                format!("{st}রা")
            }
        }
        // the cue needs a genitive here, so the ending is certain
        _ => strip_genitive(&lastw)
            .unwrap_or_else(|| strip_case(&lastw, rules, &confirmed))
            .to_string(),
    };
    words.push(stem);
    let name = words.join(" ");
    let role_type = rules.roles.get(&name).copied();
    let kind = if role_type == Some(RoleType::Person) {
        MentionKind::Role
    } else if ents.canonical(&name).is_some() {
        MentionKind::Name
    } else {
        MentionKind::Source
    };
    Some(Mention {
        span: span_of(items[f].0, items[g].1),
        kind,
        role: (kind == MentionKind::Role).then(|| name.clone()),
        name,
        plural: false,
    })
}

impl Entities {
    /// Collects every person introduced with a role or title: `ROLE NAME+`, `TITLE NAME+`,
    /// with an English alias in brackets when one follows.
    pub fn scan(doc: &Document, rules: &Rules) -> Entities {
        // the document's distinct words, each asked once whether it can open a role
        let mut words = DocWords::default();
        let mut opener: Vec<u8> = Vec::new();
        words.tokens = (doc.tokens.iter())
            .map(|t| {
                if t.kind != TokKind::Word {
                    return NOT_A_WORD;
                }
                let w = doc.slice(t.span);
                let next = opener.len() as u32;
                let id = *words.ids.entry(word_hash(w)).or_insert(next);
                if id == next {
                    let (opens, key) = role_opener_and_key(w, rules);
                    opener.push(opens);
                    words.keys.push(key);
                    words.leads.push(lead_key(w));
                }
                id
            })
            .collect();
        let word_keys_cell: std::cell::OnceCell<FxHashSet<u64>> = std::cell::OnceCell::new();
        let word_keys = || word_keys_cell.get_or_init(|| words.keys.iter().copied().collect());
        let known_key = |s: &str| words.has(s) || word_keys().contains(&key_hash(s));
        let mut list = Vec::new();
        let n = doc.tokens.len();
        let skip_aside = |j: usize| -> usize {
            if j < n
                && doc.tok(j) == "("
                && let Some(c) = (j + 1..n.min(j + 8)).find(|&x| doc.tok(x) == ")")
            {
                return c + 1;
            }
            j
        };
        let mut k = 0;
        while k < n {
            if doc.tokens[k].kind != TokKind::Word {
                k += 1;
                continue;
            }
            // longest role or title at k
            let mut role_end = None;
            let mut role_text = None;
            let opens = opener[words.tokens[k] as usize];
            if opens == 0 {
                k += 1;
                continue;
            }
            let max_len = if opens & OPENS_PHRASE != 0 {
                rules.max_role_words.min(n - k)
            } else {
                1
            };
            let lengths = match opens & OPENS_PHRASE {
                0 => 0,
                _ => rules.title_lengths.get(doc.tok(k)).copied().unwrap_or(0),
            };
            for len in (1..=max_len).rev() {
                if len > 1 && lengths & (1 << len) == 0
                    || (k..k + len).any(|x| doc.tokens[x].kind != TokKind::Word)
                {
                    continue;
                }
                let p: std::borrow::Cow<str> = if len == 1 {
                    doc.tok(k).into()
                } else {
                    (k..k + len)
                        .map(|x| doc.tok(x))
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into()
                };
                if rules.roles.get(&*p).is_some_and(|t| *t == RoleType::Person) {
                    role_end = Some(k + len);
                    role_text = Some(p.into_owned());
                    break;
                }
                let c = rules.class(&p);
                if len <= 2 && c & class::TITLE != 0 {
                    role_end = Some(k + len);
                    break;
                }
                if len == 1 && c == 0 && compound_role(&p, rules) {
                    role_end = Some(k + 1);
                    role_text = Some(p.into_owned());
                    break;
                }
            }
            let Some(mut j) = role_end else {
                k += 1;
                continue;
            };
            j = skip_aside(j);
            // more titles or roles after the role (অধ্যাপক ড., বীর মুক্তিযোদ্ধা,
            // সাধারণ সম্পাদক শিল্পী): the person holds all of them; the first one is kept
            loop {
                let two = (j + 1 < n
                    && doc.tokens[j + 1].kind == TokKind::Word
                    && rules.phrase_starts.contains(doc.tok(j)))
                .then(|| format!("{} {}", doc.tok(j), doc.tok(j + 1)));
                if two.as_ref().is_some_and(|t| {
                    rules.is(t, class::TITLE) || rules.roles.get(t) == Some(&RoleType::Person)
                }) {
                    j += 2;
                } else if j < n
                    && doc.tokens[j].kind == TokKind::Word
                    && (rules.is(doc.tok(j), class::TITLE)
                        || rules.roles.get(doc.tok(j)) == Some(&RoleType::Person))
                {
                    if role_text.is_none() && rules.roles.contains_key(doc.tok(j)) {
                        role_text = Some(doc.tok(j).to_string());
                    }
                    j += 1;
                } else {
                    break;
                }
                j = skip_aside(j);
            }
            let start = j;
            // an object before a predicate noun (`মনোনয়নপত্র জমা দিয়ে`) ends the name too
            while j < n
                && j - start < 5
                && doc.tokens[j].kind == TokKind::Word
                && !predicate_noun_at(doc, rules, j)
                && !object_of_predicate_at(doc, rules, j + 1)
            {
                let w = doc.tok(j);
                let next_name = j + 1 < n
                    && doc.tokens[j + 1].kind == TokKind::Word
                    && name_like(doc.tok(j + 1), rules);
                if addressee_at(doc, rules, j, n).is_some() {
                    break;
                }
                let tg = tag(w, rules);
                let initial = is_initial(w, rules) && next_name;
                // an accusative joins only as the first word or as a known pair
                // (`সংবাদদাতা সুব্রত পতিকে` when `সুব্রত পতি` is written elsewhere)
                let acc_ok = tg == Tag::Acc
                    && (j == start
                        || words.follows(doc.tok(j - 1), w.strip_suffix("কে").unwrap_or(w)));
                if !(name_like(w, rules) && (matches!(tg, Tag::Other | Tag::Gen) || acc_ok))
                    && !initial
                {
                    break;
                }
                // `ডিসি রোড এলাকায়`: a locative in -ায় is a place, not a name
                if j > start && w.ends_with("ায\u{09BC}") && w.chars().count() > 4 {
                    j = start;
                    break;
                }
                // a case ending ends the name; it is part of the name only when the bare stem
                // is written elsewhere (`মঈন আলীর` with `মঈন আলী বলেন`), not in
                // `মেহের আফরোজ কেরানীগঞ্জের মুগারচর`
                let stem = strip_case(w, rules, &|s| known_key(s));
                // a particle (`ফক্সও` "Fox too") ends the name but keeps the word
                if stem != w && matches!(&w[stem.len()..], "ও" | "ই") {
                    j += 1;
                    break;
                }
                if stem != w || tg == Tag::Gen {
                    // after two name words a genitive usually modifies what follows
                    // (`মেহের আফরোজ কেরানীগঞ্জের মুগারচর`) unless a verb or punctuation follows
                    let boundary_next = j + 1 >= n
                        || doc.tokens[j + 1].kind != TokKind::Word
                        || rules.verbs.contains_key(doc.tok(j + 1))
                        || is_verb_like(doc.tok(j + 1), rules)
                        || addressee_at(doc, rules, j + 1, n).is_some()
                        || contacted_at(doc, rules, j + 1);
                    let confirmed = stem != w
                        && known_key(stem)
                        && (j == start || words.follows(doc.tok(j - 1), stem));
                    // an accusative never modifies what follows: it ends the name
                    if j == start || (j - start < 2 && confirmed) || boundary_next || acc_ok {
                        j += 1;
                    }
                    break;
                }
                j += 1;
                // the particle -ও ("also") ends it too: `হাশিম আমলাও মঈনের`
                if w.ends_with('ও') && next_name && j < n && tag(doc.tok(j), rules) == Tag::Gen {
                    break;
                }
            }
            // an accusative last word is the named person as an object (`সংবাদদাতা সুব্রত
            // পতিকে`); an addressee phrase is not part of a name
            if j > start
                && tag(doc.tok(j - 1), rules) == Tag::Acc
                && addressee_at(doc, rules, j - 1, n).is_some()
            {
                j -= 1;
            }
            // `সভাপতি বিটিএমএ এর সভাপতি`: a genitive before another role is an affiliation
            let genitive_end = j > start
                && (tag(doc.tok(j - 1), rules) == Tag::Gen
                    || j < n && matches!(doc.tok(j), "এর" | "-এর"));
            let role_follows = (j..n.min(j + 2)).any(|x| {
                doc.tokens[x].kind == TokKind::Word && rules.roles.contains_key(doc.tok(x))
            });
            if genitive_end && role_follows {
                k = j;
                continue;
            }
            if j > start {
                let mut ws: Vec<String> = (start..j).map(|x| doc.tok(x).to_string()).collect();
                let last = ws.pop().unwrap_or_default();
                let stem = match last.strip_suffix('ও') {
                    Some(st)
                        if st.chars().count() > 2 && (known_key(st) || ends_in_consonant(st)) =>
                    {
                        st.to_string()
                    }
                    // before `সঙ্গে কথা হলে` the last word is certainly a genitive
                    _ if contacted_at(doc, rules, j) && strip_genitive(&last).is_some() => {
                        strip_genitive(&last).unwrap_or(&last).to_string()
                    }
                    _ => strip_case(&last, rules, &|s| known_key(s)).to_string(),
                };
                ws.push(stem);
                let latin = latin_alias(doc, j);
                let context = (k.saturating_sub(3)..k)
                    .filter(|&x| doc.tokens[x].kind == TokKind::Word)
                    .map(|x| doc.tok(x).to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                let name = ws.join(" ");
                // one of two people joined by `ও` (`শেখ হাসিনা ও নরেন্দ্র মোদি`) is no
                // singular topic
                let coordinated = j < n && is_and(doc.tok(j))
                    || k > 1
                        && is_and(doc.tok(k - 1))
                        && doc.tokens[k - 2].kind == TokKind::Word
                        // `রাজনীতিক ও বুদ্ধিজীবী X`: two roles of one person
                        && tag(doc.tok(k - 2), rules) != Tag::Role;
                let clean = !coordinated
                    && (j >= n
                        || doc.tokens[j].kind != TokKind::Word
                        || is_verb_like(doc.tok(j), rules)
                        || rules.verbs.contains_key(doc.tok(j))
                        || matches!(tag(doc.tok(j), rules), Tag::Acc | Tag::Adv | Tag::Pron)
                        || addressee_at(doc, rules, j, n).is_some()
                        // the subject of a predicate: `স্টিভেন স্মিথও প্রশ্ন তোলেন` (a
                        // full name: one word after a role may be a common noun)
                        || (j - start >= 2 && predicate_noun_at(doc, rules, j))
                        || contacted_at(doc, rules, j));
                list.push(Entity {
                    latin,
                    context,
                    clean,
                    ..Entity::new(name, role_text, doc.tokens[start].span.start)
                });
                k = j;
            } else {
                k = j.max(k + 1);
            }
        }
        // `বাসেল নামের এক বন্দি`: a name given with "named"
        for k in 1..n {
            if !matches!(doc.tok(k), "নামের" | "নামে" | "নামক") {
                continue;
            }
            let a = name_run_before(doc, rules, k);
            if a == k {
                continue;
            }
            let role = (k + 1..n.min(k + 4))
                .take_while(|&x| doc.tokens[x].kind == TokKind::Word)
                .map(|x| doc.tok(x))
                .find(|w| rules.roles.contains_key(*w))
                .map(str::to_string);
            let ws: Vec<&str> = (a..k).map(|x| doc.tok(x)).collect();
            let name = ws.join(" ");
            list.push(Entity::new(name, role, doc.tokens[a].span.start));
        }
        // `রহিমা আক্তার (৩২)`: a name followed by an age in brackets
        for k in 0..n.saturating_sub(2) {
            let is_age = doc.tok(k) == "("
                && doc.tok(k + 1).chars().all(is_digit)
                && k + 2 < n
                && doc.tok(k + 2) == ")";
            if !is_age {
                continue;
            }
            let a = name_run_before(doc, rules, k);
            if a < k
                && !list
                    .iter()
                    .any(|e: &Entity| e.at == doc.tokens[a].span.start)
            {
                let ws: Vec<&str> = (a..k).map(|x| doc.tok(x)).collect();
                let name = ws.join(" ");
                list.push(Entity::new(name, None, doc.tokens[a].span.start));
            }
        }
        list.sort_by_key(|e| e.at);
        let mut ents = Entities {
            list: Vec::new(),
            words,
            spellings: Default::default(),
            fullest: Default::default(),
            name_tokens: Default::default(),
            name_words: FxHashSet::default(),
            name_keys: FxHashSet::default(),
        };
        for e in &list {
            ents.index_name(&e.name);
        }
        ents.list = list;
        ents
    }

    fn index_name(&mut self, name: &str) {
        for w in name.split(' ') {
            self.name_words.insert(w.to_string());
            self.name_keys.insert(phonetic_key(w));
        }
    }

    /// The first-letter key class of token `k` ([`lead_key`]).
    fn lead_of(&self, doc: &Document, k: usize) -> u16 {
        match self.words.of_token(k) {
            Some(id) => self.words.leads[id],
            None => lead_key(doc.tok(k)),
        }
    }

    /// The [`key_hash`] of token `k`.
    fn key_of(&self, doc: &Document, k: usize) -> u64 {
        match self.words.of_token(k) {
            Some(id) => self.words.keys[id],
            None => key_hash(doc.tok(k)),
        }
    }

    /// Whether `a` is followed by `b` somewhere in the document.
    pub fn bigram(&self, a: &str, b: &str) -> bool {
        self.words.follows(a, b)
    }

    /// The first spelling the document uses for a name (`আজমেরি হক বাঁধন` before
    /// `আজমেরী হক বাঁধন`): the earliest run of words with the same phonetic key.
    pub fn first_spelling(&self, doc: &Document, rules: &Rules, name: &str) -> String {
        memo(&self.spellings, name, || {
            self.find_first_spelling(doc, rules, name)
        })
    }

    fn find_first_spelling(&self, doc: &Document, rules: &Rules, name: &str) -> String {
        let words: Vec<&str> = name.split(' ').collect();
        let key = phonetic_key(name);
        let first_key = key_hash(words[0]);
        let n = words.len();
        let toks = &doc.tokens;
        let lead = lead_key(words[0]);
        for k in 0..toks.len().saturating_sub(n - 1) {
            if toks[k].kind != TokKind::Word
                || self.lead_of(doc, k) != lead
                || self.key_of(doc, k) != first_key
            {
                continue;
            }
            if (k..k + n).any(|x| toks[x].kind != TokKind::Word) {
                continue;
            }
            let mut ws: Vec<String> = (k..k + n).map(|x| doc.tok(x).to_string()).collect();
            let last = ws.pop().unwrap_or_default();
            ws.push(strip_case(&last, rules, &|s| self.doc_has(s)).to_string());
            let cand = ws.join(" ");
            if phonetic_key(&cand) == key {
                return cand;
            }
        }
        name.to_string()
    }

    /// Whether `w` is, exactly, a word of a known name.
    pub fn is_name_word(&self, w: &str) -> bool {
        self.name_words.contains(w)
    }

    /// Whether `w` occurs as a whole word in the document.
    pub fn doc_has(&self, w: &str) -> bool {
        self.words.has(w)
    }

    /// Whether a word is a name word of a known entity (or one with a case ending).
    pub fn is_known(&self, w: &str) -> bool {
        self.name_words.contains(w) || self.name_keys.contains(&phonetic_key(w))
    }

    /// The fullest known name for a mentioned name: an entity whose last word (or, for a
    /// one-word mention, first word) has the same phonetic key, or whose name contains it.
    pub fn canonical(&self, name: &str) -> Option<&Entity> {
        self.canonical_at(name, usize::MAX)
    }

    /// [`Entities::canonical`], preferring among equally full names the one introduced most
    /// recently before `at` (two people may share a surname: `পল্টু শেখ`, `রিয়াকুল শেখ`).
    pub fn canonical_at(&self, name: &str, at: usize) -> Option<&Entity> {
        let mwords: Vec<&str> = name.split(' ').collect();
        let mkeys: Vec<String> = mwords.iter().map(|w| phonetic_key(w)).collect();
        let full: String = mkeys.concat();
        let mut best: Option<&Entity> = None;
        let rank = |e: &Entity| {
            let words = e.name.split(' ').count();
            let before = e.at <= at;
            // more words first; then introduced before the mention; then the nearest before
            // (or the earliest after); then the longer spelling
            (
                words,
                before,
                if before { e.at as i64 } else { -(e.at as i64) },
                e.name.chars().count(),
            )
        };
        for e in &self.list {
            let ekeys = &e.word_keys;
            let ok = if mkeys.len() == 1 {
                // a one-word mention is a surname or a first name
                mkeys[0].len() >= 3
                    && (ekeys.last() == mkeys.first() || ekeys.first() == mkeys.first())
            } else {
                // every word of a longer mention, in order (spacing may differ)
                ekeys.windows(mkeys.len()).any(|w| w == mkeys.as_slice())
                    || (full.len() >= 6 && ekeys.concat().contains(&full))
            };
            if ok && best.is_none_or(|b| rank(e) > rank(b)) {
                best = Some(e);
            }
        }
        // the person is chosen; their name is the first-introduced spelling (ল্যাভরভ/লাভরভ)
        let chosen = best?;
        self.list.iter().find(|e| {
            e.key == chosen.key && e.name.split(' ').count() == chosen.name.split(' ').count()
        })
    }

    /// The fullest form of a one-word name written elsewhere in the document as a run of two
    /// to four name words that starts or ends with it (`ফাহিম` -> `ফাহিম আশরাফ`). Only runs
    /// with clear edges count: punctuation, a verb, a role or title before; punctuation, a
    /// verb or a case ending after.
    pub fn fullest_in_doc(&self, doc: &Document, rules: &Rules, word: &str) -> Option<String> {
        memo(&self.fullest, word, || self.find_fullest(doc, rules, word))
    }

    fn find_fullest(&self, doc: &Document, rules: &Rules, word: &str) -> Option<String> {
        if phonetic_key(word).len() < 3 {
            return None;
        }
        let wanted = key_hash(word);
        let n = doc.tokens.len();
        let stem = |k: usize| -> String {
            let w = doc.tok(k);
            strip_case(w, rules, &|s| self.doc_has(s)).to_string()
        };
        let cells = self
            .name_tokens
            .get_or_init(|| vec![std::cell::OnceCell::new(); n]);
        let name_key = |k: usize| {
            cells[k]
                .get_or_init(|| {
                    let w = doc.tok(k);
                    let name = doc.tokens[k].kind == TokKind::Word
                        && name_like(w, rules)
                        && matches!(tag(w, rules), Tag::Other | Tag::Gen)
                        && !predicate_noun_at(doc, rules, k)
                        && !w.ends_with('ে')
                        && !(w.ends_with('ও') && w.chars().count() > 3);
                    name.then(|| key_hash(&stem(k)))
                })
                .as_ref()
        };
        let is_name = |k: usize| name_key(k).is_some();
        // a stem keeps the first letter of its word: most tokens are ruled out by that alone
        let lead = lead_key(word);
        let edge_before = |k: usize| {
            k == 0 || doc.tokens[k - 1].kind != TokKind::Word || {
                let w = doc.tok(k - 1);
                matches!(tag(w, rules), Tag::Role | Tag::Title | Tag::Verb)
                    || rules.verbs.contains_key(w)
            }
        };
        let edge_after = |k: usize, last: usize| {
            k >= n
                || doc.tokens[k].kind != TokKind::Word
                || stem(last) != doc.tok(last)
                || is_verb_like(doc.tok(k), rules)
                || rules.verbs.contains_key(doc.tok(k))
        };
        let mut best: Option<(usize, String)> = None;
        for k in 0..n {
            if (lead != 0 && self.lead_of(doc, k) != lead) || name_key(k) != Some(&wanted) {
                continue;
            }
            // runs ending with the word, then runs starting with it
            let mut a = k;
            while a > 0 && k - a < 3 && is_name(a - 1) && tag(doc.tok(a - 1), rules) != Tag::Gen {
                a -= 1;
            }
            let mut b = k + 1;
            if stem(k) == doc.tok(k) {
                while b < n && b - k < 4 && is_name(b) {
                    let cased = stem(b) != doc.tok(b) || tag(doc.tok(b), rules) == Tag::Gen;
                    // a case-marked word joins only as a pair written elsewhere
                    if cased && !self.bigram(doc.tok(b - 1), &stem(b)) {
                        break;
                    }
                    b += 1;
                    if cased {
                        break;
                    }
                }
            }
            for (x, y) in [(a, k + 1), (k, b)] {
                if y - x >= 2
                    && edge_before(x)
                    && edge_after(y, y - 1)
                    && best.as_ref().is_none_or(|(c, _)| y - x > *c)
                {
                    let mut ws: Vec<String> = (x..y).map(|t| doc.tok(t).to_string()).collect();
                    let last = ws.pop().unwrap_or_default();
                    ws.push(stem(y - 1).clone());
                    let _ = last;
                    best = Some((y - x, ws.join(" ")));
                }
            }
        }
        best.map(|(_, s)| s)
    }

    /// Records a name seen as a speaker, so later short forms can join it.
    pub fn add_name(&mut self, name: &str, role: Option<String>, at: usize) {
        if name.is_empty() || self.list.iter().any(|e| e.name == name) {
            return;
        }
        self.index_name(name);
        self.list.push(Entity::new(name.to_string(), role, at));
    }

    /// The person most recently introduced (before `at`) with a role that matches `role`;
    /// with `qualifier` (`বিটিএমএ` of `বিটিএমএ সভাপতি`), one introduced with it wins.
    pub fn by_role(&self, role: &str, qualifier: &str, at: usize) -> Option<&Entity> {
        let compact: String = role.split(' ').collect();
        let all: Vec<&Entity> = self
            .list
            .iter()
            .filter(|e| {
                e.role.as_ref().is_some_and(|r| {
                    let rc: String = r.split(' ').collect();
                    // a bare `মন্ত্রী` is a minister, not the prime minister or a deputy
                    let distinct = ["প্রধান", "মুখ্য", "প্রতি", "উপ", "সহ", "ভাইস"]
                        .iter()
                        .any(|p| rc == format!("{p}{compact}"));
                    rc == compact
                        || (rc.ends_with(&compact) && !distinct)
                        || similar_compound(&rc, &compact)
                })
            })
            .collect();
        let qualified = |e: &&&Entity| {
            e.context.split(' ').any(|w| {
                qualifier
                    .split(' ')
                    .any(|q| !q.is_empty() && w.starts_with(q))
            })
        };
        if !qualifier.is_empty()
            && let Some(e) = all
                .iter()
                .filter(|e| e.at < at)
                .rev()
                .find(qualified)
                .or_else(|| all.iter().find(qualified))
        {
            return Some(e);
        }
        all.iter().rfind(|e| e.at < at).copied()
    }
}

/// The cached answer for `key`, computed by `f` the first time it is asked.
fn memo<T: Clone>(
    cache: &std::cell::RefCell<rustc_hash::FxHashMap<String, T>>,
    key: &str,
    f: impl FnOnce() -> T,
) -> T {
    if let Some(v) = cache.borrow().get(key) {
        return v.clone();
    }
    let v = f();
    cache.borrow_mut().insert(key.to_string(), v.clone());
    v
}

/// Two spellings of one compound office: `রেল্মন্ত্রী` / `রেলপথমন্ত্রী` share the head and the
/// first letters of the domain.
fn similar_compound(a: &str, b: &str) -> bool {
    ["মন্ত্রী", "সচিব", "উপদেষ্টা"]
        .iter()
        .any(|h| match (a.strip_suffix(h), b.strip_suffix(h)) {
            (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
                let px: String = x.chars().take(2).collect();
                let py: String = y.chars().take(2).collect();
                px == py
            }
            _ => false,
        })
}

/// `(Anthony Blinken)` right after token `j`.
fn latin_alias(doc: &Document, j: usize) -> Option<String> {
    let t = doc.tokens.get(j)?;
    if doc.slice(t.span) != "(" {
        return None;
    }
    let mut words = Vec::new();
    let mut k = j + 1;
    while k < doc.tokens.len() && doc.slice(doc.tokens[k].span) != ")" && k < j + 6 {
        let w = doc.tok(k);
        if !w
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.' || c == '-')
        {
            return None;
        }
        words.push(w);
        k += 1;
    }
    (k < doc.tokens.len() && !words.is_empty() && doc.slice(doc.tokens[k].span) == ")")
        .then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn doc(t: &str) -> (Document, Rules) {
        let rules = Rules::embedded();
        let mut d = Document {
            id: "t".into(),
            norm: normalize(t),
            ..Default::default()
        };
        segment(&mut d, &rules);
        (d, rules)
    }

    #[test]
    fn word_pairs_are_adjacent_words_in_order() {
        let (d, rules) = doc("সুব্রত পতি এসেছেন। পতি, সুব্রত গেছেন। (রহিম) করিম");
        let e = Entities::scan(&d, &rules);
        assert!(e.bigram("সুব্রত", "পতি"));
        assert!(e.bigram("সুব্রত", "গেছেন"));
        // punctuation between two words, the wrong order, a word not in the text
        assert!(!e.bigram("পতি", "সুব্রত"));
        assert!(!e.bigram("রহিম", "করিম"));
        assert!(!e.bigram("এসেছেন", "পতি"));
        assert!(!e.bigram("সুব্রত", "করিম"));
        assert!(!e.bigram("সুব্রত", "নেই"));
        assert!(e.doc_has("করিম") && !e.doc_has("নেই"));
    }

    #[test]
    fn tags_decode_from_their_numbers() {
        for (k, t) in TAGS.iter().enumerate() {
            assert_eq!(*t as usize, k, "{t:?}");
        }
    }

    #[test]
    fn phonetic_key_merges_variants_only() {
        assert_eq!(phonetic_key("ল্যাভরভ"), phonetic_key("লাভরভ"));
        assert_eq!(phonetic_key("ব্লিঙ্কেন"), phonetic_key("ব্লিংকেন"));
        assert_eq!(phonetic_key("মোদী"), phonetic_key("মোদি"));
        assert_ne!(phonetic_key("হাসিনা"), phonetic_key("হাসান"));
        assert_ne!(phonetic_key("খালেদা"), phonetic_key("খালেদ"));
    }

    #[test]
    fn strip_only_confirmed() {
        let rules = Rules::embedded();
        let none = |_: &str| false;
        assert_eq!(strip_case("লাভরভের", &rules, &|s| s == "লাভরভ"), "লাভরভ");
        assert_eq!(strip_case("কাদেরের", &rules, &|s| s == "কাদের"), "কাদের");
        assert_eq!(strip_case("কাদের", &rules, &none), "কাদের");
        assert_eq!(strip_case("মুজিবুর", &rules, &none), "মুজিবুর");
        assert_eq!(strip_case("জাখারোভার", &rules, &|s| s == "জাখারোভা"), "জাখারোভা");
        assert_eq!(strip_case("পুতিনকে", &rules, &none), "পুতিন");
    }

    #[test]
    fn initials_are_letter_names_only() {
        let r = Rules::embedded();
        for w in ["এ", "কে", "এম", "এইচ", "ক."] {
            assert!(is_initial(w, &r), "{w}");
        }
        // `আজ` (today) and `এক` (one) are two letters long but no initials
        for w in ["আজ", "এক", "হন", "ও", "আর"] {
            assert!(!is_initial(w, &r), "{w}");
        }
        let (d, _) = doc("মন্ত্রী করিম উদ্দিন আজ ঘাট পরিদর্শন করেন।");
        assert_eq!(names(&Entities::scan(&d, &r)), vec!["করিম উদ্দিন"]);
    }

    #[test]
    fn agent_nouns_need_a_stem() {
        let r = Rules::embedded();
        assert!(compound_role("বিক্ষোভকারী", &r));
        assert!(compound_role("রেলমন্ত্রী", &r));
        // the surname Adhikari
        assert!(!compound_role("অধিকারী", &r));
    }

    fn names(e: &Entities) -> Vec<&str> {
        e.list.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn entities_from_roles_and_alias() {
        let (d, r) = doc(
            "মার্কিন বিদেশমন্ত্রী অ্যান্টনি ব্লিঙ্কেন (Anthony Blinken) এবং রুশ মুখপাত্র মারিয়া জাখারোভা বৈঠক করেন।",
        );
        let e = Entities::scan(&d, &r);
        assert_eq!(names(&e), vec!["অ্যান্টনি ব্লিঙ্কেন", "মারিয়া জাখারোভা"]);
        assert_eq!(e.list[0].latin.as_deref(), Some("Anthony Blinken"));
        assert_eq!(e.canonical("ব্লিংকেন").unwrap().name, "অ্যান্টনি ব্লিঙ্কেন");
        assert_eq!(
            e.by_role("মুখপাত্র", "", usize::MAX).unwrap().name,
            "মারিয়া জাখারোভা"
        );
    }

    #[test]
    fn accusative_last_name_word_is_kept_before_a_noun() {
        // `খানকে` is the person as an object: the name does not stop at `রহমান`, even though
        // a noun (`চিঠি`) and not a verb follows
        let (d, r) = doc(
            "চেয়ারম্যান মো. আবদুর রহমান খানকে চিঠি পাঠিয়েছে মন্ত্রণালয়। চেয়ারম্যান আবদুর রহমান খান বলেন, কাজ চলছে।",
        );
        assert_eq!(names(&Entities::scan(&d, &r))[0], "মো. আবদুর রহমান খান");
    }

    fn speaker(t: &str) -> Option<(MentionKind, String)> {
        let (d, r) = doc(t);
        let e = Entities::scan(&d, &r);
        // window: every token before the first verb form
        let end = (0..d.tokens.len())
            .find(|&k| r.verbs.contains_key(d.tok(k)))
            .unwrap();
        parse_speaker(&d, &r, 0, end, &e).map(|m| (m.kind, m.name))
    }

    #[test]
    fn subject_windows() {
        assert_eq!(
            speaker("প্রথম আলোকে তিনি বলেন"),
            Some((MentionKind::Pronoun, "তিনি".into()))
        );
        assert_eq!(
            speaker("মার্কিন বিদেশমন্ত্রী ব্লিঙ্কেন জি-টোয়েন্টি বৈঠকে তার বক্তব্যে বলেছেন"),
            Some((MentionKind::Name, "ব্লিঙ্কেন".into()))
        );
        assert_eq!(
            speaker("বৈঠক শেষে জানতে চাইলে অর্থ উপদেষ্টা ড. সালেহউদ্দিন আহমেদ সাংবাদিকদের বলেন"),
            Some((MentionKind::Name, "সালেহউদ্দিন আহমেদ".into()))
        );
        assert_eq!(
            speaker("একজন রুশ কর্মকর্তা বলেছেন"),
            Some((MentionKind::Source, "একজন রুশ কর্মকর্তা".into()))
        );
        assert_eq!(
            speaker("প্রেস সচিব জানান"),
            Some((MentionKind::Role, "প্রেস সচিব".into()))
        );
        assert_eq!(
            speaker("অ্যান্টনি ব্লিঙ্কেন লাভরভকে বলেছিলেন"),
            Some((MentionKind::Name, "অ্যান্টনি ব্লিঙ্কেন".into()))
        );
    }
}
