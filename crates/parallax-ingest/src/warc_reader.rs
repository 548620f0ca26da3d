//! WARC and WARC.gz files (the CC-NEWS format), read with the warc crate:
//! each `response` record whose HTTP payload is HTML becomes a raw HTML
//! record with its target URI. Other records are skipped. The reader stops
//! at the first broken record (the format cannot resynchronise), keeping
//! every record before it.

use crate::reject_reason::RejectReason;
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, Read};
use warc::{RecordType, WarcHeader, WarcReader};

/// What one WARC record turned out to be.
pub enum WarcItem {
    Html { html: Vec<u8>, url: Option<String> },
    Skipped(String),
    Rejected(RejectReason),
}

/// Streams the records of a WARC.
pub struct WarcRecords<R: BufRead> {
    records: warc::RecordIter<R>,
    max_record_bytes: u64,
    finished: bool,
}

impl<R: BufRead> WarcRecords<R> {
    pub fn new(reader: R, max_record_bytes: u64) -> WarcRecords<R> {
        WarcRecords { records: WarcReader::new(reader).iter_records(), max_record_bytes, finished: false }
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.finished {
            return None;
        }
        match self.records.next()? {
            Err(error) => {
                self.finished = true;
                Some(WarcItem::Rejected(RejectReason::BrokenWarcRecord(format!("{error}; rest of the file skipped"))))
            }
            Ok(record) => Some(classify(&record, self.max_record_bytes)),
        }
    }
}

fn classify(record: &warc::Record<warc::BufferedBody>, max_record_bytes: u64) -> WarcItem {
    if *record.warc_type() != RecordType::Response {
        return WarcItem::Skipped(format!("{:?} record", record.warc_type()).to_lowercase());
    }
    if record.body().len() as u64 > max_record_bytes {
        return WarcItem::Rejected(RejectReason::TooLarge { cap_bytes: max_record_bytes });
    }
    let url = record.header(WarcHeader::TargetURI).map(|u| u.trim_matches(['<', '>']).to_string());
    match http_html_payload(record.body(), max_record_bytes) {
        Ok(Some(html)) => WarcItem::Html { html, url },
        Ok(None) => WarcItem::Skipped("response is not HTML".into()),
        Err(reason) => WarcItem::Rejected(reason),
    }
}

/// The HTML body of an HTTP response, decoded from gzip or chunked transfer
/// where the headers say so; `None` when the response is not HTML.
fn http_html_payload(body: &[u8], cap: u64) -> Result<Option<Vec<u8>>, RejectReason> {
    let split = find(body, b"\r\n\r\n").map(|i| (i, 4)).or_else(|| find(body, b"\n\n").map(|i| (i, 2)));
    let Some((header_end, separator)) = split else {
        return Err(RejectReason::BrokenWarcRecord("HTTP response without headers".into()));
    };
    let headers = String::from_utf8_lossy(&body[..header_end]).to_ascii_lowercase();
    let header = |name: &str| {
        headers
            .lines()
            .find_map(|line| line.strip_prefix(name).and_then(|v| v.strip_prefix(':')).map(|v| v.trim().to_string()))
    };
    let content_type = header("content-type").unwrap_or_default();
    if !(content_type.is_empty() || content_type.contains("html")) {
        return Ok(None);
    }
    let mut payload = body[header_end + separator..].to_vec();
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        payload = dechunk(&payload);
    }
    if header("content-encoding").is_some_and(|v| v.contains("gzip")) {
        let mut decoded = Vec::new();
        MultiGzDecoder::new(&payload[..])
            .take(cap + 1)
            .read_to_end(&mut decoded)
            .map_err(|e| RejectReason::TruncatedGzip(e.to_string()))?;
        payload = decoded;
    }
    Ok(Some(payload))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes HTTP chunked transfer coding; stops at the first malformed chunk.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(line_end) = find(data, b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16) else {
            break;
        };
        let start = line_end + 2;
        if size == 0 || start + size > data.len() {
            break;
        }
        out.extend_from_slice(&data[start..start + size]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"), b"Wikipedia");
    }

    #[test]
    fn non_html_responses_are_skipped() {
        let response = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(http_html_payload(response, 1000).unwrap(), None);
        let html = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>x</p>";
        assert_eq!(http_html_payload(html, 1000).unwrap().unwrap(), b"<p>x</p>");
    }
}
