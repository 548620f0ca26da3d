//! From paths to raw records: folders are walked recursively (sorted, hidden
//! entries skipped), `-` is stdin, gzip is undone, the format is detected
//! from the content (the extension only breaks ties), and each file is cut
//! into records. JSON-lines and WARC files are streamed record by record;
//! every other file is read whole, up to the size cap.

use crate::feed_reader::feed_drafts;
use crate::raw_record::{RawPayload, RawRecord, SourceEvent};
use crate::reject_reason::{RejectReason, Rejection};
use crate::warc_reader::{WarcItem, WarcRecords};
use crate::IngestConfig;
use flate2::read::MultiGzDecoder;
use parallax_model::{Provenance, RecordLocator, SourceFormat};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Bytes looked at to detect a format.
const SNIFF_BYTES: u64 = 8_192;

/// An error that stops a run before it starts: a path given by the user
/// that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
}

/// Checks that every path exists and is readable, then returns the events
/// of all of them, lazily, in order.
pub fn read_sources(
    paths: &[PathBuf],
    config: &IngestConfig,
) -> Result<impl Iterator<Item = SourceEvent> + Send, SourceError> {
    for path in paths.iter().filter(|p| p.as_os_str() != "-") {
        std::fs::metadata(path).map_err(|source| SourceError::Unreadable { path: path.clone(), source })?;
    }
    let config = config.clone();
    let paths = paths.to_vec();
    Ok(paths.into_iter().flat_map(move |path| path_events(path, config.clone())))
}

fn path_events(path: PathBuf, config: IngestConfig) -> Box<dyn Iterator<Item = SourceEvent> + Send> {
    if path.as_os_str() == "-" {
        return stream_events(Box::new(io::stdin()), "-".into(), String::new(), &config);
    }
    if path.is_file() {
        return file_events(&path, &config);
    }
    let walker = walkdir::WalkDir::new(&path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'));
    Box::new(walker.flat_map(move |entry| -> Box<dyn Iterator<Item = SourceEvent> + Send> {
        match entry {
            Ok(entry) if entry.file_type().is_file() => file_events(entry.path(), &config),
            Ok(_) => Box::new(std::iter::empty()),
            Err(error) => {
                let file = error.path().unwrap_or(Path::new("?")).display().to_string();
                let reason = RejectReason::Unreadable(error.to_string());
                Box::new(std::iter::once(rejected(&file, RecordLocator::Whole, SourceFormat::Text, reason)))
            }
        }
    }))
}

fn rejected(file: &str, record: RecordLocator, format: SourceFormat, reason: RejectReason) -> SourceEvent {
    SourceEvent::Rejected(Rejection { provenance: Provenance { file: file.to_string(), record, format }, reason })
}

fn file_events(path: &Path, config: &IngestConfig) -> Box<dyn Iterator<Item = SourceEvent> + Send> {
    let display = path.display().to_string();
    let extension = file_extension(path);
    match File::open(path) {
        Ok(file) => stream_events(Box::new(file), display, extension, config),
        Err(error) => Box::new(std::iter::once(rejected(
            &display,
            RecordLocator::Whole,
            SourceFormat::Text,
            RejectReason::Unreadable(error.to_string()),
        ))),
    }
}

/// The extension that says what the file holds: `a.html.gz` -> `html`.
fn file_extension(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string()).unwrap_or_default()
}

/// The detected kind of a file's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetectedFormat {
    Text,
    Html,
    Json,
    JsonLines,
    Feed,
    Warc,
}

impl DetectedFormat {
    fn source_format(self) -> SourceFormat {
        match self {
            DetectedFormat::Text => SourceFormat::Text,
            DetectedFormat::Html => SourceFormat::Html,
            DetectedFormat::Json => SourceFormat::Json,
            DetectedFormat::JsonLines => SourceFormat::JsonLines,
            DetectedFormat::Feed => SourceFormat::Feed,
            DetectedFormat::Warc => SourceFormat::Warc,
        }
    }
}

fn stream_events(
    raw: Box<dyn Read + Send>,
    file: String,
    extension: String,
    config: &IngestConfig,
) -> Box<dyn Iterator<Item = SourceEvent> + Send> {
    let guess = SourceFormat::Text;
    let (reader, gzipped) = match undo_gzip(raw) {
        Ok(pair) => pair,
        Err(error) => {
            return Box::new(std::iter::once(rejected(
                &file,
                RecordLocator::Whole,
                guess,
                RejectReason::Unreadable(error.to_string()),
            )))
        }
    };
    let mut prefix = Vec::new();
    let mut reader = reader;
    if let Err(error) = (&mut reader).take(SNIFF_BYTES).read_to_end(&mut prefix) {
        let reason = read_failure(gzipped, &error);
        return Box::new(std::iter::once(rejected(&file, RecordLocator::Whole, guess, reason)));
    }
    let format = match detect_format(&prefix, &extension) {
        Ok(format) => format,
        Err(reason) => return Box::new(std::iter::once(rejected(&file, RecordLocator::Whole, guess, reason))),
    };
    let reader = BufReader::new(Cursor::new(prefix).chain(reader));
    match format {
        DetectedFormat::Warc => Box::new(warc_events(reader, file, config.max_record_bytes)),
        DetectedFormat::JsonLines => {
            Box::new(JsonLinesEvents { reader, file, gzipped, cap: config.max_record_bytes, line: 0, finished: false })
        }
        whole => whole_file_events(reader, file, whole, gzipped, config.max_file_bytes),
    }
}

fn read_failure(gzipped: bool, error: &io::Error) -> RejectReason {
    if gzipped {
        RejectReason::TruncatedGzip(error.to_string())
    } else {
        RejectReason::Unreadable(error.to_string())
    }
}

/// Wraps the reader in a gzip decoder when its first bytes are the gzip magic.
fn undo_gzip(raw: Box<dyn Read + Send>) -> io::Result<(Box<dyn Read + Send>, bool)> {
    let mut buffered = BufReader::new(raw);
    let gzipped = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    if gzipped {
        Ok((Box::new(MultiGzDecoder::new(buffered)), true))
    } else {
        Ok((Box::new(buffered), false))
    }
}

/// Detects the format of a whole file's (decompressed) content as a read
/// of `path` would: from its first `SNIFF_BYTES`, the extension breaking
/// ties.
pub fn detect_content_format(content: &[u8], path: &Path) -> Result<DetectedFormat, RejectReason> {
    detect_format(&content[..content.len().min(SNIFF_BYTES as usize)], &file_extension(path))
}

/// Detects the format from the first bytes, the extension breaking ties.
pub fn detect_format(prefix: &[u8], extension: &str) -> Result<DetectedFormat, RejectReason> {
    let start = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let first = start.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &start[i..]);
    let Some(content) = first else {
        return Err(RejectReason::Empty);
    };
    if content.starts_with(b"WARC/") {
        return Ok(DetectedFormat::Warc);
    }
    if looks_binary(prefix) {
        return Err(RejectReason::Binary);
    }
    match content[0] {
        b'{' if matches!(extension, "jsonl" | "ndjson") || is_json_lines(content) => Ok(DetectedFormat::JsonLines),
        b'{' | b'[' => Ok(DetectedFormat::Json),
        b'<' => Ok(markup_format(content)),
        _ => match extension {
            "json" | "jsonl" | "ndjson" => Err(RejectReason::MalformedJson("does not start with `{` or `[`".into())),
            "xml" | "rss" | "atom" => Err(RejectReason::MalformedFeed("does not start with `<`".into())),
            "warc" => Err(RejectReason::BrokenWarcRecord("no `WARC/1.x` header at the start".into())),
            "html" | "htm" | "xhtml" => Ok(DetectedFormat::Html),
            _ => Ok(DetectedFormat::Text),
        },
    }
}

fn is_json_lines(content: &[u8]) -> bool {
    let Some(line_end) = content.iter().position(|b| *b == b'\n') else {
        return false;
    };
    let rest_starts_object = content[line_end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    rest_starts_object && serde_json::from_slice::<serde_json::Value>(&content[..line_end]).is_ok()
}

fn markup_format(content: &[u8]) -> DetectedFormat {
    let head = String::from_utf8_lossy(&content[..content.len().min(2_048)]).to_ascii_lowercase();
    let feed = ["<rss", "<feed", "<rdf:rdf"].iter().any(|tag| head.contains(tag));
    let html = ["<html", "<!doctype html", "<head", "<body"].iter().any(|tag| head.contains(tag));
    if (feed || head.starts_with("<?xml")) && !html {
        DetectedFormat::Feed
    } else {
        DetectedFormat::Html
    }
}

/// NUL bytes, or many control characters, mean the file is not text.
fn looks_binary(prefix: &[u8]) -> bool {
    let utf16 = prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]);
    let controls = prefix.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    !utf16 && (prefix.contains(&0) || controls * 20 > prefix.len())
}

fn whole_file_events(
    reader: impl Read + Send,
    file: String,
    format: DetectedFormat,
    gzipped: bool,
    cap: u64,
) -> Box<dyn Iterator<Item = SourceEvent> + Send> {
    let source_format = format.source_format();
    let mut bytes = Vec::new();
    if let Err(error) = reader.take(cap + 1).read_to_end(&mut bytes) {
        return Box::new(std::iter::once(rejected(
            &file,
            RecordLocator::Whole,
            source_format,
            read_failure(gzipped, &error),
        )));
    }
    if bytes.len() as u64 > cap {
        return Box::new(std::iter::once(rejected(
            &file,
            RecordLocator::Whole,
            source_format,
            RejectReason::TooLarge { cap_bytes: cap },
        )));
    }
    let provenance = |record| Provenance { file: file.clone(), record, format: source_format };
    let events: Vec<SourceEvent> = match format {
        DetectedFormat::Text => text_events(&bytes, provenance(RecordLocator::Whole)),
        DetectedFormat::Html => vec![SourceEvent::Record(RawRecord {
            provenance: provenance(RecordLocator::Whole),
            payload: RawPayload::Html { bytes, url: None },
        })],
        DetectedFormat::Json => json_events(&bytes, provenance),
        DetectedFormat::Feed => match feed_drafts(&bytes) {
            Ok(drafts) => drafts
                .into_iter()
                .enumerate()
                .map(|(i, draft)| {
                    SourceEvent::Record(RawRecord {
                        provenance: provenance(RecordLocator::Index(i as u64)),
                        payload: RawPayload::Draft(Box::new(draft)),
                    })
                })
                .collect(),
            Err(reason) => {
                vec![SourceEvent::Rejected(Rejection { provenance: provenance(RecordLocator::Whole), reason })]
            }
        },
        DetectedFormat::JsonLines | DetectedFormat::Warc => {
            unreachable!("streamed formats are not read whole")
        }
    };
    Box::new(events.into_iter())
}

/// Share of undecodable characters above which a text file is rejected.
const MAX_INVALID_PERCENT: u32 = 20;

fn text_events(bytes: &[u8], provenance: Provenance) -> Vec<SourceEvent> {
    let mut events = Vec::new();
    let text = match decode_text(bytes) {
        Ok((text, None)) => text,
        Ok((text, Some(warning))) => {
            events.push(SourceEvent::Warning { provenance: provenance.clone(), message: warning });
            text
        }
        Err(reason) => return vec![SourceEvent::Rejected(Rejection { provenance, reason })],
    };
    events.push(SourceEvent::Record(RawRecord { provenance, payload: RawPayload::Text(text) }));
    events
}

/// UTF-8 (or a BOM-declared encoding); invalid bytes are replaced with a
/// warning, or the file rejected when they are a large share of it.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<String>), RejectReason> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), None));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), None));
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let total = text.chars().count().max(1);
    let invalid = text.chars().filter(|c| *c == char::REPLACEMENT_CHARACTER).count();
    let invalid_percent = (invalid * 100 / total) as u32;
    if invalid_percent > MAX_INVALID_PERCENT {
        return Err(RejectReason::MostlyInvalidUtf8 { invalid_percent });
    }
    Ok((text, Some(format!("invalid UTF-8 decoded lossily ({invalid} characters replaced)"))))
}

fn json_events(bytes: &[u8], provenance: impl Fn(RecordLocator) -> Provenance) -> Vec<SourceEvent> {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => {
            let reason = RejectReason::MalformedJson(error.to_string());
            return vec![SourceEvent::Rejected(Rejection { provenance: provenance(RecordLocator::Whole), reason })];
        }
    };
    match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                SourceEvent::Record(RawRecord {
                    provenance: provenance(RecordLocator::Index(i as u64)),
                    payload: RawPayload::Json(item),
                })
            })
            .collect(),
        other => vec![SourceEvent::Record(RawRecord {
            provenance: provenance(RecordLocator::Whole),
            payload: RawPayload::Json(other),
        })],
    }
}

/// Streams a JSON-lines file: one record per non-empty line, each line capped.
struct JsonLinesEvents<R> {
    reader: R,
    file: String,
    gzipped: bool,
    cap: u64,
    line: u64,
    finished: bool,
}

impl<R: BufRead> Iterator for JsonLinesEvents<R> {
    type Item = SourceEvent;

    fn next(&mut self) -> Option<SourceEvent> {
        while !self.finished {
            let index = self.line;
            let provenance = Provenance {
                file: self.file.clone(),
                record: RecordLocator::Index(index),
                format: SourceFormat::JsonLines,
            };
            let line = match read_capped_line(&mut self.reader, self.cap) {
                Ok(None) => {
                    self.finished = true;
                    return None;
                }
                Ok(Some(line)) => line,
                Err(error) => {
                    self.finished = true;
                    return Some(SourceEvent::Rejected(Rejection {
                        provenance,
                        reason: read_failure(self.gzipped, &error),
                    }));
                }
            };
            self.line += 1;
            let Some(line) = line else {
                return Some(SourceEvent::Rejected(Rejection {
                    provenance,
                    reason: RejectReason::TooLarge { cap_bytes: self.cap },
                }));
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match serde_json::from_slice(&line) {
                Ok(value) => SourceEvent::Record(RawRecord { provenance, payload: RawPayload::Json(value) }),
                Err(error) => SourceEvent::Rejected(Rejection {
                    provenance,
                    reason: RejectReason::MalformedJson(error.to_string()),
                }),
            });
        }
        None
    }
}

/// Reads one line. `Ok(None)` at the end; `Ok(Some(None))` for a line longer
/// than `cap` (skipped to its end).
fn read_capped_line(reader: &mut impl BufRead, cap: u64) -> io::Result<Option<Option<Vec<u8>>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        read_any = true;
        let newline = available.iter().position(|b| *b == b'\n');
        let take = newline.map_or(available.len(), |i| i + 1);
        if !too_long {
            line.extend_from_slice(&available[..take]);
            if line.len() as u64 > cap {
                too_long = true;
                line = Vec::new();
            }
        }
        reader.consume(take);
        if newline.is_some() {
            break;
        }
    }
    Ok(read_any.then_some((!too_long).then_some(line)))
}

fn warc_events(
    reader: impl BufRead + Send + 'static,
    file: String,
    cap: u64,
) -> impl Iterator<Item = SourceEvent> + Send {
    WarcRecords::new(reader, cap).enumerate().map(move |(index, item)| {
        let provenance =
            Provenance { file: file.clone(), record: RecordLocator::Index(index as u64), format: SourceFormat::Warc };
        match item {
            WarcItem::Html { html, url } => {
                SourceEvent::Record(RawRecord { provenance, payload: RawPayload::Html { bytes: html, url } })
            }
            WarcItem::Skipped(why) => SourceEvent::Skipped { provenance, why },
            WarcItem::Rejected(reason) => SourceEvent::Rejected(Rejection { provenance, reason }),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(prefix: &[u8], extension: &str, expect: Result<DetectedFormat, &str>) {
        let got = detect_format(prefix, extension).map_err(|r| r.kind());
        assert_eq!(got, expect, "{}", String::from_utf8_lossy(prefix));
    }

    #[test]
    fn formats_are_detected_by_content() {
        check(b"Headline\n\nBody text.", "txt", Ok(DetectedFormat::Text));
        check(b"<!DOCTYPE html><html>", "txt", Ok(DetectedFormat::Html));
        check(b"<?xml version=\"1.0\"?><rss>", "xml", Ok(DetectedFormat::Feed));
        check(b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", "", Ok(DetectedFormat::Feed));
        check(b"{\"a\":1}\n{\"a\":2}\n", "json", Ok(DetectedFormat::JsonLines));
        check(b"{\n \"a\": 1\n}", "json", Ok(DetectedFormat::Json));
        check(b"[{\"a\":1}]", "", Ok(DetectedFormat::Json));
        check(b"WARC/1.0\r\n", "gz", Ok(DetectedFormat::Warc));
        check(b"   \n", "txt", Err("empty"));
        check(b"\x7fELF\x02\x01\x01\x00\x00", "txt", Err("binary"));
        check(b"title,text\n", "json", Err("malformed_json"));
    }

    #[test]
    fn capped_lines() {
        let mut reader = Cursor::new(b"short\nthis line is too long\nok".to_vec());
        assert_eq!(read_capped_line(&mut reader, 10).unwrap(), Some(Some(b"short\n".to_vec())));
        assert_eq!(read_capped_line(&mut reader, 10).unwrap(), Some(None));
        assert_eq!(read_capped_line(&mut reader, 10).unwrap(), Some(Some(b"ok".to_vec())));
        assert_eq!(read_capped_line(&mut reader, 10).unwrap(), None);
    }

    #[test]
    fn mostly_invalid_utf8_is_rejected() {
        assert!(matches!(decode_text(&[0xff, 0xfe - 1, 0xc3, b'a']), Err(RejectReason::MostlyInvalidUtf8 { .. })));
        let (text, warning) = decode_text(b"caf\xe9 au lait and a long enough sentence here").unwrap();
        assert!(text.starts_with("caf\u{fffd}"));
        assert!(warning.is_some());
    }
}
