//! Criterion benches for the per-document pipeline and for rule loading (issue 4).
//!
//!     cargo bench --bench pipeline
//!     cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 3   # quicker
//!
//! Documents: the seed article and the CC0 sample in `corpus/`. Throughput is reported in
//! bytes of input text. Rule loading: the embedded copy (what `ukti` does at start-up; the
//! issue's target is at most 20 ms) and the `rules/` folder read from disk.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ukti::{Pipeline, Rules};

/// (id, text) of the benched documents.
fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let seed = std::fs::read_to_string(root.join("seed-g20-blinken-lavrov.txt"))
        .expect("corpus/seed-g20-blinken-lavrov.txt");
    let mut docs = vec![("seed-g20-blinken-lavrov".to_string(), seed)];
    let sample = std::fs::read_to_string(root.join("sample.jsonl")).expect("corpus/sample.jsonl");
    for line in sample.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("corpus/sample.jsonl: JSON");
        let id = v["id"].as_str().expect("id").to_string();
        let text = v["text"].as_str().expect("text").to_string();
        docs.push((id, text));
    }
    docs
}

fn bench_extract(c: &mut Criterion) {
    let pipeline = Pipeline::new(Rules::embedded());
    let docs = documents();
    let mut g = c.benchmark_group("extract");
    // a few single documents of different shapes: the seed (Indian Bengali, marked quotes),
    // BBC Bangla (paragraphs), Naya Diganta (quote marks), Rising BD (one long line)
    for want in [
        "seed-g20-blinken-lavrov",
        "bbcbangla-16",
        "nayadiganta-36",
        "risingbd-1",
    ] {
        let Some((id, text)) = docs.iter().find(|(id, _)| id == want) else {
            continue;
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(id.as_str(), |b| {
            b.iter(|| pipeline.extract(black_box(id), black_box(text)))
        });
    }
    // the whole sample, one document after the other
    let total: usize = docs.iter().map(|(_, t)| t.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(format!("all {} corpus docs", docs.len()), |b| {
        b.iter(|| {
            docs.iter()
                .map(|(id, text)| pipeline.extract(black_box(id), black_box(text)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn bench_rules(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut g = c.benchmark_group("rules");
    g.bench_function("embedded", |b| b.iter(Rules::embedded));
    g.bench_function("from_dir(rules)", |b| {
        b.iter(|| Rules::from_dir(black_box(&dir)).unwrap_or_else(|e| panic!("{e}")))
    });
    g.finish();
}

criterion_group!(benches, bench_extract, bench_rules);
criterion_main!(benches);
