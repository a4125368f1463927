//! Scoring predictions against gold: the engine behind `ukti eval`.
//!
//! The project's reference scorer is `shared/tools/score.py`; it is what published figures are
//! computed with.  This module exists so that `ukti eval` and the reference always agree: it is a
//! line-by-line port of that script, with the same data flow and the same arithmetic, so every
//! figure it prints equals the script's (the integration test `tests/eval_agrees.rs` runs both on
//! the same files and compares them to 1e-9).  On top of the reference figures it adds what the
//! script cannot show: a breakdown by quote `kind` and, on request, a list of every missed,
//! spurious and wrong-speaker quote with the sentence around it.
//!
//! The steps, as in `score.py`:
//!
//! 1. Read both CSVs ([`read_rows`]); rows with `quote_end <= quote_start` are dropped.
//! 2. Group by document (in order of first appearance); predictions for documents the gold file
//!    does not contain are ignored.
//! 3. Speaker names are normalised (NFC, ZWJ/ZWNJ removed, whitespace collapsed); a gold speaker
//!    may list alternatives separated by `|`, so each quote carries a *set* of names.
//! 4. Per document and speaker, quotes that follow each other with at most [`GAP`] characters
//!    between them are joined (`merge`), after sorting exactly as Python's `sorted()` does.
//! 5. Per document, gold and predicted quotes are paired one-to-one by a maximum-weight
//!    assignment (Hungarian algorithm, ported operation by operation) on character Dice overlap;
//!    a pair counts as matched when Dice >= 0.5.
//! 6. Figures: quote, exact-span, pair and character-level P/R/F1 and speaker accuracy.
//!
//! Fidelity notes (places where "the same" needed care):
//!
//! * `sorted()` on `(start, end, frozenset)` tuples: when two quotes share a span, Python compares
//!   the name sets with `<`, which is the *proper subset* test, so the order is not total and the
//!   outcome depends on the exact comparisons the sort performs.  `py_sort_perm` is therefore a
//!   faithful port of CPython 3.11's list sort (binary insertion, run detection, powersort merge
//!   policy, galloping), driven by the same `<`.  CPython 3.13 changed run detection, so with a
//!   newer Python the order of *tied, incomparable* quotes (same span, different non-nested speaker
//!   sets) can differ; all other inputs sort identically under any version.
//! * Offsets are code points (Python `str` indices), never bytes.
//! * Python's `str.split()` whitespace is Rust's `char::is_whitespace` plus U+001C..U+001F.
//! * Offsets are parsed like Python's `int()` (surrounding whitespace, sign, `_` separators,
//!   non-ASCII decimal digits such as Bengali ০-৯).  Negative offsets are rejected with an error,
//!   where the script would accept them.
//! * The character-level maps ("later spans overwrite earlier ones") are computed on elementary
//!   intervals rather than per character, with the same result, so huge offsets cost nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Quotes of one speaker separated by at most this many characters (`"। "`, `"।’ "`) are one quote.
pub const GAP: usize = 3;

/// A gold and a predicted quote match when their character Dice overlap is at least this.
pub const MATCH_DICE: f64 = 0.5;

/// Longest quote text shown in an error listing, in characters.
const QUOTE_SHOWN: usize = 120;

/// How far (in characters) the sentence context may reach on either side of a quote.
const CONTEXT_REACH: usize = 300;

/// Characters that end a sentence for the error context.
const SENTENCE_ENDS: [char; 5] = ['।', '?', '!', '\n', '৷'];

/// Closing quotation marks kept with the sentence end that precedes them.
const CLOSING_MARKS: [char; 5] = ['”', '’', '"', '\'', '»'];

/// Options of `ukti eval`.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalOptions {
    /// List every missed, spurious and wrong-speaker quote.
    pub errors: bool,
    /// Print one JSON object instead of text.
    pub json: bool,
}

/// Gold/pred rows as read from CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub doc_id: String,
    /// Code-point offset of the first character of the quote.
    pub start: usize,
    /// Code-point offset one past the last character (half-open).
    pub end: usize,
    /// Speaker as written; gold may list alternatives separated by `|`.
    pub speaker: String,
    pub kind: String,
    pub cue: String,
    pub quote: String,
}

/// The reference figures, named as in `score.py --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub gold: usize,
    pub pred: usize,
    pub matched: usize,
    pub quote_p: f64,
    pub quote_r: f64,
    pub quote_f1: f64,
    pub exact_p: f64,
    pub exact_r: f64,
    pub exact_f1: f64,
    pub speaker_acc: f64,
    pub speaker_acc_lenient: f64,
    pub pair_p: f64,
    pub pair_r: f64,
    pub pair_f1: f64,
    pub char_p: f64,
    pub char_r: f64,
    pub char_f1: f64,
}

// ---------------------------------------------------------------------------------------------
// Reading CSV
// ---------------------------------------------------------------------------------------------

/// Reads a gold or prediction CSV: UTF-8 with an optional BOM and a header row.
///
/// `doc_id`, `quote_start`, `quote_end` and `speaker` are required; `kind`, `cue` and `quote`
/// are empty when the column is missing.  Errors name the file and the line.
pub fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    parse_rows(&bytes, &path.display().to_string())
}

fn parse_rows(bytes: &[u8], name: &str) -> Result<Vec<Row>> {
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Ok(Vec::new()),
        Some(rec) => rec.map_err(|e| csv_error(name, data, &e))?,
    };
    // Like csv.DictReader, a repeated column name refers to its last occurrence.
    let mut columns: HashMap<&str, usize> = HashMap::new();
    for (i, field) in header.iter().enumerate() {
        columns.insert(field, i);
    }
    let required = |col: &str| {
        columns.get(col).copied().ok_or_else(|| {
            anyhow!(
                "{name}:1: missing column `{col}` (need doc_id, quote_start, quote_end, speaker)"
            )
        })
    };
    let (c_doc, c_start, c_end, c_speaker) = (
        required("doc_id")?,
        required("quote_start")?,
        required("quote_end")?,
        required("speaker")?,
    );
    let (c_kind, c_cue, c_quote) = (
        columns.get("kind").copied(),
        columns.get("cue").copied(),
        columns.get("quote").copied(),
    );

    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(name, data, &e))?;
        let line = rec
            .position()
            .map_or(0, |p| line_at(data, p.byte() as usize));
        let field = |col: usize, what: &str| {
            rec.get(col)
                .ok_or_else(|| anyhow!("{name}:{line}: row has no `{what}` field"))
        };
        let offset = |col: usize, what: &str| -> Result<usize> {
            let raw = field(col, what)?;
            match py_int(raw) {
                Some(v) if v >= 0 => usize::try_from(v)
                    .map_err(|_| anyhow!("{name}:{line}: `{what}` \"{raw}\" is too large")),
                Some(_) => bail!("{name}:{line}: `{what}` \"{raw}\" is negative"),
                None => bail!("{name}:{line}: `{what}` \"{raw}\" is not an integer"),
            }
        };
        let optional = |col: Option<usize>| {
            col.and_then(|c| rec.get(c))
                .map(str::to_string)
                .unwrap_or_default()
        };
        rows.push(Row {
            doc_id: field(c_doc, "doc_id")?.to_string(),
            start: offset(c_start, "quote_start")?,
            end: offset(c_end, "quote_end")?,
            // csv.DictReader gives None for a missing trailing field; names(None) is empty.
            speaker: rec.get(c_speaker).unwrap_or_default().to_string(),
            kind: optional(c_kind),
            cue: optional(c_cue),
            quote: optional(c_quote),
        });
    }
    Ok(rows)
}

fn csv_error(name: &str, data: &[u8], e: &csv::Error) -> anyhow::Error {
    match e.position() {
        Some(p) => anyhow!("{name}:{}: {e}", line_at(data, p.byte() as usize)),
        None => anyhow!("{name}: {e}"),
    }
}

/// 1-based line of the record starting at byte `at`.  The csv crate reports a record's position
/// before any blank lines it skipped, so those are stepped over first.
fn line_at(data: &[u8], at: usize) -> usize {
    let mut at = at.min(data.len());
    while at < data.len() && (data[at] == b'\n' || data[at] == b'\r') {
        at += 1;
    }
    1 + data[..at].iter().filter(|&&b| b == b'\n').count()
}

/// Python's `int(s)` for base 10: surrounding whitespace, one sign, `_` between digits and any
/// common script's decimal digits.  `None` where Python would raise.
fn py_int(s: &str) -> Option<i128> {
    let t = s.trim_matches(py_isspace);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut value: i128 = 0;
    let mut after_separator = true; // no leading `_`, no `__`
    let mut any = false;
    for c in digits.chars() {
        if c == '_' {
            if after_separator {
                return None;
            }
            after_separator = true;
            continue;
        }
        let d = decimal_digit(c)?;
        value = value.checked_mul(10)?.checked_add(i128::from(d))?;
        after_separator = false;
        any = true;
    }
    if !any || after_separator {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Value of a decimal digit (Unicode category Nd) in the scripts a news CSV may plausibly use.
fn decimal_digit(c: char) -> Option<u32> {
    const ZEROS: [u32; 17] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xE50, 0xED0, 0xF20, 0xFF10,
    ];
    let cp = u32::from(c);
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&cp))
        .map(|&z| cp - z)
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// A quote's acceptable speakers (Python `frozenset` of normalised names).
type Names = BTreeSet<String>;

/// Whitespace as Python's `str.split()` sees it.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `norm` of `score.py`: NFC, then ZWNJ/ZWJ removed, then whitespace runs collapsed to one space.
fn norm(s: &str) -> String {
    let nfc: String = s
        .nfc()
        .filter(|&c| c != '\u{200c}' && c != '\u{200d}')
        .collect();
    nfc.split(py_isspace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `names` of `score.py`: the non-empty normalised alternatives of `a|b|c`.
fn names(s: &str) -> Names {
    s.split('|').map(norm).filter(|n| !n.is_empty()).collect()
}

/// Last word of each name (the lenient comparison).
fn last_words(n: &Names) -> BTreeSet<&str> {
    n.iter()
        .filter_map(|name| name.rsplit(' ').next())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Spans and merging
// ---------------------------------------------------------------------------------------------

/// One (possibly merged) quote of one side, with the rows it came from.
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    names: Names,
    /// Indices into the row slice, in merge order.
    rows: Vec<usize>,
}

/// Python's `<` on `(start, end, frozenset)` tuples: the first unequal item decides, and for
/// frozensets `<` is the proper-subset test.
fn span_lt(a: &Span, b: &Span) -> bool {
    if (a.start, a.end) != (b.start, b.end) {
        return (a.start, a.end) < (b.start, b.end);
    }
    a.names.len() < b.names.len() && a.names.is_subset(&b.names)
}

/// `merge` of `score.py`: sort, then join a quote to the previous one when the speaker sets are
/// equal and it starts 0..=GAP characters after the previous one's end.
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let order = py_sort_perm(spans.len(), |i, j| span_lt(&spans[i], &spans[j]));
    let mut slots: Vec<Option<Span>> = spans.into_iter().map(Some).collect();
    let mut out: Vec<Span> = Vec::new();
    for i in order {
        let span = slots[i]
            .take()
            .expect("a permutation visits each index once");
        if let Some(last) = out.last_mut()
            && last.names == span.names
            && span.start >= last.end
            && span.start - last.end <= GAP
        {
            last.end = last.end.max(span.end);
            last.rows.extend(span.rows);
            continue;
        }
        out.push(span);
    }
    out
}

/// The quotes of one side, per document in order of first appearance (`load` of `score.py`).
struct Side {
    docs: Vec<(String, Vec<Span>)>,
    /// Rows dropped because `end <= start`.
    dropped: usize,
}

fn load(rows: &[Row]) -> Side {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut docs: Vec<(String, Vec<Span>)> = Vec::new();
    let mut dropped = 0;
    for (i, r) in rows.iter().enumerate() {
        if r.end <= r.start {
            dropped += 1;
            continue;
        }
        let d = *index.entry(r.doc_id.as_str()).or_insert_with(|| {
            docs.push((r.doc_id.clone(), Vec::new()));
            docs.len() - 1
        });
        docs[d].1.push(Span {
            start: r.start,
            end: r.end,
            names: names(&r.speaker),
            rows: vec![i],
        });
    }
    let docs = docs
        .into_iter()
        .map(|(id, spans)| (id, merge(spans)))
        .collect();
    Side { docs, dropped }
}

// ---------------------------------------------------------------------------------------------
// CPython's list.sort, for faithful ordering of tied spans
// ---------------------------------------------------------------------------------------------

/// CPython's `MIN_GALLOP`.
const MIN_GALLOP: usize = 7;

/// The permutation CPython 3.11's `list.sort()` produces for `n` items compared with `lt`
/// (`result[k]` is the index of the item that ends up at position `k`).
///
/// A port of `Objects/listobject.c` (`binarysort`, `count_run`, `gallop_left/right`,
/// `merge_lo/hi`, `merge_at`, powersort's `found_new_run`, `merge_force_collapse`), so that
/// even an inconsistent `<` (such as frozenset's subset order) yields Python's order.
pub(crate) fn py_sort_perm(n: usize, lt: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut sorter = TimSort {
        keys: (0..n).collect(),
        lt,
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
        listlen: n,
    };
    sorter.sort();
    sorter.keys
}

struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct TimSort<F> {
    keys: Vec<usize>,
    lt: F,
    min_gallop: usize,
    pending: Vec<Run>,
    listlen: usize,
}

/// Where a merge loop ended (the `goto` targets of `merge_lo`/`merge_hi`).
enum MergeEnd {
    Succeed,
    CopyRest,
}

impl<F: Fn(usize, usize) -> bool> TimSort<F> {
    fn lt(&self, a: usize, b: usize) -> bool {
        (self.lt)(a, b)
    }

    fn sort(&mut self) {
        let mut nremaining = self.listlen;
        if nremaining < 2 {
            return;
        }
        let minrun = compute_minrun(nremaining);
        let mut lo = 0;
        while nremaining > 0 {
            let (mut n, descending) = self.count_run(lo, lo + nremaining);
            if descending {
                self.keys[lo..lo + n].reverse();
            }
            if n < minrun {
                let force = nremaining.min(minrun);
                self.binarysort(lo, lo + force, lo + n);
                n = force;
            }
            self.found_new_run(n);
            self.pending.push(Run {
                base: lo,
                len: n,
                power: 0,
            });
            lo += n;
            nremaining -= n;
        }
        self.merge_force_collapse();
    }

    fn binarysort(&mut self, lo: usize, hi: usize, mut start: usize) {
        if lo == start {
            start += 1;
        }
        while start < hi {
            let mut l = lo;
            let mut r = start;
            let pivot = self.keys[r];
            loop {
                let p = l + ((r - l) >> 1);
                if self.lt(pivot, self.keys[p]) {
                    r = p;
                } else {
                    l = p + 1;
                }
                if l >= r {
                    break;
                }
            }
            self.keys.copy_within(l..start, l + 1);
            self.keys[l] = pivot;
            start += 1;
        }
    }

    fn count_run(&self, lo: usize, hi: usize) -> (usize, bool) {
        if lo + 1 == hi {
            return (1, false);
        }
        let mut n = 2;
        if self.lt(self.keys[lo + 1], self.keys[lo]) {
            for i in lo + 2..hi {
                if !self.lt(self.keys[i], self.keys[i - 1]) {
                    break;
                }
                n += 1;
            }
            (n, true)
        } else {
            for i in lo + 2..hi {
                if self.lt(self.keys[i], self.keys[i - 1]) {
                    break;
                }
                n += 1;
            }
            (n, false)
        }
    }

    /// `gallop_left(key, a, n, hint)` with `a` = `slice_of(a_base..a_base+n)` of `keys` or
    /// of the temporary array.
    fn gallop_left(&self, key: usize, a: &[usize], hint: usize) -> usize {
        let n = a.len() as isize;
        let hint = hint as isize;
        let at = |i: isize| a[i as usize];
        let mut lastofs: isize = 0;
        let mut ofs: isize = 1;
        if self.lt(at(hint), key) {
            let maxofs = n - hint;
            while ofs < maxofs {
                if self.lt(at(hint + ofs), key) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            lastofs += hint;
            ofs += hint;
        } else {
            let maxofs = hint + 1;
            while ofs < maxofs {
                if self.lt(at(hint - ofs), key) {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint - ofs;
            ofs = hint - k;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(at(m), key) {
                lastofs = m + 1;
            } else {
                ofs = m;
            }
        }
        ofs as usize
    }

    fn gallop_right(&self, key: usize, a: &[usize], hint: usize) -> usize {
        let n = a.len() as isize;
        let hint = hint as isize;
        let at = |i: isize| a[i as usize];
        let mut lastofs: isize = 0;
        let mut ofs: isize = 1;
        if self.lt(key, at(hint)) {
            let maxofs = hint + 1;
            while ofs < maxofs {
                if self.lt(key, at(hint - ofs)) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint - ofs;
            ofs = hint - k;
        } else {
            let maxofs = n - hint;
            while ofs < maxofs {
                if self.lt(key, at(hint + ofs)) {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            lastofs += hint;
            ofs += hint;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(key, at(m)) {
                ofs = m;
            } else {
                lastofs = m + 1;
            }
        }
        ofs as usize
    }

    /// Merges runs `[pa, pa+na)` and `[pb, pb+nb)` (`pa + na == pb`), `na <= nb`.
    fn merge_lo(&mut self, pa: usize, mut na: usize, pb: usize, mut nb: usize) {
        let tmp: Vec<usize> = self.keys[pa..pa + na].to_vec();
        let mut dest = pa;
        let mut a = 0; // index into tmp
        let mut b = pb; // index into keys

        self.keys[dest] = self.keys[b];
        dest += 1;
        b += 1;
        nb -= 1;
        let end = 'merge: {
            if nb == 0 {
                break 'merge MergeEnd::Succeed;
            }
            if na == 1 {
                break 'merge MergeEnd::CopyRest;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut acount = 0;
                let mut bcount = 0;
                loop {
                    if self.lt(self.keys[b], tmp[a]) {
                        self.keys[dest] = self.keys[b];
                        dest += 1;
                        b += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.keys[dest] = tmp[a];
                        dest += 1;
                        a += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = self.gallop_right(self.keys[b], &tmp[a..a + na], 0);
                    acount = k;
                    if k > 0 {
                        self.keys[dest..dest + k].copy_from_slice(&tmp[a..a + k]);
                        dest += k;
                        a += k;
                        na -= k;
                        if na == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        // na == 0 is impossible with a consistent comparison, but possible here.
                        if na == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                    }
                    self.keys[dest] = self.keys[b];
                    dest += 1;
                    b += 1;
                    nb -= 1;
                    if nb == 0 {
                        break 'merge MergeEnd::Succeed;
                    }
                    let k = self.gallop_left(tmp[a], &self.keys[b..b + nb], 0);
                    bcount = k;
                    if k > 0 {
                        self.keys.copy_within(b..b + k, dest);
                        dest += k;
                        b += k;
                        nb -= k;
                        if nb == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                    }
                    self.keys[dest] = tmp[a];
                    dest += 1;
                    a += 1;
                    na -= 1;
                    if na == 1 {
                        break 'merge MergeEnd::CopyRest;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            MergeEnd::Succeed => {
                if na > 0 {
                    self.keys[dest..dest + na].copy_from_slice(&tmp[a..a + na]);
                }
            }
            MergeEnd::CopyRest => {
                // na == 1: the last element of a belongs at the end of the merge.
                self.keys.copy_within(b..b + nb, dest);
                self.keys[dest + nb] = tmp[a];
            }
        }
    }

    /// Merges runs `[pa, pa+na)` and `[pb, pb+nb)` (`pa + na == pb`), `na >= nb`, from the right.
    fn merge_hi(&mut self, pa: usize, mut na: usize, pb: usize, mut nb: usize) {
        let tmp: Vec<usize> = self.keys[pb..pb + nb].to_vec();
        // Signed cursors: they may step one below their base before the loop ends.
        let mut dest = (pb + nb - 1) as isize; // into keys
        let mut a = (pa + na - 1) as isize; // into keys
        let mut b = nb as isize - 1; // into tmp
        let basea = pa;
        let key = |keys: &[usize], i: isize| keys[i as usize];

        self.keys[dest as usize] = key(&self.keys, a);
        dest -= 1;
        a -= 1;
        na -= 1;
        let end = 'merge: {
            if na == 0 {
                break 'merge MergeEnd::Succeed;
            }
            if nb == 1 {
                break 'merge MergeEnd::CopyRest;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut acount = 0;
                let mut bcount = 0;
                loop {
                    if self.lt(key(&tmp, b), key(&self.keys, a)) {
                        self.keys[dest as usize] = key(&self.keys, a);
                        dest -= 1;
                        a -= 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        self.keys[dest as usize] = key(&tmp, b);
                        dest -= 1;
                        b -= 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let g = self.gallop_right(key(&tmp, b), &self.keys[basea..basea + na], na - 1);
                    let k = na - g;
                    acount = k;
                    if k > 0 {
                        dest -= k as isize;
                        a -= k as isize;
                        let (src, dst) = ((a + 1) as usize, (dest + 1) as usize);
                        self.keys.copy_within(src..src + k, dst);
                        na -= k;
                        if na == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                    }
                    self.keys[dest as usize] = key(&tmp, b);
                    dest -= 1;
                    b -= 1;
                    nb -= 1;
                    if nb == 1 {
                        break 'merge MergeEnd::CopyRest;
                    }
                    let g = self.gallop_left(key(&self.keys, a), &tmp[..nb], nb - 1);
                    let k = nb - g;
                    bcount = k;
                    if k > 0 {
                        dest -= k as isize;
                        b -= k as isize;
                        let (src, dst) = ((b + 1) as usize, (dest + 1) as usize);
                        self.keys[dst..dst + k].copy_from_slice(&tmp[src..src + k]);
                        nb -= k;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        // nb == 0 is impossible with a consistent comparison, but possible here.
                        if nb == 0 {
                            break 'merge MergeEnd::Succeed;
                        }
                    }
                    self.keys[dest as usize] = key(&self.keys, a);
                    dest -= 1;
                    a -= 1;
                    na -= 1;
                    if na == 0 {
                        break 'merge MergeEnd::Succeed;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            MergeEnd::Succeed => {
                if nb > 0 {
                    let dst = (dest - (nb as isize - 1)) as usize;
                    self.keys[dst..dst + nb].copy_from_slice(&tmp[..nb]);
                }
            }
            MergeEnd::CopyRest => {
                // nb == 1: the first element of b belongs at the front of the merge.
                let (src, dst) = ((a + 1) as usize - na, (dest + 1) as usize - na);
                self.keys.copy_within(src..src + na, dst);
                dest -= na as isize;
                self.keys[dest as usize] = key(&tmp, b);
            }
        }
    }

    fn merge_at(&mut self, i: usize) {
        let (mut base_a, mut na) = (self.pending[i].base, self.pending[i].len);
        let (base_b, nb) = (self.pending[i + 1].base, self.pending[i + 1].len);
        self.pending[i].len = na + nb;
        self.pending.remove(i + 1);

        let k = self.gallop_right(self.keys[base_b], &self.keys[base_a..base_a + na], 0);
        base_a += k;
        na -= k;
        if na == 0 {
            return;
        }
        let nb = self.gallop_left(
            self.keys[base_a + na - 1],
            &self.keys[base_b..base_b + nb],
            nb - 1,
        );
        if nb == 0 {
            return;
        }
        if na <= nb {
            self.merge_lo(base_a, na, base_b, nb);
        } else {
            self.merge_hi(base_a, na, base_b, nb);
        }
    }

    fn found_new_run(&mut self, n2: usize) {
        if let Some(top) = self.pending.last() {
            let power = powerloop(top.base, top.len, n2, self.listlen);
            while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
                self.merge_at(self.pending.len() - 2);
            }
            let last = self.pending.len() - 1;
            self.pending[last].power = power;
        }
    }

    fn merge_force_collapse(&mut self) {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(n);
        }
    }
}

fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/// Character Dice overlap of two half-open spans.
fn dice(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    (2 * inter) as f64 / ((a.1 - a.0) + (b.1 - b.0)) as f64
}

/// `hungarian` of `score.py`: maximise the sum of `w[i][j]` over a one-to-one assignment;
/// returns `(i, j)` pairs in order of `j`.  Ported operation by operation (same f64 arithmetic,
/// same loop order, same strict comparisons) so that ties resolve to the same pairs.
#[allow(clippy::needless_range_loop)] // indices mirror the Python line for line
pub(crate) fn hungarian(w: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let n = w.len();
    let m = w.first().map_or(0, Vec::len);
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let nn = n.max(m);
    let cost: Vec<Vec<f64>> = (0..nn)
        .map(|i| {
            (0..nn)
                .map(|j| if i < n && j < m { -w[i][j] } else { 0.0 })
                .collect()
        })
        .collect();
    let inf = f64::INFINITY;
    let mut u = vec![0.0f64; nn + 1];
    let mut v = vec![0.0f64; nn + 1];
    let mut p = vec![0usize; nn + 1];
    let mut way = vec![0usize; nn + 1];
    for i in 1..=nn {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; nn + 1];
        let mut used = vec![false; nn + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=nn {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=nn {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=nn)
        .filter(|&j| p[j] != 0 && p[j] - 1 < n && j - 1 < m)
        .map(|j| (p[j] - 1, j - 1))
        .collect()
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// `a / b`, or 0 when `b` is 0 (the script's `a / b if b else 0`).
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/// A matched gold/pred pair.
struct Match {
    gold: usize,
    pred: usize,
    dice: f64,
    strict: bool,
}

/// One gold document with its predictions and the matched pairs.
struct DocResult {
    doc_id: String,
    gold: Vec<Span>,
    pred: Vec<Span>,
    matches: Vec<Match>,
}

/// Everything the report needs: the figures and the per-document detail behind them.
struct Evaluation {
    scores: Scores,
    docs: Vec<DocResult>,
    dropped_gold: usize,
    dropped_pred: usize,
    ignored_pred_rows: usize,
    ignored_pred_docs: usize,
}

/// Scores predictions against gold with the semantics of `score.py` (see the module docs).
pub fn score(gold: &[Row], pred: &[Row]) -> Scores {
    evaluate(gold, pred).scores
}

fn evaluate(gold_rows: &[Row], pred_rows: &[Row]) -> Evaluation {
    let gold = load(gold_rows);
    let pred = load(pred_rows);
    let gold_ids: HashSet<&str> = gold.docs.iter().map(|(d, _)| d.as_str()).collect();
    let mut pred_by_doc: HashMap<String, Vec<Span>> = HashMap::new();
    let (mut ignored_pred_rows, mut ignored_pred_docs) = (0, 0);
    for (doc, spans) in pred.docs {
        if gold_ids.contains(doc.as_str()) {
            pred_by_doc.insert(doc, spans);
        } else {
            ignored_pred_docs += 1;
            ignored_pred_rows += spans.iter().map(|s| s.rows.len()).sum::<usize>();
        }
    }

    let (mut g_total, mut p_total, mut matched, mut speaker_ok, mut lenient_ok) = (0, 0, 0, 0, 0);
    let (mut gold_chars, mut pred_chars, mut right_chars) = (0, 0, 0);
    let mut exact_total = 0;
    let mut docs = Vec::with_capacity(gold.docs.len());
    for (doc_id, gs) in gold.docs {
        let ps = pred_by_doc.remove(&doc_id).unwrap_or_default();
        g_total += gs.len();
        p_total += ps.len();
        let w: Vec<Vec<f64>> = gs
            .iter()
            .map(|g| {
                ps.iter()
                    .map(|p| dice((g.start, g.end), (p.start, p.end)))
                    .collect()
            })
            .collect();
        let mut matches = Vec::new();
        for (i, j) in hungarian(&w) {
            if w[i][j] >= MATCH_DICE {
                matched += 1;
                let (g, p) = (&gs[i], &ps[j]);
                let strict = !g.names.is_disjoint(&p.names);
                speaker_ok += usize::from(strict);
                lenient_ok += usize::from(!last_words(&g.names).is_disjoint(&last_words(&p.names)));
                matches.push(Match {
                    gold: i,
                    pred: j,
                    dice: w[i][j],
                    strict,
                });
            }
        }
        let chars = char_level(&gs, &ps);
        gold_chars += chars.0;
        pred_chars += chars.1;
        right_chars += chars.2;
        let pred_spans: HashSet<(usize, usize)> = ps.iter().map(|p| (p.start, p.end)).collect();
        exact_total += gs
            .iter()
            .filter(|g| pred_spans.contains(&(g.start, g.end)))
            .count();
        docs.push(DocResult {
            doc_id,
            gold: gs,
            pred: ps,
            matches,
        });
    }

    let (qp, qr) = (ratio(matched, p_total), ratio(matched, g_total));
    let (pp, pr) = (ratio(speaker_ok, p_total), ratio(speaker_ok, g_total));
    let (ep, er) = (ratio(exact_total, p_total), ratio(exact_total, g_total));
    let (cp, cr) = (
        ratio(right_chars, pred_chars),
        ratio(right_chars, gold_chars),
    );
    let scores = Scores {
        gold: g_total,
        pred: p_total,
        matched,
        quote_p: qp,
        quote_r: qr,
        quote_f1: f1(qp, qr),
        exact_p: ep,
        exact_r: er,
        exact_f1: f1(ep, er),
        speaker_acc: ratio(speaker_ok, matched),
        speaker_acc_lenient: ratio(lenient_ok, matched),
        pair_p: pp,
        pair_r: pr,
        pair_f1: f1(pp, pr),
        char_p: cp,
        char_r: cr,
        char_f1: f1(cp, cr),
    };
    Evaluation {
        scores,
        docs,
        dropped_gold: gold.dropped,
        dropped_pred: pred.dropped,
        ignored_pred_rows,
        ignored_pred_docs,
    }
}

/// `(gold_chars, pred_chars, right_chars)` of one document.
///
/// The script labels every character with the speaker set of the *last* span (in list order)
/// covering it, on each side, and counts predicted characters whose set meets the gold set.
/// Labels only change at span boundaries, so the same is done per elementary interval.
fn char_level(gs: &[Span], ps: &[Span]) -> (usize, usize, usize) {
    let mut bounds: Vec<usize> = gs.iter().chain(ps).flat_map(|s| [s.start, s.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let cells = bounds.len().saturating_sub(1);
    let paint = |spans: &[Span]| {
        let mut label: Vec<Option<usize>> = vec![None; cells];
        for (k, s) in spans.iter().enumerate() {
            let a = bounds.binary_search(&s.start).expect("start is a bound");
            let b = bounds.binary_search(&s.end).expect("end is a bound");
            for cell in &mut label[a..b] {
                *cell = Some(k);
            }
        }
        label
    };
    let (gl, pl) = (paint(gs), paint(ps));
    let (mut gold_chars, mut pred_chars, mut right_chars) = (0, 0, 0);
    for t in 0..cells {
        let len = bounds[t + 1] - bounds[t];
        if gl[t].is_some() {
            gold_chars += len;
        }
        if let Some(p) = pl[t] {
            pred_chars += len;
            if let Some(g) = gl[t]
                && !ps[p].names.is_disjoint(&gs[g].names)
            {
                right_chars += len;
            }
        }
    }
    (gold_chars, pred_chars, right_chars)
}

// ---------------------------------------------------------------------------------------------
// Breakdown by kind
// ---------------------------------------------------------------------------------------------

/// Figures for one quote kind: recall over gold quotes of that kind, precision over predicted
/// quotes of that kind.
#[derive(Debug, Clone, Default, Serialize)]
struct KindScores {
    gold: usize,
    gold_matched: usize,
    recall: f64,
    gold_pair: usize,
    pair_recall: f64,
    pred: usize,
    pred_matched: usize,
    precision: f64,
    pred_pair: usize,
    pair_precision: f64,
}

/// Label used for quotes whose rows have no kind.
const NO_KIND: &str = "(none)";

/// A merged span's kind: the first non-empty kind among its rows.
fn span_kind<'a>(span: &Span, rows: &'a [Row]) -> &'a str {
    span.rows
        .iter()
        .map(|&r| rows[r].kind.trim())
        .find(|k| !k.is_empty())
        .unwrap_or(NO_KIND)
}

fn by_kind(ev: &Evaluation, gold_rows: &[Row], pred_rows: &[Row]) -> BTreeMap<String, KindScores> {
    let mut out: BTreeMap<String, KindScores> = BTreeMap::new();
    for doc in &ev.docs {
        let gold_match: HashMap<usize, &Match> = doc.matches.iter().map(|m| (m.gold, m)).collect();
        let pred_match: HashMap<usize, &Match> = doc.matches.iter().map(|m| (m.pred, m)).collect();
        for (i, g) in doc.gold.iter().enumerate() {
            let k = out.entry(span_kind(g, gold_rows).to_string()).or_default();
            k.gold += 1;
            if let Some(m) = gold_match.get(&i) {
                k.gold_matched += 1;
                k.gold_pair += usize::from(m.strict);
            }
        }
        for (j, p) in doc.pred.iter().enumerate() {
            let k = out.entry(span_kind(p, pred_rows).to_string()).or_default();
            k.pred += 1;
            if let Some(m) = pred_match.get(&j) {
                k.pred_matched += 1;
                k.pred_pair += usize::from(m.strict);
            }
        }
    }
    for k in out.values_mut() {
        k.recall = ratio(k.gold_matched, k.gold);
        k.pair_recall = ratio(k.gold_pair, k.gold);
        k.precision = ratio(k.pred_matched, k.pred);
        k.pair_precision = ratio(k.pred_pair, k.pred);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Error listing
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
enum ErrorCategory {
    #[serde(rename = "MISSED")]
    Missed,
    #[serde(rename = "SPURIOUS")]
    Spurious,
    #[serde(rename = "WRONG-SPEAKER")]
    WrongSpeaker,
}

impl ErrorCategory {
    fn label(self) -> &'static str {
        match self {
            ErrorCategory::Missed => "MISSED",
            ErrorCategory::Spurious => "SPURIOUS",
            ErrorCategory::WrongSpeaker => "WRONG-SPEAKER",
        }
    }
}

/// One missed gold quote, spurious prediction or matched pair with the wrong speaker.
#[derive(Debug, Clone, Serialize)]
struct EvalError {
    category: ErrorCategory,
    doc_id: String,
    gold_start: Option<usize>,
    gold_end: Option<usize>,
    gold_speaker: Option<String>,
    gold_kind: Option<String>,
    gold_cue: Option<String>,
    pred_start: Option<usize>,
    pred_end: Option<usize>,
    pred_speaker: Option<String>,
    pred_kind: Option<String>,
    pred_cue: Option<String>,
    dice: Option<f64>,
    /// The quote (gold side where there is one), at most [`QUOTE_SHOWN`] characters.
    quote: String,
    /// The sentence(s) around the quote, when the document text was given.
    context: Option<String>,
    context_start: Option<usize>,
    context_end: Option<usize>,
    /// Where the quote lies inside `context`, in characters (for display).
    #[serde(skip)]
    marked: Option<(usize, usize)>,
}

/// What a side contributes to an error entry: speaker, kind and cue of its first row.
struct SideInfo {
    speaker: String,
    kind: String,
    cue: String,
}

fn side_info(span: &Span, rows: &[Row]) -> SideInfo {
    let first = &rows[span.rows[0]];
    let cue = span
        .rows
        .iter()
        .map(|&r| rows[r].cue.trim())
        .find(|c| !c.is_empty())
        .unwrap_or("");
    SideInfo {
        speaker: first.speaker.trim().to_string(),
        kind: span_kind(span, rows).to_string(),
        cue: cue.to_string(),
    }
}

fn collect_errors(
    ev: &Evaluation,
    gold_rows: &[Row],
    pred_rows: &[Row],
    texts: &HashMap<String, Vec<char>>,
) -> Vec<EvalError> {
    let mut all = Vec::new();
    for doc in &ev.docs {
        let text = texts.get(&doc.doc_id).map(Vec::as_slice);
        let mut errs: Vec<(usize, EvalError)> = Vec::new();
        let gold_matched: HashSet<usize> = doc.matches.iter().map(|m| m.gold).collect();
        let pred_matched: HashSet<usize> = doc.matches.iter().map(|m| m.pred).collect();
        let entry = |category, g: Option<&Span>, p: Option<&Span>, dice: Option<f64>| {
            let gi = g.map(|s| side_info(s, gold_rows));
            let pi = p.map(|s| side_info(s, pred_rows));
            let (shown, shown_rows) = match (g, p) {
                (Some(g), _) => (g, gold_rows),
                (None, Some(p)) => (p, pred_rows),
                (None, None) => unreachable!("an error has at least one side"),
            };
            let lo = g.iter().chain(p.iter()).map(|s| s.start).min().unwrap_or(0);
            let hi = g.iter().chain(p.iter()).map(|s| s.end).max().unwrap_or(0);
            let quote = match text {
                Some(t) if shown.end <= t.len() => t[shown.start..shown.end].iter().collect(),
                _ => shown
                    .rows
                    .iter()
                    .map(|&r| shown_rows[r].quote.trim())
                    .filter(|q| !q.is_empty())
                    .collect::<Vec<_>>()
                    .join(" … "),
            };
            let (context, context_start, context_end, marked) = match text {
                Some(t) => {
                    let (a, b) = sentence_bounds(t, lo, hi);
                    let (qa, qb) = (lo.clamp(a, b), hi.clamp(a, b));
                    let s: String = t[a..b].iter().collect();
                    (Some(s), Some(a), Some(b), Some((qa - a, qb - a)))
                }
                None => (None, None, None, None),
            };
            EvalError {
                category,
                doc_id: doc.doc_id.clone(),
                gold_start: g.map(|s| s.start),
                gold_end: g.map(|s| s.end),
                gold_speaker: gi.as_ref().map(|i| i.speaker.clone()),
                gold_kind: gi.as_ref().map(|i| i.kind.clone()),
                gold_cue: gi.as_ref().map(|i| i.cue.clone()),
                pred_start: p.map(|s| s.start),
                pred_end: p.map(|s| s.end),
                pred_speaker: pi.as_ref().map(|i| i.speaker.clone()),
                pred_kind: pi.as_ref().map(|i| i.kind.clone()),
                pred_cue: pi.as_ref().map(|i| i.cue.clone()),
                dice,
                quote: truncate(&quote, QUOTE_SHOWN),
                context,
                context_start,
                context_end,
                marked,
            }
        };
        for (i, g) in doc.gold.iter().enumerate() {
            if !gold_matched.contains(&i) {
                errs.push((g.start, entry(ErrorCategory::Missed, Some(g), None, None)));
            }
        }
        for (j, p) in doc.pred.iter().enumerate() {
            if !pred_matched.contains(&j) {
                errs.push((p.start, entry(ErrorCategory::Spurious, None, Some(p), None)));
            }
        }
        for m in doc.matches.iter().filter(|m| !m.strict) {
            let (g, p) = (&doc.gold[m.gold], &doc.pred[m.pred]);
            let e = entry(ErrorCategory::WrongSpeaker, Some(g), Some(p), Some(m.dice));
            errs.push((g.start, e));
        }
        errs.sort_by_key(|(at, e)| (*at, e.category));
        all.extend(errs.into_iter().map(|(_, e)| e));
    }
    all
}

/// The sentence(s) around `[start, end)`: back to just after the previous sentence end and on
/// through the next one (with any closing quotation marks), at most [`CONTEXT_REACH`] characters
/// either way, trimmed of surrounding whitespace.  Offsets beyond the text are clamped.
fn sentence_bounds(text: &[char], start: usize, end: usize) -> (usize, usize) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let floor = start.saturating_sub(CONTEXT_REACH);
    let mut left = floor;
    for i in (floor..start).rev() {
        if SENTENCE_ENDS.contains(&text[i]) {
            left = i + 1;
            break;
        }
    }
    let ceil = (end + CONTEXT_REACH).min(text.len());
    let mut right = ceil;
    for i in end..ceil {
        if SENTENCE_ENDS.contains(&text[i]) {
            right = if text[i] == '\n' { i } else { i + 1 };
            while right < text.len() && text[right] != '\n' && CLOSING_MARKS.contains(&text[right])
            {
                right += 1;
            }
            break;
        }
    }
    while left < start && text[left].is_whitespace() {
        left += 1;
    }
    while right > end && text[right - 1].is_whitespace() {
        right -= 1;
    }
    (left, right)
}

/// At most `max` characters of `s`, with `…` when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Document texts by id, from `.jsonl` files (`id` and `text` fields) or `.txt` files (the file
/// stem is the id).  Only the ids in `wanted` are kept, as code-point vectors.
fn load_docs(paths: &[PathBuf], wanted: &HashSet<&str>) -> Result<HashMap<String, Vec<char>>> {
    let mut texts = HashMap::new();
    for path in paths {
        let name = path.display();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let content =
            std::fs::read_to_string(path).with_context(|| format!("{name}: cannot read"))?;
        match ext {
            "jsonl" => {
                let body = content.strip_prefix('\u{feff}').unwrap_or(&content);
                for (n, line) in body.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let obj: serde_json::Value = serde_json::from_str(line)
                        .with_context(|| format!("{name}:{}: not a JSON object", n + 1))?;
                    let id = match obj.get("id") {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(v @ serde_json::Value::Number(_)) => v.to_string(),
                        _ => bail!("{name}:{}: no string `id`", n + 1),
                    };
                    let Some(text) = obj.get("text").and_then(serde_json::Value::as_str) else {
                        bail!("{name}:{}: no string `text`", n + 1);
                    };
                    if wanted.contains(id.as_str()) {
                        texts.insert(id, text.chars().collect());
                    }
                }
            }
            "txt" => {
                let id = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .ok_or_else(|| anyhow!("{name}: file name is not UTF-8"))?;
                if wanted.contains(id) {
                    texts.insert(id.to_string(), content.chars().collect());
                }
            }
            _ => bail!("{name}: documents must be .jsonl or .txt files"),
        }
    }
    Ok(texts)
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonReport<'a> {
    overall: &'a Scores,
    by_kind: &'a BTreeMap<String, KindScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [EvalError]>,
}

/// `ukti eval`: scores `pred_path` against `gold_path` and writes the report to `out`.
///
/// Text mode starts with exactly the lines `score.py` prints (so the two can be diffed), then
/// a breakdown by kind, then (with `errors`) every missed, spurious and wrong-speaker quote,
/// with the surrounding sentence when the document text is found in `docs`.  JSON mode writes
/// one object `{"overall": .., "by_kind": .., "errors": [..]}` (`errors` only on request).
pub fn run(
    gold_path: &Path,
    pred_path: &Path,
    docs: &[PathBuf],
    opts: &EvalOptions,
    out: &mut dyn Write,
) -> Result<Scores> {
    let gold_rows = read_rows(gold_path)?;
    let pred_rows = read_rows(pred_path)?;
    let ev = evaluate(&gold_rows, &pred_rows);
    let kinds = by_kind(&ev, &gold_rows, &pred_rows);
    let errors = if opts.errors {
        let wanted: HashSet<&str> = ev.docs.iter().map(|d| d.doc_id.as_str()).collect();
        let texts = load_docs(docs, &wanted)?;
        Some(collect_errors(&ev, &gold_rows, &pred_rows, &texts))
    } else {
        None
    };
    if opts.json {
        let report = JsonReport {
            overall: &ev.scores,
            by_kind: &kinds,
            errors: errors.as_deref(),
        };
        serde_json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        out.write_all(render_text(&ev, &kinds, errors.as_deref()).as_bytes())?;
    }
    out.flush()?;
    Ok(ev.scores)
}

/// The lines `score.py` prints, in its format.
fn reference_lines(s: &Scores) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "gold {}  pred {}  matched {}", s.gold, s.pred, s.matched);
    for (k, p, r, f) in [
        ("quote", s.quote_p, s.quote_r, s.quote_f1),
        ("exact", s.exact_p, s.exact_r, s.exact_f1),
        ("pair", s.pair_p, s.pair_r, s.pair_f1),
        ("char", s.char_p, s.char_r, s.char_f1),
    ] {
        // Rust's `{:.3}` rounds the exact binary value half-to-even, as Python's `.3f` does.
        let _ = writeln!(t, "{k:<6} P {p:.3}  R {r:.3}  F1 {f:.3}");
    }
    let _ = writeln!(
        t,
        "speaker accuracy on matched: strict {:.3}  lenient {:.3}",
        s.speaker_acc, s.speaker_acc_lenient
    );
    t
}

fn render_text(
    ev: &Evaluation,
    kinds: &BTreeMap<String, KindScores>,
    errors: Option<&[EvalError]>,
) -> String {
    let mut t = reference_lines(&ev.scores);
    let mut notes = Vec::new();
    if ev.dropped_gold + ev.dropped_pred > 0 {
        notes.push(format!(
            "dropped rows with quote_end <= quote_start: gold {}, pred {}",
            ev.dropped_gold, ev.dropped_pred
        ));
    }
    if ev.ignored_pred_rows > 0 {
        notes.push(format!(
            "ignored {} predicted rows in {} documents absent from gold",
            ev.ignored_pred_rows, ev.ignored_pred_docs
        ));
    }
    for n in notes {
        let _ = writeln!(t, "note: {n}");
    }

    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "{:<14} {:>5} {:>7} {:>6} {:>6}   {:>5} {:>7} {:>6} {:>6}",
        "by kind", "gold", "matched", "recall", "pair_r", "pred", "matched", "prec", "pair_p"
    );
    for (kind, k) in kinds {
        let _ = writeln!(
            t,
            "{:<14} {:>5} {:>7} {:>6.3} {:>6.3}   {:>5} {:>7} {:>6.3} {:>6.3}",
            kind,
            k.gold,
            k.gold_matched,
            k.recall,
            k.pair_recall,
            k.pred,
            k.pred_matched,
            k.precision,
            k.pair_precision
        );
    }

    if let Some(errors) = errors {
        let count = |c| errors.iter().filter(|e| e.category == c).count();
        let _ = writeln!(t);
        let _ = writeln!(
            t,
            "errors: {} missed, {} spurious, {} wrong speaker",
            count(ErrorCategory::Missed),
            count(ErrorCategory::Spurious),
            count(ErrorCategory::WrongSpeaker)
        );
        for e in errors {
            render_error(&mut t, e);
        }
    }
    t
}

fn render_error(t: &mut String, e: &EvalError) {
    let span = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => format!("[{a},{b})"),
        _ => String::new(),
    };
    let _ = write!(t, "\n{} {}", e.category.label(), e.doc_id);
    if e.gold_start.is_some() {
        let _ = write!(
            t,
            "  gold {} \"{}\"",
            span(e.gold_start, e.gold_end),
            e.gold_speaker.as_deref().unwrap_or("")
        );
    }
    if e.pred_start.is_some() {
        let _ = write!(
            t,
            "  pred {} \"{}\"",
            span(e.pred_start, e.pred_end),
            e.pred_speaker.as_deref().unwrap_or("")
        );
    }
    if let Some(d) = e.dice {
        let _ = write!(t, "  dice {d:.3}");
    }
    let _ = writeln!(t);
    for (side, kind, cue) in [
        ("gold", &e.gold_kind, &e.gold_cue),
        ("pred", &e.pred_kind, &e.pred_cue),
    ] {
        if let (Some(kind), Some(cue)) = (kind, cue) {
            let _ = writeln!(t, "  {side}: kind {kind}  cue \"{cue}\"");
        }
    }
    let _ = writeln!(t, "  quote: {}", one_line(&e.quote));
    if let (Some(c), Some((a, b))) = (&e.context, e.marked) {
        let chars: Vec<char> = c.chars().collect();
        let before: String = chars[..a].iter().collect();
        let inside: String = chars[a..b].iter().collect();
        let after: String = chars[b..].iter().collect();
        let _ = writeln!(
            t,
            "  context: {}⟦{}⟧{}",
            one_line(&before),
            one_line(&inside),
            one_line(&after)
        );
    }
}

/// Newlines and tabs shown as spaces, so each field stays on one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn row(doc: &str, start: usize, end: usize, speaker: &str) -> Row {
        Row {
            doc_id: doc.to_string(),
            start,
            end,
            speaker: speaker.to_string(),
            kind: String::new(),
            cue: String::new(),
            quote: String::new(),
        }
    }

    fn spans(list: &[(usize, usize, &str)]) -> Vec<Span> {
        list.iter()
            .enumerate()
            .map(|(i, &(s, e, sp))| Span {
                start: s,
                end: e,
                names: names(sp),
                rows: vec![i],
            })
            .collect()
    }

    fn bounds(list: &[Span]) -> Vec<(usize, usize)> {
        list.iter().map(|s| (s.start, s.end)).collect()
    }

    #[test]
    fn dice_is_twice_overlap_over_lengths() {
        assert_eq!(dice((0, 10), (5, 15)), 0.5);
        assert_eq!(dice((0, 10), (0, 10)), 1.0);
        assert_eq!(dice((0, 10), (10, 20)), 0.0);
        assert_eq!(dice((0, 4), (2, 10)), 4.0 / 12.0);
    }

    #[test]
    fn merge_joins_same_speaker_within_gap() {
        let merged = merge(spans(&[
            (13, 20, "রহিম"),
            (0, 10, "রহিম"),
            (24, 30, "রহিম"), // 4 characters after 20: too far
            (31, 40, "করিম"), // another speaker
        ]));
        assert_eq!(bounds(&merged), vec![(0, 20), (24, 30), (31, 40)]);
        assert_eq!(merged[0].rows, vec![1, 0]);
        // Overlapping quotes of one speaker are not joined (s - end < 0), as in the script.
        let merged = merge(spans(&[(0, 10, "রহিম"), (5, 8, "রহিম")]));
        assert_eq!(bounds(&merged), vec![(0, 10), (5, 8)]);
        // Adjacent (gap 0) joins; the merged end never shrinks.
        let merged = merge(spans(&[(0, 10, "ক"), (10, 12, "ক"), (12, 40, "ক")]));
        assert_eq!(bounds(&merged), vec![(0, 40)]);
    }

    #[test]
    fn tied_spans_sort_like_python() {
        // Python 3.11: sorted() of (0,5,{B}), (0,5,{A,B}), (0,5,{A}), (0,5,{C}), (0,4,{Z})
        // gives Z, B, A, AB, C: frozensets compare by proper subset, so only A < AB holds among
        // the tied spans, and binary insertion places A before AB but after B.
        let merged = merge(spans(&[
            (0, 5, "B"),
            (0, 5, "A|B"),
            (0, 5, "A"),
            (0, 5, "C"),
            (0, 4, "Z"),
        ]));
        let order: Vec<usize> = merged.iter().map(|s| s.rows[0]).collect();
        assert_eq!(order, vec![4, 0, 2, 1, 3]);
    }

    #[test]
    fn py_sort_matches_plain_sort_on_consistent_keys() {
        // A long list with runs, reversals and duplicates: with a consistent `<`, the port must
        // be a stable sort.
        let keys: Vec<u32> = (0..1000u32).map(|i| (i * 7919 + 13) % 257 / 3).collect();
        let perm = py_sort_perm(keys.len(), |a, b| keys[a] < keys[b]);
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(perm, expected);
    }

    #[test]
    fn hungarian_beats_greedy() {
        // Greedy takes (0,0)=0.9 and is left with (1,1)=0.0; the optimum pairs crosswise.
        let w = vec![vec![0.9, 0.8], vec![0.85, 0.0]];
        assert_eq!(hungarian(&w), vec![(1, 0), (0, 1)]);
        // Rectangular, more predictions than gold.
        let w = vec![vec![0.2, 0.6, 0.7]];
        assert_eq!(hungarian(&w), vec![(0, 2)]);
        assert!(hungarian(&[]).is_empty());
        assert!(hungarian(&[vec![]]).is_empty());
    }

    #[test]
    fn score_uses_optimal_assignment() {
        // gold [0,10) A, [5,15) B; pred [0,10) A, [0,5) B.  Greedy on Dice would pair the
        // identical spans (1.0) and leave [5,15)-[0,5) at 0; the optimum (0.667 + 0.5) pairs
        // crosswise, so both match, both with the wrong speaker.
        let gold = [row("d", 0, 10, "A"), row("d", 5, 15, "B")];
        let pred = [row("d", 0, 10, "A"), row("d", 0, 5, "B")];
        let s = score(&gold, &pred);
        assert_eq!((s.gold, s.pred, s.matched), (2, 2, 2));
        assert_eq!(s.speaker_acc, 0.0);
        assert_eq!(s.exact_p, 0.5);
        assert_eq!(s.exact_r, 0.5);
        // chars: gold 0-5 A, 5-15 B (later overwrites); pred 0-10 A (later overwrites 0-5 B).
        // right = 0-5 (A/A) = 5 of pred 10 and gold 15.
        assert_eq!(s.char_p, 0.5);
        assert_eq!(s.char_r, 5.0 / 15.0);
    }

    #[test]
    fn gold_alternatives_split_on_bar() {
        let gold = [row("d", 0, 10, "রহিম উদ্দিন | রহিম")];
        let s = score(&gold, &[row("d", 0, 10, "রহিম")]);
        assert_eq!((s.matched, s.speaker_acc, s.pair_f1), (1, 1.0, 1.0));
        let s = score(&gold, &[row("d", 0, 10, "করিম")]);
        assert_eq!((s.matched, s.speaker_acc, s.pair_f1), (1, 0.0, 0.0));
        assert_eq!(
            names("a||  b  c |"),
            Names::from(["a".into(), "b c".into()])
        );
    }

    #[test]
    fn names_are_nfc_without_joiners() {
        // U+09DF (precomposed য়) versus U+09AF U+09BC, plus a ZWNJ and doubled space.
        let gold = [row("d", 0, 10, "মি\u{9df}া  আলী")];
        let pred = [row("d", 0, 10, "মি\u{9af}\u{9bc}া\u{200c} আলী")];
        let s = score(&gold, &pred);
        assert_eq!(s.speaker_acc, 1.0);
        assert_eq!(
            norm(" মি\u{9df}া\u{1f}\u{a0}আ\u{200d}লী\n"),
            "মি\u{9af}\u{9bc}া আলী"
        );
    }

    #[test]
    fn lenient_compares_last_words() {
        let gold = [row("d", 0, 10, "মো. আব্দুল করিম")];
        let s = score(&gold, &[row("d", 2, 10, "করিম")]);
        assert_eq!((s.speaker_acc, s.speaker_acc_lenient), (0.0, 1.0));
    }

    #[test]
    fn exact_counts_gold_quotes_with_any_same_span() {
        // Not one-to-one: two gold quotes share a span with one prediction.
        let gold = [
            row("d", 0, 10, "A"),
            row("d", 0, 10, "B"),
            row("d", 20, 30, "C"),
        ];
        let pred = [row("d", 0, 10, "A")];
        let s = score(&gold, &pred);
        assert_eq!((s.gold, s.pred, s.matched), (3, 1, 1));
        assert_eq!(s.exact_p, 2.0);
        assert_eq!(s.exact_r, 2.0 / 3.0);
        assert_eq!(s.exact_f1, 2.0 * 2.0 * (2.0 / 3.0) / (2.0 + 2.0 / 3.0));
    }

    #[test]
    fn predictions_for_unknown_documents_are_ignored() {
        let gold = [row("a", 0, 10, "A"), row("empty", 5, 5, "A")];
        let pred = [
            row("a", 0, 10, "A"),
            row("b", 0, 10, "A"),
            row("empty", 0, 10, "A"), // its gold rows were all dropped
            row("a", 30, 20, "A"),    // end <= start
        ];
        let s = score(&gold, &pred);
        assert_eq!((s.gold, s.pred, s.matched), (1, 1, 1));
        assert_eq!((s.quote_f1, s.char_f1), (1.0, 1.0));
        let ev = evaluate(&gold, &pred);
        assert_eq!((ev.ignored_pred_rows, ev.ignored_pred_docs), (2, 2));
        assert_eq!((ev.dropped_gold, ev.dropped_pred), (1, 1));
    }

    #[test]
    fn empty_inputs_score_zero() {
        let s = score(&[], &[]);
        assert_eq!((s.gold, s.pred, s.quote_f1, s.char_f1), (0, 0, 0.0, 0.0));
        let s = score(&[row("d", 0, 4, "A")], &[]);
        assert_eq!((s.gold, s.pred, s.quote_r, s.speaker_acc), (1, 0, 0.0, 0.0));
    }

    #[test]
    fn offsets_parse_like_python_int() {
        assert_eq!(py_int(" 42\t"), Some(42));
        assert_eq!(py_int("+1_000"), Some(1000));
        assert_eq!(py_int("১২৩"), Some(123));
        assert_eq!(py_int("-3"), Some(-3));
        assert_eq!(py_int("1__0"), None);
        assert_eq!(py_int("_1"), None);
        assert_eq!(py_int("1_"), None);
        assert_eq!(py_int(""), None);
        assert_eq!(py_int("1.0"), None);
    }

    #[test]
    fn rows_read_with_bom_and_optional_columns() {
        let data = "\u{feff}doc_id,quote_start,quote_end,speaker\nd,1,5,রহিম\n\nd,7,9,\"ক, খ\"\n";
        let rows = parse_rows(data.as_bytes(), "g.csv").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].start, rows[1].end), (7, 9));
        assert_eq!(rows[1].speaker, "ক, খ");
        assert_eq!(rows[0].kind, "");

        let err = parse_rows(b"doc_id,quote_start,speaker\nd,1,A\n", "g.csv").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("g.csv:1: missing column `quote_end`"),
            "{err}"
        );
        let bad = "doc_id,quote_start,quote_end,speaker\nd,1,2,A\n\nd,x,5,A\n";
        let err = parse_rows(bad.as_bytes(), "p.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.csv:4: `quote_start` \"x\" is not an integer"
        );
    }

    #[test]
    fn context_reaches_sentence_ends() {
        let text: Vec<char> = "আগে। তিনি বলেন, “আমি যাব।” পরে সে বলল! শেষ।"
            .chars()
            .collect();
        let s: String = "তিনি বলেন, “".chars().collect();
        let start = 5 + s.chars().count(); // after “
        let end = start + "আমি যাব।".chars().count();
        let (a, b) = sentence_bounds(&text, start, end);
        let got: String = text[a..b].iter().collect();
        assert_eq!(got, "তিনি বলেন, “আমি যাব।” পরে সে বলল!");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }

    #[test]
    fn text_report_starts_with_reference_lines() {
        let s = score(
            &[row("d", 0, 10, "A"), row("d", 20, 30, "B")],
            &[row("d", 0, 10, "A")],
        );
        let expected = "gold 2  pred 1  matched 1\n\
                        quote  P 1.000  R 0.500  F1 0.667\n\
                        exact  P 1.000  R 0.500  F1 0.667\n\
                        pair   P 1.000  R 0.500  F1 0.667\n\
                        char   P 1.000  R 0.500  F1 0.667\n\
                        speaker accuracy on matched: strict 1.000  lenient 1.000\n";
        assert_eq!(reference_lines(&s), expected);
    }
}
