//! Criterion benches for the per-document pipeline, its stages and rule loading (issue 4).
//!
//!     cargo bench --bench pipeline
//!     cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 3   # quicker
//!
//! Documents: the seed article and the CC0 sample in `corpus/`. Throughput is reported in
//! bytes of input text (`stages` in decimal MB/s, to set beside `bench/run.sh`'s ripgrep
//! figure: each entry runs the stages up to the one it names). Rule loading: the embedded copy (what `ukti` does at start-up; the
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

/// The pipeline cut after each stage, over the whole sample: what the first stages alone cost
/// bounds how fast any later change can make the whole.
fn bench_stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(Rules::embedded());
    let rules = pipeline.rules();
    let docs = documents();
    let total: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::BytesDecimal(total as u64));
    let segmented = |text: &str| {
        let mut doc = ukti::Document {
            norm: ukti::normalize::normalize(text),
            ..Default::default()
        };
        ukti::segment::segment(&mut doc, rules);
        doc
    };
    g.bench_function("1 normalize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, text)| ukti::normalize::normalize(black_box(text)).text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("2 +segment", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, text)| segmented(black_box(text)).tokens.len())
                .sum::<usize>()
        })
    });
    g.bench_function("4 +cues+quotes", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(id, text)| pipeline.analyse(black_box(id), black_box(text)).2.len())
                .sum::<usize>()
        })
    });
    g.bench_function("5 +entity scan", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(id, text)| {
                    let (doc, _, _) = pipeline.analyse(black_box(id), black_box(text));
                    ukti::mentions::Entities::scan(&doc, rules).list.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("6 extract", |b| {
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

criterion_group!(benches, bench_extract, bench_stages, bench_rules);
criterion_main!(benches);
