//! Parsing the dates that news pages and captures print: ISO 8601 and RFC
//! 3339, RFC 2822 (feeds), "August 9, 2025", "9 Aug 2025", "Dec-19-05",
//! with optional weekday, "Published:" prefix, agency stamp, press-release
//! place and time of day.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use parallax_model::{month_number, weekday_or_abbreviation_number, DateSource, Published};
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
    Regex::new(
        r"(?i)^(?:\(\s*)?(?:(?:(?:first|last|story|article)\s+)?(?:published|updated|posted|modified|edited|created|released?|date|dated)(?:\s+time)?(?:\s+(?:on|at))?\s*:?\s*|for\s+immediate\s+release\s*:?\s*|on\s+)?",
    )
    .expect("prefix")
});

/// A press release's place before its date, up to three capitalised words
/// (joined by "of", "de", "the") and a comma ("WASHINGTON, DC, April 28, 2009", "Calder, 3 March 2025").
static PLACE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Za-z.]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][A-Za-z.]*){0,2},(?:\s*[A-Z]{2}\.?,)?\s+")
        .expect("place dateline")
});

/// A time of day opening the line ("12:52 p.m.", "2 A.M.", "10.30am",
/// "23:37:00"; "08.07" alone is a date). The zone after it is taken apart
/// (`strip_zone`) so that a month ("Dec.") is not read as one.
static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?)\s*")
        .expect("leading time")
});

/// The separator and "on" that may follow an opening time.
static AFTER_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^[,|•·–@-]?\s*(?:on\s+)?").expect("after time"));

/// "9 Aug 2025", "Aug. 9th, 2025", "November 27-2025" and "Dec-19-05".
static MONTH_NAME_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3,9})\.?,?\s+(?P<y1>\d{4})|(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|-)(?P<y2>\d{4})|(?P<m3>[a-z]{3,9})-(?P<d3>\d{1,2})-(?P<y3>\d{4}|\d{2}))(?P<rest>.*)$",
    )
    .expect("month name date")
});

/// A dateline's place in capitals closing the line ("... IST MUMBAI:").
static CLOSING_PLACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s[A-Z]{3,}:\s*$").expect("closing place"));

/// "05/02/2013", "8/2/13", "08.07.2012", "2012.08.08", "2013-09-28".
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})([/.-])(\d{1,2})([/.-])(\d{2,4})\b(.*)$").expect("numeric date"));

/// A weekday before a date ("Sat., ", "Thursday ").
static WEEKDAY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+").expect("weekday prefix"));

/// Spaces a careless tokeniser put inside numbers ("5: 03", "05 / 02 /
/// 2013", "08. 07. 2012") and "p. m.".
static LOOSE_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t]*[:/][ \t]*").expect("loose separator"));
static LOOSE_DOTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,4})\.[ \t]+(\d{1,2})\.[ \t]+(\d{2,4})\b").expect("loose dots"));
static LOOSE_MERIDIEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([ap])\.[ \t]+(m)\.").expect("loose meridiem"));

/// One word of what may follow a date on its line: a time, a zone, an
/// offset, another date's pieces, or a connecting word.
static TIME_TALK_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\d{1,2}[:.]\d{2}(?:[:.]\d{1,2})?(?:[ap]\.?m?\.?)?|\d{1,4}|\d{1,2}[ap]\.?m\.?|\d{1,2}(?:st|nd|rd|th)|[ap]\.?m\.?|(?:gmt|utc)?[+]\d{1,2}(?::?\d{1,2})?|\d{1,4}[/.]\d{1,2}[/.]\d{2,4}|at|on|hrs|updated|posted|published|modified|edited|last|first)$",
    )
    .expect("time talk")
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
    // chrono's %Y takes any number of digits: "5/2/22" is not the year 5.
    if !text.get(..4).is_some_and(|year| year.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(ParsedDate::Day(date));
        }
    }
    None
}

/// Parses a line that is a date and nothing else ("2025-08-09",
/// "Published: Saturday, August 9, 2025 10:30 AM", "Posted 05/02/2013 |
/// 5:03 pm EDT", "12:52 p.m. EDT May 2, 2013"). Only the day is kept from
/// human dates: a time of day without a reliable zone is not an instant.
pub fn parse_date_line(line: &str) -> Option<ParsedDate> {
    let line = line.trim();
    if line.len() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let line = tighten_numbers(line);
    let rest = PREFIX.find(&line).map_or(line.as_str(), |m| &line[m.end()..]).trim();
    let rest = PLACE_DATELINE.find(rest).map_or(rest, |m| &rest[m.end()..]);
    let rest = match LEADING_TIME.find(rest) {
        Some(time) => {
            let rest = strip_zone(&rest[time.end()..]);
            AFTER_TIME.find(rest).map_or(rest, |m| &rest[m.end()..]).trim()
        }
        None => rest,
    };
    if let Some(parsed) = parse_machine_date(rest) {
        return Some(parsed);
    }
    stamped_date(rest).map(ParsedDate::Day)
}

/// The date `text` opens with when the rest of the line is time talk,
/// also after up to two capitalised words: an agency's or a desk's stamp
/// ("Reuters Sep 18, 2013", "TNN Nov 12, 2011").
fn stamped_date(mut text: &str) -> Option<NaiveDate> {
    for _ in 0..=2 {
        if let Some((date, trailing)) = leading_date(text) {
            if is_time_talk(trailing) {
                return Some(date);
            }
        }
        if !text.starts_with(char::is_uppercase) {
            return None;
        }
        text = text[text.find(char::is_whitespace)?..].trim_start();
    }
    None
}

/// The line with the spaces inside numbers' separators taken out.
fn tighten_numbers(line: &str) -> String {
    let line = LOOSE_MERIDIEM.replace_all(line, "$1.$2.");
    let line = LOOSE_DOTS.replace_all(&line, "$1.$2.$3");
    let mut tight = String::with_capacity(line.len());
    let mut copied = 0;
    for separator in LOOSE_SEPARATOR.find_iter(&line) {
        let digit_before = line[..separator.start()].ends_with(|c: char| c.is_ascii_digit());
        let digit_after = line[separator.end()..].starts_with(|c: char| c.is_ascii_digit());
        if digit_before && digit_after {
            tight.push_str(&line[copied..separator.start()]);
            tight.push_str(separator.as_str().trim());
            copied = separator.end();
        }
    }
    tight.push_str(&line[copied..]);
    tight
}

/// `text` without a time zone abbreviation ("EDT", "IST") opening it; a
/// month's name is not one.
fn strip_zone(text: &str) -> &str {
    let text = text.trim_start();
    let word_end = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
    let word = &text[..word_end];
    if is_zone_abbreviation(word) && month_number(word).is_none() && weekday_or_abbreviation_number(word).is_none() {
        &text[word_end..]
    } else {
        text
    }
}

/// The date opening `text` (after any weekday), by month name or in
/// numbers, and what follows it.
fn leading_date(text: &str) -> Option<(NaiveDate, &str)> {
    let text = WEEKDAY_PREFIX.find(text).map_or(text, |m| &text[m.end()..]);
    if let Some(captures) = MONTH_NAME_DATE.captures(text) {
        let part = |names: [&str; 3]| names.iter().find_map(|name| captures.name(name)).map(|m| m.as_str());
        let (day, month, year) =
            (part(["d1", "d2", "d3"])?, part(["m1", "m2", "m3"])?, full_year(part(["y1", "y2", "y3"])?)?);
        let date = NaiveDate::from_ymd_opt(year, month_number(month)?, day.parse().ok()?)?;
        return Some((date, captures.name("rest").map_or("", |m| m.as_str())));
    }
    let captures = NUMERIC_DATE.captures(text)?;
    if captures[2] != captures[4] {
        return None;
    }
    let date = numeric_date(&captures[1], &captures[2], &captures[3], &captures[5])?;
    Some((date, captures.get(6).map_or("", |m| m.as_str())))
}

/// Three numbers as a date. A four-digit first number is the year (year,
/// month, day); else the year comes last, and the order of day and month
/// follows the separator's custom, slashes month first ("8/2/13", US) and
/// dots day first ("08.07.2012", European), unless a number over 12 says
/// otherwise.
fn numeric_date(first: &str, separator: &str, second: &str, last: &str) -> Option<NaiveDate> {
    let (first_n, second_n, last_n): (u32, u32, u32) = (first.parse().ok()?, second.parse().ok()?, last.parse().ok()?);
    if first.len() == 4 {
        return NaiveDate::from_ymd_opt(first_n as i32, second_n, last_n);
    }
    if first.len() > 2 || !matches!(last.len(), 2 | 4) {
        return None;
    }
    let year = full_year(last)?;
    let month_first = if separator == "." { second_n > 12 } else { first_n <= 12 };
    let (month, day) = if month_first { (first_n, second_n) } else { (second_n, first_n) };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A year written in four digits or two (before 70: this century).
fn full_year(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    match text.len() {
        2 if year < 70 => Some(2000 + year),
        2 => Some(1900 + year),
        4 => Some(year),
        _ => None,
    }
}

/// Whether what follows a date on its line is only times, zones, another
/// date and the words that join them ("| 5:03 pm EDT", "Last updated at
/// 11:11 GMT", "Updated: Apr 02, 2009 11:06 PM CEST"): a date line, not a
/// sentence that opens with a date.
fn is_time_talk(trailing: &str) -> bool {
    let trailing = CLOSING_PLACE.find(trailing).map_or(trailing, |place| &trailing[..place.start()]);
    trailing
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '|' | '•' | '·' | '–' | '—' | '@' | '(' | ')' | '-' | '/')
        })
        .map(|word| word.trim_end_matches([':', '.', ';']))
        .filter(|word| !word.is_empty())
        .all(|word| {
            TIME_TALK_WORD.is_match(word)
                || month_number(word).is_some_and(|_| word.len() <= 9)
                || weekday_or_abbreviation_number(word).is_some()
                || is_zone_abbreviation(word)
        })
}

fn is_zone_abbreviation(word: &str) -> bool {
    (2..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase())
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
    fn date_lines_with_numbers_times_and_stamps() {
        check("Posted: 04/09/2021 8:33 am Updated: 04/09/2021 9:10 am", day(2021, 4, 9));
        check("11/30/19 05:40 PM ET", day(2019, 11, 30));
        check("30/11/2019", day(2019, 11, 30));
        check("Article posted on 08.07.2022", day(2022, 7, 8));
        check("02.29.24 4:15 PM", day(2024, 2, 29));
        check("Released 2023-09-28 05:08:35 GMT", day(2023, 9, 28));
        check("12:52 p.m. EDT May 2, 2023", day(2023, 5, 2));
        check("7:15 a.m. Dec. 7, 2019", day(2019, 12, 7));
        check("2 A.M. FEB. 4, 2019", day(2019, 2, 4));
        check("posted at 10:04 am on May 14, 2023", day(2023, 5, 14));
        check("12 January 2020 @ 09:29 pm", day(2020, 1, 12));
        check("Tue Jul 02 2023, 14:58 hrs", day(2023, 7, 2));
        check("3 July 2023 Last updated at 13:38 GMT", day(2023, 7, 3));
        check("August 8, 2022-4:43 pm", day(2022, 8, 8));
        check("(10:27 am PDT, Jun 11th 2022)", day(2022, 6, 11));
        check("Posted on November 15, 2021 6:07:15 PM GMT+01:00", day(2021, 11, 15));
        check("Story Created: Aug 7, 2022 at 9:56 AM AKDT", day(2022, 8, 7));
        check("FOR IMMEDIATE RELEASE March 3, 2025", day(2025, 3, 3));
        check("CALDER, NV, March 3, 2025", day(2025, 3, 3));
        check("Port of Calder, 3 March 2025 10:00", day(2025, 3, 3));
    }

    #[test]
    fn spaces_a_tokeniser_left_inside_numbers_are_tolerated() {
        check("May 2, 2023 | 5: 03pm", day(2023, 5, 2));
        check("UPDATED 05 / 03 / 2023 at 11: 00 AM EDT", day(2023, 5, 3));
        check("10: 55 P. M. FEB. 2, 2019", day(2019, 2, 2));
        check("Published: 2022. 08. 08 09: 01 AM", day(2022, 8, 8));
        check("Posted: 04 / 9 / 2022 8: 33 am", day(2022, 4, 9));
        check("8: 00 AM PDT 4 / 4 / 2022", day(2022, 4, 4));
        check("5 / 2 / 22", day(2022, 5, 2));
    }

    #[test]
    fn agency_stamps_hyphens_and_places_around_dates() {
        check("Reuters Sep 18, 2023, 02. 16PM IST", day(2023, 9, 18));
        check("TNN Nov 12, 2021, 05. 51AM IST CALDER:", day(2021, 11, 12));
        check("Mon Dec-19-22", day(2022, 12, 19));
        check("Sunday, November 27-2022", day(2022, 11, 27));
        check("Calder D. C., Jul 13, 2022 / 02: 00 pm (CNA)", day(2022, 7, 13));
        check("Reuters reported on Sep 18, 2023", None);
        check("Harbour Board Sep 18, 2023 meeting", None);
        check("TNN Nov 12, 2021 CALDER PORT STRIKE:", None);
    }

    #[test]
    fn sentences_and_headlines_that_open_with_dates_are_not_date_lines() {
        check("May 2, 2023 was the day the dockworkers of Calder walked out", None);
        check("March 14, 2023-UNITED STATES -", None);
        check("8/2/13 is a date the harbour board will not forget", None);
        check("2 pm deadline passes at Calder port", None);
        check("13/13/2020", None);
        check("Calder, a port the strike shut on March 3, 2025", None);
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
