//! Loading and validating the rule files in `rules/`.
//!
//! Lexicons are data, not code: each file is a TSV with a header row, `#` comments and blank
//! lines allowed. Every entry is normalised exactly as document text is (see
//! [`crate::normalize`]), so a rule typed with a precomposed য় still matches NFC text. Loading
//! collects *every* problem before failing, each as `rules/FILE:LINE: reason`, so a rule author
//! fixes a file in one pass. The files are embedded in the binary (`include_str!`) and a
//! `--rules DIR` folder can replace them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::path::Path;

use crate::normalize::normalize_entry;

/// The rule files, in load order. Each must be present in a `--rules` folder.
pub const FILES: [&str; 7] = [
    "verbs.tsv",
    "predicates.tsv",
    "according.tsv",
    "pronouns.tsv",
    "roles.tsv",
    "words.tsv",
    "suffixes.tsv",
];

const EMBEDDED: [(&str, &str); 7] = [
    ("verbs.tsv", include_str!("../rules/verbs.tsv")),
    ("predicates.tsv", include_str!("../rules/predicates.tsv")),
    ("according.tsv", include_str!("../rules/according.tsv")),
    ("pronouns.tsv", include_str!("../rules/pronouns.tsv")),
    ("roles.tsv", include_str!("../rules/roles.tsv")),
    ("words.tsv", include_str!("../rules/words.tsv")),
    ("suffixes.tsv", include_str!("../rules/suffixes.tsv")),
];

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rules/{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// All problems found while loading a rules folder.
#[derive(Debug, Clone)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Hon,
    Ord,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Present,
    Progressive,
    Perfect,
    Past,
    PastProgressive,
    PastPerfect,
    Habitual,
    Future,
    Negative,
    Imperative,
    Participle,
    Conditional,
    Continuous,
}

impl Tense {
    fn parse(s: &str) -> Option<Tense> {
        Some(match s {
            "present" => Tense::Present,
            "progressive" => Tense::Progressive,
            "perfect" => Tense::Perfect,
            "past" => Tense::Past,
            "past_progressive" => Tense::PastProgressive,
            "past_perfect" => Tense::PastPerfect,
            "habitual" => Tense::Habitual,
            "future" => Tense::Future,
            "negative" => Tense::Negative,
            "imperative" => Tense::Imperative,
            "participle" => Tense::Participle,
            "conditional" => Tense::Conditional,
            "continuous" => Tense::Continuous,
            _ => return None,
        })
    }

    /// Whether a finite form in this tense can report something that was said.
    pub fn reports(self) -> bool {
        !matches!(
            self,
            Tense::Future
                | Tense::Negative
                | Tense::Imperative
                | Tense::Participle
                | Tense::Conditional
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Tense::Present => "present",
            Tense::Progressive => "progressive",
            Tense::Perfect => "perfect",
            Tense::Past => "past",
            Tense::PastProgressive => "past_progressive",
            Tense::PastPerfect => "past_perfect",
            Tense::Habitual => "habitual",
            Tense::Future => "future",
            Tense::Negative => "negative",
            Tense::Imperative => "imperative",
            Tense::Participle => "participle",
            Tense::Conditional => "conditional",
            Tense::Continuous => "continuous",
        }
    }
}

/// One form of a verb from `verbs.tsv`.
#[derive(Debug, Clone)]
pub struct VerbForm {
    pub lemma: String,
    pub person: u8,
    pub register: Register,
    pub tense: Tense,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateType {
    Speech,
    Request,
    Opinion,
    /// Condolence, thanks, greetings: a formula that states no content of its own.
    Courtesy,
}

/// A noun + light-verb predicate from `predicates.tsv`.
#[derive(Debug, Clone)]
pub struct Predicate {
    /// The noun's words, normalised.
    pub noun: Vec<String>,
    /// The light verb's words: its last word is a lemma in verbs.tsv, earlier words are
    /// fixed (`প্রকাশ করা` -> ["প্রকাশ"], lemma করা).
    pub light_prefix: Vec<String>,
    pub light_lemma: String,
    pub kind: PredicateType,
}

/// An according-to cue from `according.tsv`.
#[derive(Debug, Clone)]
pub struct According {
    pub kind: String,
    pub needs_comma: bool,
    /// A comma, or a short source with an information noun.
    pub needs_info: bool,
    pub needs_genitive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    Sg,
    Pl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Nom,
    Gen,
    Acc,
}

#[derive(Debug, Clone)]
pub struct Pronoun {
    pub number: Number,
    pub register: Register,
    pub case: Case,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleType {
    Person,
    Group,
    Org,
}

/// Word classes from `words.tsv`, as bit flags (a word may be in several classes).
pub mod class {
    pub const QUOTATIVE: u64 = 1;
    pub const COMPLEMENTIZER: u64 = 1 << 1;
    pub const PASSIVE_AUX: u64 = 1 << 2;
    pub const CONJUNCTION: u64 = 1 << 3;
    pub const AFTER_FACT: u64 = 1 << 4;
    pub const FIRST_PERSON: u64 = 1 << 5;
    pub const DOC_NOUN: u64 = 1 << 6;
    pub const ADVERB: u64 = 1 << 7;
    pub const TITLE: u64 = 1 << 8;
    pub const NATIONALITY: u64 = 1 << 9;
    pub const INDEFINITE: u64 = 1 << 10;
    pub const INFINITIVE: u64 = 1 << 11;
    pub const HEARSAY: u64 = 1 << 12;
    pub const HEARSAY_AUX: u64 = 1 << 13;
    pub const NAMING: u64 = 1 << 14;
    pub const TALK: u64 = 1 << 15;
    pub const ASKED: u64 = 1 << 16;
    pub const ADDRESSEE: u64 = 1 << 17;
    pub const NOT_NAME: u64 = 1 << 18;
    pub const POSTPOSITION: u64 = 1 << 19;
    pub const AUDIENCE: u64 = 1 << 20;
    pub const INFO_NOUN: u64 = 1 << 21;
    pub const MODIFIER: u64 = 1 << 22;
    pub const CLAUSE_NOUN: u64 = 1 << 23;
    pub const INITIAL: u64 = 1 << 24;
    pub const CONTACT: u64 = 1 << 25;
    pub const COMITATIVE: u64 = 1 << 26;
    pub const WHEN_DONE: u64 = 1 << 27;
    pub const ISSUE_VERB: u64 = 1 << 28;
    pub const NOT_FIRST_PERSON: u64 = 1 << 29;
    pub const DEMAND: u64 = 1 << 30;
    pub const OFFICE_HEAD: u64 = 1 << 31;
    pub const AGENT_SUFFIX: u64 = 1 << 32;
    pub const ADDITIVE: u64 = 1 << 33;

    pub fn parse(s: &str) -> Option<u64> {
        Some(match s {
            "quotative" => QUOTATIVE,
            "complementizer" => COMPLEMENTIZER,
            "passive_aux" => PASSIVE_AUX,
            "conjunction" => CONJUNCTION,
            "after_fact" => AFTER_FACT,
            "first_person" => FIRST_PERSON,
            "doc_noun" => DOC_NOUN,
            "adverb" => ADVERB,
            "title" => TITLE,
            "nationality" => NATIONALITY,
            "indefinite" => INDEFINITE,
            "infinitive" => INFINITIVE,
            "hearsay" => HEARSAY,
            "hearsay_aux" => HEARSAY_AUX,
            "naming" => NAMING,
            "talk" => TALK,
            "asked" => ASKED,
            "addressee" => ADDRESSEE,
            "not_name" => NOT_NAME,
            "postposition" => POSTPOSITION,
            "audience" => AUDIENCE,
            "info_noun" => INFO_NOUN,
            "modifier" => MODIFIER,
            "clause_noun" => CLAUSE_NOUN,
            "initial" => INITIAL,
            "contact" => CONTACT,
            "comitative" => COMITATIVE,
            "when_done" => WHEN_DONE,
            "issue_verb" => ISSUE_VERB,
            "not_first_person" => NOT_FIRST_PERSON,
            "demand" => DEMAND,
            "office_head" => OFFICE_HEAD,
            "agent_suffix" => AGENT_SUFFIX,
            "additive" => ADDITIVE,
            _ => return None,
        })
    }
}

/// A case ending from `suffixes.tsv`.
#[derive(Debug, Clone)]
pub struct Suffix {
    pub text: String,
    pub case: String,
    pub safe: bool,
}

/// Every rule, compiled for lookup. Built once and shared read-only across threads.
#[derive(Debug, Default)]
pub struct Rules {
    pub verbs: HashMap<String, VerbForm>,
    /// Predicates indexed by the first word of their noun.
    pub predicates: HashMap<String, Vec<Predicate>>,
    pub according: HashMap<String, According>,
    pub pronouns: HashMap<String, Pronoun>,
    /// Roles by their words joined with a single space (and also without the space).
    pub roles: HashMap<String, RoleType>,
    /// Longest role in words, to bound the look-ahead.
    pub max_role_words: usize,
    /// Single words and multi-word phrases with their class bits.
    pub words: HashMap<String, u64>,
    pub max_phrase_words: usize,
    /// Longest first.
    pub suffixes: Vec<Suffix>,
    /// Lemmas that report speech on their own (not just as light verbs).
    pub speech_lemmas: HashSet<String>,
    /// Fixed words between a predicate noun and its light verb (`প্রকাশ` of `আশা প্রকাশ করা`).
    pub light_prefixes: HashSet<String>,
    /// First words of every multi-word role and phrase: only these start a phrase lookup.
    pub phrase_starts: HashSet<String>,
    /// Heads of one-word compound roles (words.tsv `office_head`, `agent_suffix`) with the
    /// letters their stem needs: (`মন্ত্রী`, 2), (`কারী`, 4).
    pub compound_heads: Vec<(String, usize)>,
    /// For each first word of a multi-word person role or two-word title, one bit per length
    /// in words of those phrases (bit 2 for two words): the entity scan builds no other.
    pub title_lengths: HashMap<String, u32>,
    /// Every word a cue can start with (see [`crate::cues::start_words`]): most words are
    /// ruled out by one lookup.
    pub cue_starts: HashSet<String>,
    /// Unique to each loaded rule set (0 for an empty one): the key of the per-thread caches of
    /// word analyses, which therefore assume a rule set is not changed after loading.
    pub id: u64,
}

/// The longest role in words: the lengths of roles are bits of a `u32` in
/// [`Rules::title_lengths`].
const MAX_ROLE_WORDS: usize = 31;

/// The 64-bit hash that stands for a word in the word caches and the per-document word sets.
pub(crate) fn word_hash(w: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(w)
}

/// A per-thread table of answers about single words under one rule set (its [`Rules::id`]; 0
/// for answers that need no rules), keyed by [`word_hash`]: the table stays small and a lookup
/// compares no strings. It starts afresh when full or when another rule set is in use.
pub(crate) type WordCache<T> = std::cell::RefCell<(u64, rustc_hash::FxHashMap<u64, T>)>;

/// Words a [`WordCache`] keeps before it starts afresh (about 1 MB per table and thread).
const WORD_CACHE_MAX: usize = 1 << 16;

/// Reads the entry of word hash `key` under rule set `id` with `get`.
fn lookup<T, R>(
    cache: &'static std::thread::LocalKey<WordCache<T>>,
    key: u64,
    id: u64,
    get: impl FnOnce(&T) -> Option<R>,
) -> Option<R> {
    cache.with_borrow(|(at, map)| {
        if *at == id {
            map.get(&key).and_then(get)
        } else {
            None
        }
    })
}

/// Changes the entry of word hash `key` under rule set `id` with `set`.
fn store<T: Default>(
    cache: &'static std::thread::LocalKey<WordCache<T>>,
    key: u64,
    id: u64,
    set: impl FnOnce(&mut T),
) {
    cache.with_borrow_mut(|(at, map)| {
        if *at != id || map.len() >= WORD_CACHE_MAX {
            map.clear();
            *at = id;
        }
        set(map.entry(key).or_default());
    });
}

/// `f(w)`, computed once per word and thread for the rule set `id`: the word analyses are
/// asked many times per token, and news vocabulary repeats from one document to the next.
pub(crate) fn cached<T: Clone + Default>(
    cache: &'static std::thread::LocalKey<WordCache<T>>,
    w: &str,
    id: u64,
    f: impl FnOnce() -> T,
) -> T {
    let key = word_hash(w);
    if let Some(v) = lookup(cache, key, id, |v| Some(v.clone())) {
        return v;
    }
    let v = f();
    store(cache, key, id, |e| *e = v.clone());
    v
}

/// The slots of [`word_answer`].
pub(crate) mod slot {
    pub const TAG: usize = 0;
    pub const NAME_LIKE: usize = 1;
    pub const COMPOUND_ROLE: usize = 2;
    pub const ROLE_OPENER: usize = 3;
    pub const FIRST_PERSON: usize = 4;
}

/// What the per-thread table keeps about one word: the small answers of [`word_answer`] (each
/// slot holds the answer plus one, 0 while not asked) and a hash of the word's phonetic key
/// (0 while not asked; see [`word_answer_and_key`]).
#[derive(Clone, Copy, Default)]
pub(crate) struct WordAnswers {
    slots: [u8; 5],
    key: u64,
}

thread_local!(static ANSWERS: WordCache<WordAnswers> = Default::default());

/// `f()`, the answer (below 255) in `slot` about `w` under `rules`, computed once per word and
/// thread. The answers about a word share one entry, so one lookup brings every answer asked
/// so far.
pub(crate) fn word_answer(w: &str, rules: &Rules, slot: usize, f: impl FnOnce() -> u8) -> u8 {
    let key = word_hash(w);
    if let Some(v) = lookup(&ANSWERS, key, rules.id, |a| a.slots[slot].checked_sub(1)) {
        return v;
    }
    let v = f();
    store(&ANSWERS, key, rules.id, |a| a.slots[slot] = v + 1);
    v
}

/// [`word_answer`] for `slot` together with `key()`, a hash of the word's phonetic key, from
/// the same entry: the entity scan wants both for every distinct word of a document.
pub(crate) fn word_answer_and_key(
    w: &str,
    rules: &Rules,
    slot: usize,
    f: impl FnOnce() -> u8,
    key: impl FnOnce() -> u64,
) -> (u8, u64) {
    let h = word_hash(w);
    let found = |a: &WordAnswers| {
        Some((
            a.slots[slot].checked_sub(1)?,
            Some(a.key).filter(|&k| k != 0)?,
        ))
    };
    if let Some(v) = lookup(&ANSWERS, h, rules.id, found) {
        return v;
    }
    let (v, k) = (word_answer(w, rules, slot, f), key());
    store(&ANSWERS, h, rules.id, |a| a.key = k);
    (v, k)
}

/// One non-comment row of a TSV rule file.
struct Row<'a> {
    line: usize,
    cols: Vec<&'a str>,
}

fn rows<'a>(
    file: &str,
    text: &'a str,
    header: &[&str],
    errors: &mut Vec<RuleError>,
) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        if !seen_header {
            seen_header = true;
            if cols != header {
                errors.push(RuleError {
                    file: file.into(),
                    line,
                    reason: format!(
                        "header must be `{}` (tab-separated), found `{}`",
                        header.join("\\t"),
                        cols.join("\\t")
                    ),
                });
            }
            continue;
        }
        if cols.len() != header.len() {
            errors.push(RuleError {
                file: file.into(),
                line,
                reason: format!(
                    "expected {} tab-separated columns ({}), found {}",
                    header.len(),
                    header.join(", "),
                    cols.len()
                ),
            });
            continue;
        }
        if let Some(k) = cols.iter().position(|c| c.is_empty()) {
            errors.push(RuleError {
                file: file.into(),
                line,
                reason: format!("column `{}` is empty", header[k]),
            });
            continue;
        }
        out.push(Row { line, cols });
    }
    if !seen_header {
        errors.push(RuleError {
            file: file.into(),
            line: 1,
            reason: format!("missing header `{}`", header.join("\\t")),
        });
    }
    out
}

/// Normalises an entry and splits it into words.
fn words_of(s: &str) -> Vec<String> {
    normalize_entry(s)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

impl Rules {
    /// The rules embedded in the binary.
    pub fn embedded() -> Rules {
        let sources: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        Rules::from_sources(&sources).expect("embedded rules are validated by the test suite")
    }

    /// Loads every rule file from a folder.
    pub fn from_dir(dir: &Path) -> Result<Rules, RuleErrors> {
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for f in FILES {
            match std::fs::read_to_string(dir.join(f)) {
                Ok(t) => sources.push((f.to_string(), t)),
                Err(e) => errors.push(RuleError {
                    file: f.into(),
                    line: 0,
                    reason: format!("cannot read {}: {e}", dir.join(f).display()),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(RuleErrors(errors));
        }
        Rules::from_sources(&sources)
    }

    /// Parses and validates rule files given as (file name, contents).
    pub fn from_sources(sources: &[(String, String)]) -> Result<Rules, RuleErrors> {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut r = Rules {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Rules::default()
        };
        let mut errors = Vec::new();
        let get = |name: &str| {
            sources
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or("")
        };
        let mut err = |file: &str, line: usize, reason: String| {
            errors.push(RuleError {
                file: file.into(),
                line,
                reason,
            })
        };
        let mut local = Vec::new();

        // verbs.tsv
        let f = "verbs.tsv";
        for row in rows(
            f,
            get(f),
            &["form", "lemma", "person", "register", "tense"],
            &mut local,
        ) {
            let c = &row.cols;
            let person = match c[2] {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                other => {
                    err(
                        f,
                        row.line,
                        format!("person must be 1, 2 or 3, not `{other}`"),
                    );
                    continue;
                }
            };
            let register = match c[3] {
                "hon" => Register::Hon,
                "ord" => Register::Ord,
                "any" => Register::Any,
                other => {
                    err(
                        f,
                        row.line,
                        format!("register must be hon, ord or any, not `{other}`"),
                    );
                    continue;
                }
            };
            let Some(tense) = Tense::parse(c[4]) else {
                err(f, row.line, format!("unknown tense `{}`", c[4]));
                continue;
            };
            let form = normalize_entry(c[0]);
            if form.contains(char::is_whitespace) {
                err(f, row.line, "a verb form is one word".into());
                continue;
            }
            let v = VerbForm {
                lemma: normalize_entry(c[1]),
                person,
                register,
                tense,
            };
            if r.verbs.insert(form.clone(), v).is_some() {
                err(f, row.line, format!("duplicate form `{}`", c[0]));
            }
        }
        for lemma in ["বলা", "জানানো", "লেখা"] {
            r.speech_lemmas.insert(normalize_entry(lemma));
        }
        let lemmas: HashSet<String> = r.verbs.values().map(|v| v.lemma.clone()).collect();

        // predicates.tsv
        let f = "predicates.tsv";
        let mut seen = HashSet::default();
        for row in rows(f, get(f), &["noun", "light_verb", "type"], &mut local) {
            let c = &row.cols;
            let kind = match c[2] {
                "speech" => PredicateType::Speech,
                "request" => PredicateType::Request,
                "opinion" => PredicateType::Opinion,
                "courtesy" => PredicateType::Courtesy,
                other => {
                    err(
                        f,
                        row.line,
                        format!("type must be speech, request, opinion or courtesy, not `{other}`"),
                    );
                    continue;
                }
            };
            let noun = words_of(c[0]);
            let mut light = words_of(c[1]);
            let Some(light_lemma) = light.pop() else {
                err(f, row.line, "empty light verb".into());
                continue;
            };
            if !lemmas.contains(&light_lemma) {
                err(
                    f,
                    row.line,
                    format!("light verb `{}` has no forms in verbs.tsv", c[1]),
                );
                continue;
            }
            if !seen.insert((c[0].to_string(), c[1].to_string())) {
                err(
                    f,
                    row.line,
                    format!("duplicate predicate `{} {}`", c[0], c[1]),
                );
                continue;
            }
            r.light_prefixes.extend(light.iter().cloned());
            if noun.len() > 1 {
                r.light_prefixes.insert(noun[noun.len() - 1].clone());
            }
            r.predicates
                .entry(noun[0].clone())
                .or_default()
                .push(Predicate {
                    noun,
                    light_prefix: light,
                    light_lemma,
                    kind,
                });
        }

        // according.tsv
        let f = "according.tsv";
        for row in rows(f, get(f), &["form", "kind", "comma", "source"], &mut local) {
            let c = &row.cols;
            if !matches!(c[1], "according_to" | "indirect" | "direct") {
                err(
                    f,
                    row.line,
                    format!(
                        "kind must be according_to, indirect or direct, not `{}`",
                        c[1]
                    ),
                );
                continue;
            }
            let (needs_comma, needs_info) = match c[2] {
                "yes" => (true, false),
                "no" => (false, false),
                "info" => (false, true),
                o => {
                    err(
                        f,
                        row.line,
                        format!("comma must be yes, no or info, not `{o}`"),
                    );
                    continue;
                }
            };
            let needs_genitive = match c[3] {
                "genitive" => true,
                "any" => false,
                o => {
                    err(
                        f,
                        row.line,
                        format!("source must be genitive or any, not `{o}`"),
                    );
                    continue;
                }
            };
            let a = According {
                kind: c[1].to_string(),
                needs_comma,
                needs_info,
                needs_genitive,
            };
            if r.according.insert(normalize_entry(c[0]), a).is_some() {
                err(f, row.line, format!("duplicate cue `{}`", c[0]));
            }
        }

        // pronouns.tsv
        let f = "pronouns.tsv";
        for row in rows(
            f,
            get(f),
            &["form", "number", "register", "case"],
            &mut local,
        ) {
            let c = &row.cols;
            let number = match c[1] {
                "sg" => Number::Sg,
                "pl" => Number::Pl,
                o => {
                    err(f, row.line, format!("number must be sg or pl, not `{o}`"));
                    continue;
                }
            };
            let register = match c[2] {
                "hon" => Register::Hon,
                "ord" => Register::Ord,
                o => {
                    err(
                        f,
                        row.line,
                        format!("register must be hon or ord, not `{o}`"),
                    );
                    continue;
                }
            };
            let case = match c[3] {
                "nom" => Case::Nom,
                "gen" => Case::Gen,
                "acc" => Case::Acc,
                o => {
                    err(
                        f,
                        row.line,
                        format!("case must be nom, gen or acc, not `{o}`"),
                    );
                    continue;
                }
            };
            let p = Pronoun {
                number,
                register,
                case,
            };
            if r.pronouns.insert(normalize_entry(c[0]), p).is_some() {
                err(f, row.line, format!("duplicate pronoun `{}`", c[0]));
            }
        }

        // roles.tsv
        let f = "roles.tsv";
        for row in rows(f, get(f), &["role", "type"], &mut local) {
            let c = &row.cols;
            let t = match c[1] {
                "person" => RoleType::Person,
                "group" => RoleType::Group,
                "org" => RoleType::Org,
                o => {
                    err(
                        f,
                        row.line,
                        format!("type must be person, group or org, not `{o}`"),
                    );
                    continue;
                }
            };
            let w = words_of(c[0]);
            if w.len() > MAX_ROLE_WORDS {
                err(
                    f,
                    row.line,
                    format!("a role has at most {MAX_ROLE_WORDS} words"),
                );
                continue;
            }
            r.max_role_words = r.max_role_words.max(w.len());
            if w.len() > 1 {
                r.phrase_starts.insert(w[0].clone());
            }
            if r.roles.insert(w.join(" "), t).is_some() {
                err(f, row.line, format!("duplicate role `{}`", c[0]));
            }
            if w.len() > 1 {
                r.roles.entry(w.concat()).or_insert(t);
            }
        }

        // words.tsv
        let f = "words.tsv";
        let mut seen = HashSet::default();
        for row in rows(f, get(f), &["word", "class"], &mut local) {
            let c = &row.cols;
            let Some(bit) = class::parse(c[1]) else {
                err(f, row.line, format!("unknown class `{}`", c[1]));
                continue;
            };
            let w = words_of(c[0]);
            if !seen.insert((w.join(" "), bit)) {
                err(f, row.line, format!("duplicate entry `{}` {}", c[0], c[1]));
                continue;
            }
            r.max_phrase_words = r.max_phrase_words.max(w.len());
            if w.len() > 1 {
                r.phrase_starts.insert(w[0].clone());
            }
            *r.words.entry(w.join(" ")).or_default() |= bit;
        }
        for (w, bits) in &r.words {
            if bits & class::OFFICE_HEAD != 0 {
                r.compound_heads.push((w.clone(), 2));
            }
            if bits & class::AGENT_SUFFIX != 0 {
                r.compound_heads.push((w.clone(), 4));
            }
        }
        r.compound_heads.sort();
        let person_roles = r.roles.iter().filter(|(_, t)| **t == RoleType::Person);
        let titles = r.words.iter().filter(|(_, c)| *c & class::TITLE != 0);
        let phrases = person_roles
            .map(|(p, _)| (p, MAX_ROLE_WORDS))
            .chain(titles.map(|(p, _)| (p, 2)));
        for (p, longest) in phrases {
            let mut w = p.split(' ');
            let (Some(first), n) = (w.next(), w.count() + 1) else {
                continue;
            };
            if n > 1 && n <= longest {
                *r.title_lengths.entry(first.to_string()).or_default() |= 1 << n;
            }
        }

        // suffixes.tsv
        let f = "suffixes.tsv";
        for row in rows(f, get(f), &["suffix", "case", "safe"], &mut local) {
            let c = &row.cols;
            let safe = match c[2] {
                "yes" => true,
                "no" => false,
                o => {
                    err(f, row.line, format!("safe must be yes or no, not `{o}`"));
                    continue;
                }
            };
            if !matches!(c[1], "gen" | "acc" | "pl" | "particle" | "loc" | "with") {
                err(f, row.line, format!("unknown case `{}`", c[1]));
                continue;
            }
            r.suffixes.push(Suffix {
                text: normalize_entry(c[0]),
                case: c[1].to_string(),
                safe,
            });
        }
        r.suffixes
            .sort_by_key(|s| std::cmp::Reverse(s.text.chars().count()));

        errors.extend(local);
        r.cue_starts = crate::cues::start_words(&r);
        if errors.is_empty() {
            Ok(r)
        } else {
            errors.sort_by(|a, b| {
                (FILES.iter().position(|f| *f == a.file), a.line)
                    .cmp(&(FILES.iter().position(|f| *f == b.file), b.line))
            });
            Err(RuleErrors(errors))
        }
    }

    /// Word-class bits of a word or phrase (0 when unknown).
    pub fn class(&self, w: &str) -> u64 {
        self.words.get(w).copied().unwrap_or(0)
    }

    pub fn is(&self, w: &str, bits: u64) -> bool {
        self.class(w) & bits != 0
    }

    /// [`Rules::is`] for the two-word phrase `a b`; builds the phrase only when some entry
    /// starts with `a`, so the common miss costs one set lookup and no allocation.
    pub fn is_pair(&self, a: &str, b: &str, bits: u64) -> bool {
        self.phrase_starts.contains(a) && self.is(&format!("{a} {b}"), bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded_sources() -> Vec<(String, String)> {
        EMBEDDED
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn word_caches_follow_the_rule_set() {
        // one thread, two rule sets that differ in one role: the per-thread word caches must
        // answer for the rule set in use, not for the one that filled them
        let text = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বৈঠক হয়েছে।";
        let without: Vec<(String, String)> = embedded_sources()
            .into_iter()
            .map(|(f, t)| {
                let t = if f == "roles.tsv" {
                    t.lines()
                        .filter(|l| *l != "মুখপাত্র\tperson")
                        .map(|l| format!("{l}\n"))
                        .collect()
                } else {
                    t
                };
                (f, t)
            })
            .collect();
        let full = crate::Pipeline::new(Rules::embedded());
        let less = crate::Pipeline::new(Rules::from_sources(&without).expect("valid rules"));
        let role = |p: &crate::Pipeline| {
            let pairs = p.extract("d", text);
            assert_eq!(pairs.len(), 1, "{pairs:?}");
            pairs[0].speaker_role.clone()
        };
        for _ in 0..2 {
            assert_eq!(role(&full), "মুখপাত্র");
            assert_eq!(role(&less), "");
        }
    }

    #[test]
    fn title_lengths_cover_every_multi_word_person_role_and_title() {
        // the entity scan tries only these phrase lengths after a first word: a length left
        // out would hide a role (`সিনিয়র সহকারী পুলিশ সুপার` -> only `সিনিয়র`)
        let r = Rules::embedded();
        let has = |p: &str, n: usize| {
            let first = p.split(' ').next().unwrap_or_default();
            r.title_lengths.get(first).is_some_and(|b| b & 1 << n != 0)
        };
        let mut checked = 0;
        for (p, t) in &r.roles {
            let n = p.split(' ').count();
            if *t == RoleType::Person && n > 1 {
                assert!(has(p, n), "person role `{p}` ({n} words)");
                checked += 1;
            }
        }
        for (p, c) in &r.words {
            if c & class::TITLE != 0 && p.split(' ').count() == 2 {
                assert!(has(p, 2), "title `{p}`");
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked}");
        // and through the pipeline: the four-word role is the speaker's
        let p = crate::Pipeline::new(r);
        let pairs = p.extract("d", "সিনিয়র সহকারী পুলিশ সুপার রহিম উদ্দিন বলেন, তদন্ত চলছে।");
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0].speaker, "রহিম উদ্দিন");
        assert_eq!(pairs[0].speaker_role, "সিনিয়র সহকারী পুলিশ সুপার");
    }

    #[test]
    fn embedded_rules_load() {
        let r = Rules::from_sources(&embedded_sources()).unwrap();
        let bolechen = r.verbs.get("বলেছেন").unwrap();
        assert_eq!(bolechen.lemma, "বলা");
        assert_eq!(bolechen.tense, Tense::Perfect);
        // entries are normalised: the precomposed য় in the file matches NFC text
        assert!(r.verbs.contains_key("জানায\u{09BC}"));
        assert!(r.roles.contains_key("প্রেস সচিব"));
        assert!(r.roles.contains_key("প্রেসসচিব"));
        assert!(r.is("বলে", class::QUOTATIVE));
    }

    #[test]
    fn errors_name_file_and_line_all_at_once() {
        let mut s = embedded_sources();
        for (f, t) in s.iter_mut() {
            if f == "verbs.tsv" {
                t.push_str("বলেছেন\tবলা\t3\thon\tperfect\n");
                t.push_str("বলিবেন\tবলা\t4\thon\tfuture\n");
                t.push_str("ভুল\tবলা\t3\thon\n");
            }
            if f == "predicates.tsv" {
                t.push_str("গান\tগাওয়া\tspeech\n");
            }
        }
        let lines = |f: &str| s.iter().find(|(n, _)| n == f).unwrap().1.lines().count();
        let nv = lines("verbs.tsv");
        let np = lines("predicates.tsv");
        let e = Rules::from_sources(&s).unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert_eq!(
            msgs[0],
            format!("rules/verbs.tsv:{}: duplicate form `বলেছেন`", nv - 2)
        );
        assert_eq!(
            msgs[1],
            format!(
                "rules/verbs.tsv:{}: person must be 1, 2 or 3, not `4`",
                nv - 1
            )
        );
        assert!(msgs[2].starts_with(&format!("rules/verbs.tsv:{nv}: expected 5 tab-separated")));
        assert_eq!(
            msgs[3],
            format!("rules/predicates.tsv:{np}: light verb `গাওয়া` has no forms in verbs.tsv")
        );
    }

    #[test]
    fn an_overlong_role_is_reported() {
        let mut s = embedded_sources();
        for (f, t) in s.iter_mut() {
            if f == "roles.tsv" {
                t.push_str(&format!("{}\tperson\n", vec!["ক"; 32].join(" ")));
            }
        }
        let n = s
            .iter()
            .find(|(f, _)| f == "roles.tsv")
            .unwrap()
            .1
            .lines()
            .count();
        let e = Rules::from_sources(&s).unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            msgs,
            [format!("rules/roles.tsv:{n}: a role has at most 31 words")]
        );
    }

    #[test]
    fn bad_header_is_reported() {
        let mut s = embedded_sources();
        for (f, t) in s.iter_mut() {
            if f == "roles.tsv" {
                *t = "name\ttype\nমন্ত্রী\tperson\n".into();
            }
        }
        let e = Rules::from_sources(&s).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert!(
            e.0[0]
                .to_string()
                .starts_with("rules/roles.tsv:1: header must be")
        );
    }
}
