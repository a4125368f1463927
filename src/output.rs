//! Writing pairs as CSV or JSONL, and writing files atomically.
//!
//! A run writes into a temporary file next to the target and renames it into place only when
//! the run has finished, so an interrupted or killed run leaves either the old file or the
//! complete new one, never half a CSV. The error report (`<output>.errors.csv`) is written the
//! same way.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::Pair;

/// The output columns, in order.
pub const COLUMNS: [&str; 17] = [
    "doc_id",
    "quote_start",
    "quote_end",
    "speaker",
    "kind",
    "cue",
    "quote",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "speaker_role",
    "speaker_latin",
    "cue_start",
    "cue_end",
    "method",
    "confidence",
    "rule",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

/// Writes pairs in one format to any writer.
pub struct PairWriter<W: Write> {
    format: Format,
    out: W,
}

fn opt(v: Option<usize>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Serialises rows (no header, no byte-order mark) exactly as the output holds them; batch
/// workers call this in parallel and the writer only copies bytes.
pub fn encode_rows(pairs: &[Pair], format: Format) -> io::Result<Vec<u8>> {
    match format {
        // a CSV writer allocates (and zeroes) its buffer up front: none for a document without
        // pairs, and a small one, as the rows go to memory anyway
        Format::Csv if pairs.is_empty() => Ok(Vec::new()),
        Format::Csv => {
            let mut c = csv::WriterBuilder::new()
                .buffer_capacity(1024)
                .from_writer(Vec::new());
            for p in pairs {
                c.write_record([
                    p.doc_id.as_str(),
                    &p.quote_start.to_string(),
                    &p.quote_end.to_string(),
                    &p.speaker,
                    &p.kind,
                    &p.cue,
                    &p.quote,
                    &p.speaker_mention,
                    &opt(p.speaker_start),
                    &opt(p.speaker_end),
                    &p.speaker_role,
                    &p.speaker_latin,
                    &opt(p.cue_start),
                    &opt(p.cue_end),
                    &p.method,
                    &format!("{:.2}", p.confidence),
                    &p.rule,
                ])?;
            }
            c.into_inner().map_err(|e| io::Error::other(e.to_string()))
        }
        Format::Jsonl => {
            let mut v = Vec::new();
            for p in pairs {
                serde_json::to_writer(&mut v, p)?;
                v.push(b'\n');
            }
            Ok(v)
        }
    }
}

impl<W: Write> PairWriter<W> {
    /// Starts the output: the byte-order mark if asked for, and the CSV header.
    pub fn new(mut w: W, format: Format, bom: bool) -> io::Result<PairWriter<W>> {
        if bom {
            w.write_all("\u{FEFF}".as_bytes())?;
        }
        if format == Format::Csv {
            let mut c = csv::WriterBuilder::new()
                .buffer_capacity(1024)
                .from_writer(Vec::new());
            c.write_record(COLUMNS)?;
            w.write_all(
                &c.into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?,
            )?;
        }
        Ok(PairWriter { format, out: w })
    }

    pub fn write(&mut self, p: &Pair) -> io::Result<()> {
        let bytes = encode_rows(std::slice::from_ref(p), self.format)?;
        self.out.write_all(&bytes)
    }

    /// Writes rows already serialised by [`encode_rows`].
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A file written under a temporary name and renamed into place by [`AtomicFile::commit`].
/// Dropped without commit, the temporary file is removed and the target is untouched.
///
/// A target that exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is written
/// in place: renaming over it would replace the device with a plain file. A symbolic link is
/// followed, so the file it points to is replaced and the link stays.
pub struct AtomicFile {
    target: PathBuf,
    /// The temporary file, or `None` when writing straight into a special file.
    tmp: Option<PathBuf>,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let target = match std::fs::canonicalize(target) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => target.to_path_buf(),
            Err(e) => return Err(e),
        };
        if let Ok(meta) = std::fs::metadata(&target) {
            if meta.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "output path is a directory",
                ));
            }
            if !meta.is_file() {
                let file = std::fs::OpenOptions::new().write(true).open(&target)?;
                return Ok(AtomicFile {
                    target,
                    tmp: None,
                    file: Some(BufWriter::with_capacity(1 << 20, file)),
                });
            }
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
            })?
            .to_string_lossy()
            .into_owned();
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp)?;
        Ok(AtomicFile {
            target,
            tmp: Some(tmp),
            file: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// True when the target is a regular file (or a new one), false for a device or FIFO
    /// written in place. Only regular targets get an error report beside them.
    pub fn is_regular(&self) -> bool {
        self.tmp.is_some()
    }

    /// Flushes, syncs and renames the file into place. On failure the temporary file is
    /// removed and the target is left as it was.
    pub fn commit(mut self) -> io::Result<()> {
        let w = self.file.take().expect("open file");
        let Some(tmp) = self.tmp.take() else {
            return w.into_inner().map(drop).map_err(|e| e.into_error());
        };
        let done = w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &self.target));
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("open file").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open file").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some()
            && let Some(tmp) = &self.tmp
        {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The error report next to an output file: `<output>.errors.csv`.
pub fn errors_path(output: &Path) -> PathBuf {
    let mut s = output.as_os_str().to_owned();
    s.push(".errors.csv");
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Pair {
        Pair {
            doc_id: "d".into(),
            quote_start: 3,
            quote_end: 9,
            speaker: "মারিয়া জাখারোভা".into(),
            kind: "indirect".into(),
            cue: "বলেছেন".into(),
            quote: "a, \"b\"".into(),
            speaker_mention: "জাখারোভা".into(),
            speaker_start: Some(0),
            speaker_end: Some(2),
            speaker_role: String::new(),
            speaker_latin: String::new(),
            cue_start: None,
            cue_end: None,
            method: "explicit".into(),
            confidence: 0.9,
            rule: "F1.comma".into(),
        }
    }

    #[test]
    fn csv_quotes_fields_and_bom() {
        let mut w = PairWriter::new(Vec::new(), Format::Csv, true).unwrap();
        w.write(&pair()).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        let mut lines = s.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("\u{FEFF}{}", COLUMNS.join(","))
        );
        assert_eq!(
            lines.next().unwrap(),
            "d,3,9,মারিয়া জাখারোভা,indirect,বলেছেন,\"a, \"\"b\"\"\",জাখারোভা,0,2,,,,,explicit,0.90,F1.comma"
        );
    }

    #[test]
    fn jsonl_round_trips() {
        let mut w = PairWriter::new(Vec::new(), Format::Jsonl, false).unwrap();
        w.write(&pair()).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        let back: Pair = serde_json::from_str(s.trim()).unwrap();
        assert_eq!(back, pair());
    }

    #[test]
    fn atomic_file_only_appears_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_file_writes_into_a_fifo_and_leaves_it_a_fifo() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let mut f = AtomicFile::create(&fifo).unwrap();
        assert!(!f.is_regular());
        f.write_all(b"through the pipe").unwrap();
        f.commit().unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        let meta = std::fs::symlink_metadata(&fifo).unwrap();
        assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_file_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut f = AtomicFile::create(&link).unwrap();
        assert!(f.is_regular());
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn atomic_file_refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(dir.path()).is_err());
    }
}
