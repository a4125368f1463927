//! Reading inputs: `.txt` files (doc_id = file stem), `.jsonl` files (`id` and `text` fields),
//! folders (every `.txt`/`.jsonl` inside, sorted) and `-` for stdin.
//!
//! Documents are streamed: a JSONL file is read line by line, so memory does not grow with
//! the corpus. Every problem belongs to one document and is returned as that document's error
//! (with its path and line), never as a failure of the batch: a line that is not JSON, lacks
//! `id`/`text`, or holds NUL bytes is reported and the next line is read. Invalid UTF-8 is
//! decoded lossily (U+FFFD) with a warning; offsets then refer to the decoded text.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where documents come from.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".into(),
        }
    }
}

/// One document as read, or the reason it could not be read.
#[derive(Debug, Clone)]
pub struct Input {
    pub id: String,
    /// `path` or `path:line`, for messages.
    pub source: String,
    pub text: Result<String, String>,
    /// A non-fatal problem (e.g. invalid UTF-8 replaced).
    pub warning: Option<String>,
    /// Bytes of input this document took, for progress.
    pub bytes: u64,
}

/// A document as read, before any decoding: JSONL lines are parsed later (in parallel, by
/// the batch workers) with [`Raw::into_input`].
#[derive(Debug, Clone)]
pub enum Raw {
    Ready(Input),
    JsonLine {
        bytes: Vec<u8>,
        source: String,
        line: usize,
    },
}

impl Raw {
    /// Bytes of input this document took.
    pub fn bytes(&self) -> u64 {
        match self {
            Raw::Ready(i) => i.bytes,
            Raw::JsonLine { bytes, .. } => bytes.len() as u64,
        }
    }

    pub fn into_input(self) -> Input {
        match self {
            Raw::Ready(i) => i,
            Raw::JsonLine {
                bytes,
                source,
                line,
            } => parse_jsonl_line(&bytes, source, line),
        }
    }
}

/// Expands the command-line inputs: folders become their `.txt` and `.jsonl` files.
pub fn expand(inputs: &[String]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for i in inputs {
        if i == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let p = PathBuf::from(i);
        if p.is_dir() {
            let mut files = Vec::new();
            walk(&p, &mut files).map_err(|e| format!("{}: {e}", p.display()))?;
            files.sort();
            out.extend(files.into_iter().map(Source::File));
        } else if p.exists() {
            out.push(Source::File(p));
        } else {
            return Err(format!("{i}: no such file or folder"));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            out.push(p);
        }
    }
    Ok(())
}

/// Total size of the file sources, when every source is a file (for an ETA).
pub fn total_bytes(sources: &[Source]) -> Option<u64> {
    let mut total = 0;
    for s in sources {
        match s {
            Source::File(p) => total += std::fs::metadata(p).ok()?.len(),
            Source::Stdin => return None,
        }
    }
    Some(total)
}

/// Decodes bytes as UTF-8: a BOM is dropped, NUL bytes reject the text, invalid sequences
/// are replaced with a warning.
pub fn decode(bytes: &[u8]) -> (Result<String, String>, Option<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if memchr::memchr(0, bytes).is_some() {
        return (
            Err("binary data (NUL bytes); not a text document".into()),
            None,
        );
    }
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => (Ok(s.to_string()), None),
        Err(e) => {
            let warning = format!(
                "invalid UTF-8 at byte {}: decoded lossily, offsets refer to the decoded text",
                e.valid_up_to()
            );
            (
                Ok(String::from_utf8_lossy(bytes).into_owned()),
                Some(warning),
            )
        }
    }
}

enum State {
    Next,
    Jsonl {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: usize,
    },
}

/// Streams documents from the sources, in order, decoded.
pub struct Reader {
    raw: RawReader,
}

impl Reader {
    pub fn new(sources: Vec<Source>) -> Reader {
        Reader {
            raw: RawReader::new(sources),
        }
    }
}

impl Iterator for Reader {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        self.raw.next().map(Raw::into_input)
    }
}

/// Streams documents from the sources, in order, leaving JSONL lines undecoded.
pub struct RawReader {
    sources: std::vec::IntoIter<Source>,
    state: State,
    buf: Vec<u8>,
}

impl RawReader {
    pub fn new(sources: Vec<Source>) -> RawReader {
        RawReader {
            sources: sources.into_iter(),
            state: State::Next,
            buf: Vec::new(),
        }
    }
}

fn is_jsonl(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()) == Some("jsonl")
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The two fields of a JSONL document that ukti reads.
#[derive(serde::Deserialize)]
struct Fields {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
}

/// A well-formed line read in one pass, without building the whole JSON object: valid UTF-8
/// without a BOM or NUL bytes, a JSON object with a string or number `id` and a string `text`
/// without NUL characters. Anything else goes to [`parse_jsonl_line`]'s checks, which name the
/// problem.
fn parse_clean_line(raw: &[u8]) -> Option<(String, String)> {
    if raw.starts_with(b"\xEF\xBB\xBF") || memchr::memchr(0, raw).is_some() {
        return None;
    }
    let line = simdutf8::basic::from_utf8(raw).ok()?.trim();
    // an object, not an array (which serde would also map onto the fields)
    if !line.starts_with('{') {
        return None;
    }
    let f: Fields = serde_json::from_str(line).ok()?;
    let id = match f.id? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let mut text = f.text?;
    if text.contains('\0') {
        return None;
    }
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Some((id, text))
}

/// Parses one JSONL line into a document.
pub fn parse_jsonl_line(raw: &[u8], source: String, line: usize) -> Input {
    let bytes = raw.len() as u64;
    if let Some((id, text)) = parse_clean_line(raw) {
        return Input {
            id,
            source: format!("{source}:{line}"),
            text: Ok(text),
            warning: None,
            bytes,
        };
    }
    let (decoded, mut warning) = decode(raw);
    let fallback_id = format!("{source}:{line}");
    let text = match decoded {
        Ok(t) => t,
        Err(e) => {
            return Input {
                id: fallback_id.clone(),
                source: fallback_id,
                text: Err(e),
                warning: None,
                bytes,
            };
        }
    };
    let at = format!("{source}:{line}");
    let v: serde_json::Value = match serde_json::from_str(text.trim()) {
        Ok(v) => v,
        Err(e) => {
            return Input {
                id: fallback_id,
                source: at,
                text: Err(format!("not valid JSON: {e}")),
                warning: None,
                bytes,
            };
        }
    };
    let id = match v.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Input {
                id: fallback_id,
                source: at,
                text: Err("missing `id` field (a string or number)".into()),
                warning: None,
                bytes,
            };
        }
    };
    let text = match v.get("text") {
        Some(serde_json::Value::String(s)) => {
            if s.contains('\0') {
                return Input {
                    id,
                    source: at,
                    text: Err("binary data (NUL characters) in `text`".into()),
                    warning: None,
                    bytes,
                };
            }
            s.strip_prefix('\u{FEFF}').unwrap_or(s).to_string()
        }
        _ => {
            return Input {
                id,
                source: at,
                text: Err("missing `text` field (a string)".into()),
                warning: None,
                bytes,
            };
        }
    };
    if let Some(w) = warning.as_mut() {
        *w = format!("{w} (line {line})");
    }
    Input {
        id,
        source: at,
        text: Ok(text),
        warning,
        bytes,
    }
}

impl Iterator for RawReader {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        loop {
            match &mut self.state {
                State::Jsonl { name, reader, line } => {
                    self.buf.clear();
                    match reader.read_until(b'\n', &mut self.buf) {
                        Ok(0) => self.state = State::Next,
                        Ok(_) => {
                            *line += 1;
                            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                                continue;
                            }
                            return Some(Raw::JsonLine {
                                bytes: std::mem::take(&mut self.buf),
                                source: name.clone(),
                                line: *line,
                            });
                        }
                        Err(e) => {
                            let input = Input {
                                id: format!("{name}:{}", *line + 1),
                                source: name.clone(),
                                text: Err(format!("read error: {e}")),
                                warning: None,
                                bytes: 0,
                            };
                            self.state = State::Next;
                            return Some(Raw::Ready(input));
                        }
                    }
                }
                State::Next => {
                    let src = self.sources.next()?;
                    match src {
                        Source::File(p) if is_jsonl(&p) => match File::open(&p) {
                            Ok(f) => {
                                self.state = State::Jsonl {
                                    name: p.display().to_string(),
                                    reader: Box::new(BufReader::with_capacity(1 << 20, f)),
                                    line: 0,
                                }
                            }
                            Err(e) => {
                                return Some(Raw::Ready(Input {
                                    id: stem(&p),
                                    source: p.display().to_string(),
                                    text: Err(format!("cannot open: {e}")),
                                    warning: None,
                                    bytes: 0,
                                }));
                            }
                        },
                        Source::File(p) => {
                            let (text, warning, bytes) = match std::fs::read(&p) {
                                Ok(b) => {
                                    let (t, w) = decode(&b);
                                    (t, w, b.len() as u64)
                                }
                                Err(e) => (Err(format!("cannot read: {e}")), None, 0),
                            };
                            return Some(Raw::Ready(Input {
                                id: stem(&p),
                                source: p.display().to_string(),
                                text,
                                warning,
                                bytes,
                            }));
                        }
                        Source::Stdin => {
                            // JSONL when the first non-blank byte is `{`, plain text otherwise
                            let mut stdin = BufReader::new(std::io::stdin());
                            let first = loop {
                                match stdin.fill_buf() {
                                    Ok([]) => break None,
                                    Ok(b) => {
                                        match b.iter().position(|c| !c.is_ascii_whitespace()) {
                                            Some(k) => break Some(b[k]),
                                            None => {
                                                let n = b.len();
                                                stdin.consume(n);
                                            }
                                        }
                                    }
                                    Err(_) => break None,
                                }
                            };
                            if first == Some(b'{') {
                                self.state = State::Jsonl {
                                    name: "-".into(),
                                    reader: Box::new(stdin),
                                    line: 0,
                                };
                                continue;
                            }
                            let mut b = Vec::new();
                            let res = stdin.read_to_end(&mut b);
                            let (text, warning) = match res {
                                Ok(_) => decode(&b),
                                Err(e) => (Err(format!("read error: {e}")), None),
                            };
                            return Some(Raw::Ready(Input {
                                id: "stdin".into(),
                                source: "-".into(),
                                text,
                                warning,
                                bytes: b.len() as u64,
                            }));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_and_errors() {
        let ok = parse_jsonl_line(
            r#"{"id": "a-1", "text": "তিনি বলেন", "x": 1}"#.as_bytes(),
            "f.jsonl".into(),
            3,
        );
        assert_eq!(ok.id, "a-1");
        assert_eq!(ok.text.unwrap(), "তিনি বলেন");
        let bad = parse_jsonl_line(br#"{"id": "a-2", "te"#, "f.jsonl".into(), 4);
        assert_eq!(bad.source, "f.jsonl:4");
        assert!(bad.text.unwrap_err().starts_with("not valid JSON"));
        let noid = parse_jsonl_line(br#"{"text": "x"}"#, "f.jsonl".into(), 5);
        assert_eq!(
            noid.text.unwrap_err(),
            "missing `id` field (a string or number)"
        );
        let notext = parse_jsonl_line(br#"{"id": "z"}"#, "f.jsonl".into(), 6);
        assert_eq!(notext.id, "z");
        assert_eq!(notext.text.unwrap_err(), "missing `text` field (a string)");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").0.unwrap(), "abc");
        assert!(decode(b"a\0b").0.is_err());
        let (t, w) = decode(b"a\xFFb");
        assert_eq!(t.unwrap(), "a\u{FFFD}b");
        assert!(w.unwrap().contains("byte 1"));
    }
}
