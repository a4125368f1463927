//! Batch runs: streaming, parallel, deterministic.
//!
//! Documents are read in bounded batches, processed in parallel with rayon, and written in
//! input order, so memory stays flat however large the corpus is and the output is
//! byte-identical for any thread count. A document that cannot be read, or whose processing
//! panics, is reported (stderr and the error report) and the batch goes on.

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::corpus::{Input, Raw, RawReader, Source, total_bytes};
use crate::output::{Format, PairWriter, encode_rows};
use crate::{Pair, Pipeline};

/// Batch limits: documents and bytes read before a batch is processed.
pub const BATCH_DOCS: usize = 1024;
pub const BATCH_BYTES: u64 = 8 << 20;

/// One document that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub doc_id: String,
    pub source: String,
    pub error: String,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: u64,
    pub quotes: u64,
    pub failed: u64,
    pub warnings: u64,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} documents, {} quotes, {} documents with errors, {:.2}s, {:.0} docs/s, {:.1} MB/s",
            self.documents,
            self.quotes,
            self.failed,
            secs,
            self.documents as f64 / secs,
            self.bytes as f64 / 1e6 / secs
        )
    }
}

pub struct Options {
    pub format: Format,
    pub bom: bool,
    pub progress: bool,
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// One processed document: the input, and its pair count and serialised rows or its error.
struct Done {
    input: Input,
    res: Result<(usize, Vec<u8>), String>,
}

/// Processes one input, isolating panics.
pub fn process(pipeline: &Pipeline, input: &Input) -> Result<Vec<Pair>, String> {
    let text = input.text.as_ref().map_err(Clone::clone)?;
    catch_unwind(AssertUnwindSafe(|| pipeline.extract(&input.id, text)))
        .map_err(|p| format!("internal error while processing: {}", panic_message(p)))
}

/// Runs the pipeline over every source, writing pairs to `out` and failures to `errors`.
/// `on_warning` receives non-fatal messages (invalid UTF-8 replaced) and per-document errors.
pub fn run<W: Write>(
    pipeline: &Pipeline,
    pool: &rayon::ThreadPool,
    sources: Vec<Source>,
    out: W,
    opts: &Options,
    errors: &mut Vec<DocError>,
    on_message: &mut dyn FnMut(&str),
) -> io::Result<(W, Summary)> {
    let started = Instant::now();
    let total = total_bytes(&sources);
    let bar = if opts.progress {
        let b = match total {
            Some(t) => ProgressBar::new(t),
            None => ProgressBar::no_length(),
        };
        b.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        let style = if total.is_some() {
            "{elapsed_precise} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}"
        } else {
            "{elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {msg}"
        };
        b.set_style(
            ProgressStyle::with_template(style)
                .expect("template")
                .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut writer = PairWriter::new(out, opts.format, opts.bom)?;
    let mut summary = Summary::default();
    // A reader thread fills the next batch while the workers process this one; JSONL lines
    // are decoded and rows serialised by the workers, so the only serial work left is I/O.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Raw>, u64)>(1);
    let reader = std::thread::spawn(move || {
        let mut raw = RawReader::new(sources);
        loop {
            let mut batch = Vec::with_capacity(BATCH_DOCS);
            let mut bytes = 0;
            for r in raw.by_ref() {
                bytes += r.bytes();
                batch.push(r);
                if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    break;
                }
            }
            if batch.is_empty() || tx.send((batch, bytes)).is_err() {
                break;
            }
        }
    });
    let format = opts.format;
    let mut results: Vec<Done> = Vec::with_capacity(BATCH_DOCS);
    for (batch, bytes) in rx {
        pool.install(|| {
            batch
                .into_par_iter()
                // rayon would hand each thread long runs of documents, and at the end of a
                // batch the thread that finished first would wait for the other's run; in
                // pieces of a few documents it takes work from the other up to the end
                .with_max_len(4)
                .map(|raw| {
                    let input = raw.into_input();
                    let res = process(pipeline, &input).and_then(|pairs| {
                        encode_rows(&pairs, format)
                            .map(|rows| (pairs.len(), rows))
                            .map_err(|e| format!("cannot serialise: {e}"))
                    });
                    Done { input, res }
                })
                .collect_into_vec(&mut results)
        });
        for Done { input, res } in results.drain(..) {
            summary.documents += 1;
            summary.bytes += input.bytes;
            if let Some(w) = &input.warning {
                summary.warnings += 1;
                on_message(&format!("warning: {}: {w}", input.source));
                // listed in the error report too, so every damaged input can be found there
                errors.push(DocError {
                    doc_id: input.id.clone(),
                    source: input.source.clone(),
                    error: format!("warning: {w}"),
                });
            }
            match res {
                Ok((n, rows)) => {
                    summary.quotes += n as u64;
                    writer.write_raw(&rows)?;
                }
                Err(e) => {
                    summary.failed += 1;
                    on_message(&format!("error: {} ({}): {e}", input.id, input.source));
                    errors.push(DocError {
                        doc_id: input.id.clone(),
                        source: input.source.clone(),
                        error: e,
                    });
                }
            }
        }
        bar.inc(bytes);
        bar.set_message(format!("{} docs", summary.documents));
    }
    let _ = reader.join();
    bar.finish_and_clear();
    let out = writer.finish()?;
    summary.elapsed = started.elapsed();
    Ok((out, summary))
}

/// Writes the error report as CSV (`doc_id, source, error`).
pub fn write_errors<W: Write>(w: W, errors: &[DocError]) -> io::Result<W> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record(["doc_id", "source", "error"])?;
    for e in errors {
        c.write_record([&e.doc_id, &e.source, &e.error])?;
    }
    c.into_inner().map_err(|e| io::Error::other(e.to_string()))
}
