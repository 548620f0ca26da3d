//! Parsing the dates that news pages and captures print: ISO 8601 and RFC
//! 3339, RFC 2822 (feeds), "August 9, 2025", "9 Aug 2025", with optional
//! weekday, "Published:" prefix and time of day.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use parallax_model::{month_number, DateSource, Published};
use regex::Regex;
use std::sync::LazyLock;

/// A date as precise as its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsedDate {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl ParsedDate {
    /// The publication date this parse gives, read from `source`.
    pub fn into_published(self, source: DateSource) -> Published {
        match self {
            ParsedDate::Day(date) => Published::Day { date, source },
            ParsedDate::Instant(at) => Published::Instant { at, source },
        }
    }
}

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:first |last )?(?:published|updated|posted|modified|date|dated)(?: on| at)?\s*:?\s*)")
        .expect("prefix")
});

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}\b)?\s*[,|•·–-]?\s*").expect("leading time")
});

static MONTH_NAME_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(.*)$",
    )
    .expect("month name date")
});

static TRAILING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[,|•·–-]|at)?\s*(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2})?)?\s*$")
        .expect("trailing time")
});

static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)").expect("url date"));

/// Parses a machine date (ISO 8601, RFC 3339, RFC 2822) as found in meta
/// tags, JSON-LD, JSON fields and feeds.
pub fn parse_machine_date(text: &str) -> Option<ParsedDate> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(ParsedDate::Instant(instant.with_timezone(&Utc)));
    }
    if let Ok(instant) = DateTime::parse_from_rfc2822(text) {
        return Some(ParsedDate::Instant(instant.with_timezone(&Utc)));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %z"] {
        if let Ok(instant) = DateTime::parse_from_str(text, format) {
            return Some(ParsedDate::Instant(instant.with_timezone(&Utc)));
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(ParsedDate::Instant(naive.and_utc()));
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(ParsedDate::Day(date));
        }
    }
    None
}

/// Parses a line that is a date and nothing else ("2025-08-09",
/// "Published: Saturday, August 9, 2025 10:30 AM"). Only the day is kept
/// from human dates: a time of day without a reliable zone is not an instant.
pub fn parse_date_line(line: &str) -> Option<ParsedDate> {
    let line = line.trim();
    if line.len() > 80 {
        return None;
    }
    let rest = PREFIX.find(line).map_or(line, |m| &line[m.end()..]).trim();
    let rest = LEADING_TIME.find(rest).map_or(rest, |m| &rest[m.end()..]).trim();
    if let Some(parsed) = parse_machine_date(rest) {
        return Some(parsed);
    }
    let captures = MONTH_NAME_DATE.captures(rest)?;
    let (day, month, year) = match (captures.get(1), captures.get(4)) {
        (Some(day), _) => (day.as_str(), captures.get(2)?.as_str(), captures.get(3)?.as_str()),
        (None, Some(month)) => (captures.get(5)?.as_str(), month.as_str(), captures.get(6)?.as_str()),
        (None, None) => return None,
    };
    let trailing = captures.get(7).map_or("", |m| m.as_str());
    if !TRAILING_TIME.is_match(trailing) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month_number(month)?, day.parse().ok()?)?;
    Some(ParsedDate::Day(date))
}

/// A date in a URL path such as `/2025/08/09/` or `/2025-08-09-`.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let captures = URL_DATE.captures(url)?;
    NaiveDate::from_ymd_opt(captures[1].parse().ok()?, captures[2].parse().ok()?, captures[3].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<ParsedDate> {
        Some(ParsedDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    fn check(line: &str, expect: Option<ParsedDate>) {
        assert_eq!(parse_date_line(line), expect, "{line}");
    }

    #[test]
    fn date_lines() {
        check("2025-08-09", day(2025, 8, 9));
        check("August 9, 2025", day(2025, 8, 9));
        check("Published: Saturday, Aug. 9, 2025 10:30 AM EST", day(2025, 8, 9));
        check("9 September 2025", day(2025, 9, 9));
        check("Sept 9, 2025", day(2025, 9, 9));
        check("Updated 14 March 2024 | 18:05", day(2024, 3, 14));
        check("Published 2:16 a.m. EST Nov. 20, 2019", day(2019, 11, 20));
        check("August 9, 2025, the president said", None);
        check("Mexico Rejects US Military Intervention", None);
        check("2025-13-40", None);
    }

    #[test]
    fn machine_dates() {
        let instant = parse_machine_date("2025-08-09T14:00:00+02:00").unwrap();
        assert_eq!(instant, ParsedDate::Instant("2025-08-09T12:00:00Z".parse().unwrap()));
        assert!(matches!(parse_machine_date("Sat, 09 Aug 2025 14:00:00 +0000"), Some(ParsedDate::Instant(_))));
        assert_eq!(parse_machine_date("2025-08-09"), day(2025, 8, 9));
    }

    #[test]
    fn url_dates() {
        assert_eq!(date_from_url("https://x.example/news/2025/08/09/story"), NaiveDate::from_ymd_opt(2025, 8, 9));
        assert_eq!(date_from_url("https://x.example/news/story-2025"), None);
    }
}
