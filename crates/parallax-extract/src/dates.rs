//! Dates in the text: absolute ("August 8, 2025", "8 August 2025",
//! "2025-08-09", "March 2025") and relative ("on Thursday", "yesterday",
//! "last week", "earlier this year") resolved against the publication
//! date. Without a publication date, relative dates stay unresolved and the
//! publication is bounded from below by the latest date the text reports.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use parallax_model::{month_number, weekday_number};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

/// A date the article mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    /// The date (the first day of the month or year at coarser precision);
    /// none for a relative date without a publication date.
    pub date: Option<NaiveDate>,
    pub precision: Precision,
    pub relative: bool,
    pub paragraph: usize,
    /// Byte offset in the paragraph.
    pub start: usize,
    /// Its sentence, up to it, speaks of the future ("will be held on",
    /// "is scheduled for", see `looks_ahead`): it says nothing of when the
    /// text was written.
    #[serde(default)]
    pub ahead: bool,
}

const MONTH_PATTERN: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const FULL_MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December)";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b){MONTH_PATTERN} (\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,? (\d{{4}}))?"))
        .expect("static regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)(\d{{1,2}}) {MONTH_PATTERN}(?:,? (\d{{4}}))?")).expect("static regex")
});
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b){MONTH_PATTERN},? (\d{{4}})(?-u:\b)")).expect("static regex"));
/// A month named alone after a preposition ("in March", "since October").
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)(?:in|since|until|by|to|from|last|early|late|mid-|of) {FULL_MONTH}(?-u:\b)"))
        .expect("static regex")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("static regex"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(today|yesterday|tomorrow|(?:last|next|this) (?:week|month|year)|earlier this (?:week|month|year)|(?:on |last |next |this )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?: (?:morning|afternoon|evening|night))?)(?-u:\b)")
        .expect("static regex")
});

/// The dates of one paragraph.
pub fn paragraph_dates(paragraph_index: usize, paragraph: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut push =
        |found: &mut Vec<DateMention>, start: usize, end: usize, date: Option<NaiveDate>, precision, relative| {
            if taken.iter().any(|&(s, e)| start < e && s < end) {
                return;
            }
            taken.push((start, end));
            found.push(DateMention {
                text: paragraph[start..end].to_string(),
                date,
                precision,
                relative,
                paragraph: paragraph_index,
                start,
                ahead: looks_ahead(&paragraph[..start]),
            });
        };
    for caps in ISO.captures_iter(paragraph) {
        let whole = caps.get(0).expect("match");
        let date = NaiveDate::from_ymd_opt(
            caps[1].parse().unwrap_or(0),
            caps[2].parse().unwrap_or(0),
            caps[3].parse().unwrap_or(0),
        );
        push(&mut found, whole.start(), whole.end(), date, Precision::Day, false);
    }
    for (regex, month_group, day_group) in [(&*MONTH_DAY_YEAR, 1, 2), (&*DAY_MONTH_YEAR, 2, 1)] {
        for caps in regex.captures_iter(paragraph) {
            let whole = caps.get(0).expect("match");
            let (Some(month), Ok(day)) = (month_number(&caps[month_group]), caps[day_group].parse::<u32>()) else {
                continue;
            };
            let year = caps
                .get(3)
                .and_then(|y| y.as_str().parse().ok())
                .or_else(|| published.map(|p| nearest_year(p, month, day)));
            let date = year.and_then(|year| NaiveDate::from_ymd_opt(year, month, day));
            push(&mut found, whole.start(), whole.end(), date, Precision::Day, caps.get(3).is_none());
        }
    }
    for caps in MONTH_YEAR.captures_iter(paragraph) {
        let whole = caps.get(0).expect("match");
        let date = month_number(&caps[1]).and_then(|m| NaiveDate::from_ymd_opt(caps[2].parse().unwrap_or(0), m, 1));
        push(&mut found, whole.start(), whole.end(), date, Precision::Month, false);
    }
    for caps in MONTH_ALONE.captures_iter(paragraph) {
        let whole = caps.get(0).expect("match");
        let month = caps.get(1).expect("month group");
        let date = month_number(month.as_str())
            .zip(published)
            .and_then(|(m, p)| NaiveDate::from_ymd_opt(nearest_year(p, m, 1), m, 1));
        push(&mut found, whole.start(), whole.end(), date, Precision::Month, true);
    }
    for found_match in RELATIVE.find_iter(paragraph) {
        let ahead = looks_ahead(&paragraph[..found_match.start()]);
        let (date, precision) = resolve_relative(found_match.as_str(), published, ahead);
        push(&mut found, found_match.start(), found_match.end(), date, precision, true);
    }
    found.sort_by_key(|d| d.start);
    found
}

/// The year that puts month/day closest to (and preferably before) the publication.
fn nearest_year(published: NaiveDate, month: u32, day: u32) -> i32 {
    let year = published.year();
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) if date > published + Duration::days(60) => year - 1,
        _ => year,
    }
}

/// The weekday named in a relative date ("last Thursday morning").
fn weekday(text: &str) -> Option<Weekday> {
    text.split(' ').find_map(weekday_number).and_then(|index| Weekday::try_from(index as u8).ok())
}

/// Whether the sentence so far speaks of the future ("is expected to
/// visit on Wednesday", "they'll walk out on"), so that a bare weekday is
/// the coming one and a full date no bound on the publication date.
fn looks_ahead(before: &str) -> bool {
    let sentence = before.rsplit(['.', '!', '?']).next().unwrap_or(before).to_lowercase();
    [
        " will ",
        "'ll ",
        "’ll ",
        "expected to ",
        "due to ",
        "scheduled ",
        " might ",
        " could ",
        "date of ",
        "set for ",
        "set to ",
        "slated ",
        "plans to ",
        "planned to ",
        " is to ",
        " are to ",
    ]
    .iter()
    .any(|marker| format!(" {sentence}").contains(marker))
}

fn resolve_relative(text: &str, published: Option<NaiveDate>, ahead: bool) -> (Option<NaiveDate>, Precision) {
    let lower = text.to_lowercase();
    let precision = if lower.ends_with("week") {
        Precision::Week
    } else if lower.ends_with("month") {
        Precision::Month
    } else if lower.ends_with("year") {
        Precision::Year
    } else {
        Precision::Day
    };
    let Some(published) = published else { return (None, precision) };
    let date = match lower.as_str() {
        "today" => Some(published),
        "yesterday" => published.pred_opt(),
        "tomorrow" => published.succ_opt(),
        "last week" => Some(published - Duration::days(7)),
        "next week" => Some(published + Duration::days(7)),
        "this week" | "earlier this week" => Some(published),
        "last month" => published.with_day(1).and_then(|d| d.pred_opt()).and_then(|d| d.with_day(1)),
        "this month" | "earlier this month" => published.with_day(1),
        "next month" => published.with_day(28).map(|d| d + Duration::days(4)).and_then(|d| d.with_day(1)),
        "last year" => NaiveDate::from_ymd_opt(published.year() - 1, 1, 1),
        "this year" | "earlier this year" => NaiveDate::from_ymd_opt(published.year(), 1, 1),
        "next year" => NaiveDate::from_ymd_opt(published.year() + 1, 1, 1),
        _ => weekday(&lower).map(|day| {
            let back = (published.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
            if lower.starts_with("next") || ahead && !lower.starts_with("last") {
                published + Duration::days(((7 - back) % 7).max(1) as i64)
            } else if lower.starts_with("last") && back == 0 {
                published - Duration::days(7)
            } else {
                published - Duration::days(back as i64)
            }
        }),
    };
    (date, precision)
}

/// What is known of the publication date: given, or bounded from the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicationDate {
    pub date: Option<NaiveDate>,
    /// True when `not_before` was inferred from the text.
    pub inferred: bool,
    /// The latest absolute date the text reports (the article cannot be older).
    pub not_before: Option<NaiveDate>,
}

/// The latest absolute date an undated text names: the earliest it can have
/// been published (what `publication_date` reports as `not_before`).
pub fn latest_date_named<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Option<NaiveDate> {
    let mentions: Vec<DateMention> =
        paragraphs.into_iter().enumerate().flat_map(|(index, text)| paragraph_dates(index, text, None)).collect();
    publication_date(None, &mentions).not_before
}

pub fn publication_date(published: Option<NaiveDate>, dates: &[DateMention]) -> PublicationDate {
    let latest = dates.iter().filter(|d| !d.relative && !d.ahead).filter_map(|d| d.date).max();
    match published {
        Some(date) => PublicationDate { date: Some(date), inferred: false, not_before: None },
        None => PublicationDate { date: None, inferred: latest.is_some(), not_before: latest },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn check(text: &str, published: Option<NaiveDate>) -> Vec<(String, Option<NaiveDate>)> {
        paragraph_dates(0, text, published).into_iter().map(|d| (d.text, d.date)).collect()
    }

    #[test]
    fn absolute_dates() {
        let found = check(
            "Signed on August 8, 2025 and published 2025-08-09; in force since 2 September 2025, reviewed March 2026.",
            None,
        );
        let dates: Vec<Option<NaiveDate>> = found.iter().map(|(_, d)| *d).collect();
        assert_eq!(dates, vec![day(2025, 8, 8), day(2025, 8, 9), day(2025, 9, 2), day(2026, 3, 1)], "{found:?}");
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        let published = day(2025, 11, 6); // a Thursday
        let found = check("On Tuesday she spoke; yesterday he replied, on Thursday they met, last week talks failed, earlier this year it began.", published);
        let dates: Vec<Option<NaiveDate>> = found.iter().map(|(_, d)| *d).collect();
        assert_eq!(
            dates,
            vec![day(2025, 11, 4), day(2025, 11, 5), day(2025, 11, 6), day(2025, 10, 30), day(2025, 1, 1)],
            "{found:?}"
        );
        assert_eq!(check("Signed on Aug. 8.", published)[0].1, day(2025, 8, 8));
    }

    #[test]
    fn publication_is_bounded_by_the_latest_reported_date() {
        let dates = paragraph_dates(
            0,
            "The order of August 8, 2025 took effect on September 2, 2025. On Friday it was extended.",
            None,
        );
        let publication = publication_date(None, &dates);
        assert_eq!(publication.not_before, day(2025, 9, 2));
        let paragraphs =
            ["Talks began on Monday.", "Since September 2, 2025, the port has been shut; it closed in May 2024."];
        assert_eq!(latest_date_named(paragraphs), day(2025, 9, 2));
        assert!(publication.inferred);
        assert_eq!(dates.iter().find(|d| d.relative).unwrap().date, None);
    }

    #[test]
    fn months_alone_wire_abbreviations_and_coming_weekdays() {
        let published = day(2025, 4, 15); // a Tuesday
        let text =
            "ORVIK, Sept 10 (Wire) - The levee, built in March, held; the minister is expected to visit on Friday.";
        let resolved: Vec<(Option<NaiveDate>, Precision)> =
            paragraph_dates(0, text, published).iter().map(|d| (d.date, d.precision)).collect();
        assert_eq!(
            resolved,
            vec![
                (Some(day(2024, 9, 10).unwrap()), Precision::Day),
                (Some(day(2025, 3, 1).unwrap()), Precision::Month),
                (Some(day(2025, 4, 18).unwrap()), Precision::Day),
            ]
        );
    }

    #[test]
    fn dates_still_to_come_do_not_bound_the_publication_date() {
        let paragraphs = [
            "The Calder harbour board will meet the union on October 15, 2025, its chairman said.",
            "Talks broke down on August 4, 2025. A strike ballot is scheduled for September 30, 2025.",
            "Dockworkers say they'll walk out on November 3, 2025 unless the offer improves.",
            "The ferry has a sailing date of 12 December 2025, and the strike might delay its December 12, 2025 launch.",
            "Its scheduled December 20, 2025 opening is in doubt.",
        ];
        assert_eq!(latest_date_named(paragraphs), day(2025, 8, 4));
        let mentions: Vec<DateMention> =
            paragraphs.iter().enumerate().flat_map(|(index, text)| paragraph_dates(index, text, None)).collect();
        let ahead: Vec<bool> = mentions.iter().map(|d| d.ahead).collect();
        assert_eq!(ahead, vec![true, false, true, true, true, true, true]);
        assert_eq!(publication_date(None, &mentions).not_before, day(2025, 8, 4));
    }
}
