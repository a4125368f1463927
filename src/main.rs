//! The `ukti` command line: parse arguments, run, map errors to exit codes.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use ukti::batch::{self, DocError};
use ukti::output::{AtomicFile, Format, errors_path};
use ukti::{Pipeline, Rules};

const EXIT_CODES: &str = "Exit codes: 0 success; 1 some documents could not be read or processed \
(listed on stderr and in <output>.errors.csv); 2 usage error, bad rules or an output that \
could not be written (nothing is left half-written).";

/// ukti (উক্তি): who said what in Bengali news, as speaker–quote pairs.
#[derive(Parser)]
#[command(version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract speaker–quote pairs from .txt files, .jsonl files (`id`, `text`), folders or `-`.
    #[command(after_help = EXIT_CODES)]
    Extract {
        /// Inputs: .txt (doc_id = file stem), .jsonl (one {"id","text"} object per line),
        /// folders (every .txt/.jsonl inside) or `-` for stdin. Default: stdin.
        inputs: Vec<String>,
        /// Output file (written atomically); `-` or absent: stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Start the output with a UTF-8 byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
        /// Worker threads (default: all cores).
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// No progress bar and no summary line.
        #[arg(short, long)]
        quiet: bool,
        /// Load the rules from this folder instead of the embedded copy.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Score predicted pairs against gold pairs (agrees with ../shared/tools/score.py).
    Eval {
        #[arg(long)]
        gold: PathBuf,
        #[arg(long)]
        pred: PathBuf,
        /// Documents (.jsonl or .txt) for showing each error in its sentence.
        #[arg(long)]
        docs: Vec<PathBuf>,
        /// List every missed, spurious and wrong-speaker quote.
        #[arg(long)]
        errors: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Work with the rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Validate a rules folder (default: the embedded rules) and report every problem.
    Check {
        /// The folder holding verbs.tsv, predicates.tsv, ... (default: embedded rules).
        dir: Option<PathBuf>,
    },
}

fn load_rules(dir: Option<&Path>) -> Result<Rules> {
    match dir {
        Some(d) => Rules::from_dir(d).map_err(|e| anyhow::anyhow!("{e}")),
        None => Ok(Rules::embedded()),
    }
}

fn main() -> ExitCode {
    // Panics inside a document are caught and reported by the batch; keep stderr clean.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if let Some(io) = e.downcast_ref::<io::Error>()
                && io.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("ukti: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            inputs,
            output,
            format,
            bom,
            threads,
            quiet,
            rules,
        } => {
            let rules = load_rules(rules.as_deref())?;
            let pipeline = Pipeline::new(rules);
            let inputs = if inputs.is_empty() {
                vec!["-".to_string()]
            } else {
                inputs
            };
            let sources = ukti::corpus::expand(&inputs).map_err(anyhow::Error::msg)?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .context("starting worker threads")?;
            let opts = batch::Options {
                format,
                bom,
                progress: !quiet && io::stderr().is_terminal(),
            };
            let mut errors: Vec<DocError> = Vec::new();
            let mut stderr = io::stderr();
            let mut msg = |m: &str| {
                let _ = writeln!(stderr, "{m}");
            };
            let to_file = output.as_ref().filter(|p| p.as_os_str() != "-");
            let summary = match to_file {
                Some(path) => {
                    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        std::fs::create_dir_all(dir)
                            .with_context(|| format!("creating {}", dir.display()))?;
                    }
                    let file = AtomicFile::create(path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    let (file, summary) = batch::run(
                        &pipeline,
                        &pool,
                        sources,
                        file,
                        &opts,
                        &mut errors,
                        &mut msg,
                    )
                    .with_context(|| format!("writing {}", path.display()))?;
                    let regular = file.is_regular();
                    file.commit()
                        .with_context(|| format!("writing {}", path.display()))?;
                    // `-o /dev/null` or a pipe: the errors went to stderr only
                    if regular {
                        let epath = errors_path(path);
                        if errors.is_empty() {
                            let _ = std::fs::remove_file(&epath);
                        } else {
                            let ef = AtomicFile::create(&epath)?;
                            batch::write_errors(ef, &errors)?.commit()?;
                        }
                    }
                    summary
                }
                None => {
                    let out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
                    let (mut out, summary) =
                        batch::run(&pipeline, &pool, sources, out, &opts, &mut errors, &mut msg)?;
                    out.flush()?;
                    summary
                }
            };
            if !quiet {
                eprintln!("ukti: {}", summary.line());
            }
            Ok(if summary.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Eval {
            gold,
            pred,
            docs,
            errors,
            json,
        } => {
            let opts = ukti::eval::EvalOptions { errors, json };
            let stdout = io::stdout();
            let mut out = stdout.lock();
            ukti::eval::run(&gold, &pred, &docs, &opts, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => {
            let rules = match &dir {
                Some(d) => match Rules::from_dir(d) {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("{e}");
                        eprintln!("ukti: {} problem(s) in {}", e.0.len(), d.display());
                        return Ok(ExitCode::from(2));
                    }
                },
                None => Rules::embedded(),
            };
            println!(
                "rules ok: {} verb forms, {} predicates, {} according-to cues, {} pronouns, {} roles, {} words",
                rules.verbs.len(),
                rules.predicates.values().map(Vec::len).sum::<usize>(),
                rules.according.len(),
                rules.pronouns.len(),
                rules.roles.len(),
                rules.words.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
