//! When an article was published, how precisely we know it, and where that
//! knowledge came from.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where a publication date was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// JSON-LD `datePublished`.
    JsonLd,
    /// A `<meta>` tag such as `article:published_time`.
    MetaTag,
    /// A `<time datetime>` element.
    TimeElement,
    /// A date line in a plain-text capture.
    DateLine,
    /// A field of a JSON record.
    JsonField,
    /// An RSS or Atom entry's published (or updated) date.
    Feed,
    /// A date embedded in the URL path.
    UrlPath,
}

/// The publication date with its precision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "precision", rename_all = "snake_case")]
pub enum Published {
    /// No date was found.
    #[default]
    Unknown,
    /// Only the calendar day is known.
    Day { date: NaiveDate, source: DateSource },
    /// The instant is known (normalised to UTC).
    Instant { at: DateTime<Utc>, source: DateSource },
}

impl Published {
    /// The calendar day, when known.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Published::Unknown => None,
            Published::Day { date, .. } => Some(*date),
            Published::Instant { at, .. } => Some(at.date_naive()),
        }
    }

    /// A short human form: `2025-08-09`, `2025-08-09T14:00:00Z` or `-`.
    pub fn display(&self) -> String {
        match self {
            Published::Unknown => "-".to_string(),
            Published::Day { date, .. } => date.to_string(),
            Published::Instant { at, .. } => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }

    /// A key that sorts by time, unknown first: the instant as RFC 3339, or
    /// the day at midnight.
    pub fn sort_key(&self) -> Option<String> {
        match self {
            Published::Unknown => None,
            Published::Day { date, .. } => Some(format!("{date}T00:00:00Z")),
            Published::Instant { .. } => Some(self.display()),
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Published::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_precision_tag() {
        let day = Published::Day { date: NaiveDate::from_ymd_opt(2025, 8, 9).unwrap(), source: DateSource::DateLine };
        let json = serde_json::to_string(&day).unwrap();
        assert_eq!(json, r#"{"precision":"day","date":"2025-08-09","source":"date_line"}"#);
        assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), day);
        assert_eq!(serde_json::to_string(&Published::Unknown).unwrap(), r#"{"precision":"unknown"}"#);
    }
}
