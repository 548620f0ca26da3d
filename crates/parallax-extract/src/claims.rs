//! Numeric claims: a value or range (digits, number words, "half", "a
//! dozen"), its hedge ("at least", "nearly"), unit (percent, currency),
//! what it counts (the head of the noun phrase after it: cartels, deaths,
//! troops), the time it refers to when stated ("since 2006", "annually"),
//! and the sentence. Dates, years, ages and clock times are not counts.

use crate::words::{words, Word};
use parallax_model::month_number;
use serde::{Deserialize, Serialize};

/// One numeric claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: f64,
    /// The upper end of a range ("between 20 and 30").
    pub upper: Option<f64>,
    pub hedge: Option<String>,
    pub unit: Option<String>,
    /// Head noun of what is counted, lower-cased and singular as written.
    pub counts: Option<String>,
    pub time: Option<String>,
    /// Canonical key of the speaker, when the claim sits in a quote or an
    /// attributed sentence (filled in by the analyser).
    pub speaker: Option<String>,
    pub paragraph: usize,
    /// Byte offset of the sentence in the paragraph.
    pub sentence_start: usize,
    pub sentence: String,
    /// The number as written.
    pub text: String,
    /// Votes against, for a tally ("voted 5-2": 5 for, 2 against).
    #[serde(default)]
    pub against: Option<f64>,
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("half", 0.5),
];
const SCALES: &[(&str, f64)] =
    &[("hundred", 1e2), ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)];
const HEDGES: &[&str] = &[
    "approximately",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "at least",
    "more than",
    "over",
    "up to",
    "as many as",
    "fewer than",
    "less than",
    "some",
    "an estimated",
    "estimated",
    "close to",
    "at most",
    "under",
];
const CURRENCY_WORDS: &[(&str, &str)] =
    &[("dollars", "USD"), ("pesos", "MXN"), ("euros", "EUR"), ("pounds", "GBP"), ("yuan", "CNY")];
/// Words that end the noun phrase after a number.
const PHRASE_STOPS: &[&str] = &[
    "in", "on", "at", "to", "from", "by", "for", "with", "since", "as", "of", "and", "or", "but", "that", "which",
    "who", "were", "was", "are", "is", "be", "been", "have", "has", "had", "said", "says", "will", "would", "could",
    "can", "may", "might", "must", "should", "shall", "the", "a", "an", "this", "these", "those", "their", "its",
    "his", "her", "than", "per", "each", "last", "across", "over", "under", "after", "before", "during", "into",
    "while", "when", "if", "not",
];
const PRONOUNS: &[&str] = &["them", "those", "it", "they", "us", "which", "whom"];
const TIME_MARKERS: &[&str] = &[
    "annually",
    "per year",
    "a year",
    "each year",
    "every year",
    "per month",
    "a day",
    "per day",
    "so far this year",
    "last year",
    "this year",
];

/// The numeric claims of one sentence.
pub fn sentence_claims(paragraph: usize, sentence: &str, sentence_start: usize) -> Vec<Claim> {
    let words = words(sentence);
    let lower: Vec<String> = words.iter().map(|w| w.lower()).collect();
    let mut claims = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if let Some(tally) = vote_tally(&words, &lower, index) {
            claims.push(Claim { paragraph, sentence_start, sentence: sentence.to_string(), ..tally });
            index += 1;
            continue;
        }
        let Some(NumberRead { value, consumed, counts: carried }) = number_at(&lower, index) else {
            index += 1;
            continue;
        };
        if is_not_a_count(sentence, &words, &lower, index, consumed) {
            index += consumed;
            continue;
        }
        let (upper, consumed) = range_end(&lower, index + consumed)
            .map_or((None, consumed), |(upper, more)| (Some(upper), consumed + more));
        let after = index + consumed;
        let (unit, after) = unit_at(&words[index], &lower, after);
        let counts = carried
            .or_else(|| counted_noun(sentence, &words, &lower, after))
            .or_else(|| unit.is_none().then(|| elided_noun(sentence, &words, &lower, index)).flatten());
        // "over two years" is a span of time, not "more than two years".
        let span_of_time = counts.as_deref().is_some_and(|c| TIME_UNITS.contains(&c));
        let hedge = hedge_before(&lower, index).filter(|h| !(span_of_time && matches!(h.as_str(), "over" | "under")));
        claims.push(Claim {
            value,
            upper,
            hedge,
            unit,
            counts,
            time: time_reference(&lower),
            speaker: None,
            paragraph,
            sentence_start,
            sentence: sentence.to_string(),
            text: sentence[words[index].start..words[after.max(index + 1) - 1].end()].to_string(),
            against: None,
        });
        index = after.max(index + 1);
    }
    claims
}

/// A number read at some word: its value, how many words it takes, and
/// the counted thing when the number carries it ("24-day" counts days).
struct NumberRead {
    value: f64,
    consumed: usize,
    counts: Option<String>,
}

/// Counted things that are spans of time.
const TIME_UNITS: &[&str] = &[
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "second", "minute", "hour", "day",
    "week", "month", "year",
];

/// Fractions read after "a" or "one" ("a third of", "a quarter point").
const FRACTIONS: &[(&str, f64)] =
    &[("half", 0.5), ("third", 1.0 / 3.0), ("quarter", 0.25), ("fifth", 0.2), ("tenth", 0.1)];

/// Units a number is hyphenated to ("a 24-day strike", "a two-year deal").
const HYPHENATED_UNITS: &[&str] =
    &["second", "minute", "hour", "day", "week", "month", "year", "metre", "meter", "kilometre", "mile", "storey"];

/// A number starting at `index`.
fn number_at(lower: &[String], index: usize) -> Option<NumberRead> {
    let word = lower.get(index)?.as_str();
    let next = lower.get(index + 1).map(String::as_str).unwrap_or("");
    let read = |value, consumed| Some(NumberRead { value, consumed, counts: None });
    if word == "a" && next == "dozen" {
        return read(12.0, 2);
    }
    if let Some((_, fraction)) = FRACTIONS.iter().find(|(f, _)| *f == next).filter(|_| matches!(word, "a" | "one")) {
        return read(*fraction, 2);
    }
    if word == "a" {
        return None;
    }
    if let Some((number, unit)) = word.split_once('-') {
        if let Some(unit) = HYPHENATED_UNITS.iter().find(|u| **u == unit) {
            let value = plain_number(number).or_else(|| number_word(number))?;
            return Some(NumberRead { value, consumed: 1, counts: Some(format!("{unit}s")) });
        }
    }
    let base = plain_number(word).or_else(|| number_word(word))?;
    match SCALES.iter().find(|(s, _)| *s == next) {
        Some((_, scale)) => read(base * scale, 2),
        None => read(base, 1),
    }
}

/// Digits, with a currency sign, thousands commas or a percent sign.
fn plain_number(word: &str) -> Option<f64> {
    let digits = word.trim_start_matches(['$', '€', '£']).trim_end_matches('%').replace(',', "");
    digits.chars().next().filter(char::is_ascii_digit)?;
    digits.parse::<f64>().ok()
}

/// "seven", "dozens", "twenty-three"; not plurals like "tens" or "sevens".
fn number_word(word: &str) -> Option<f64> {
    let single = |w: &str| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v);
    if let Some((tens, units)) = word.split_once('-') {
        return Some(single(tens)? + single(units)?);
    }
    single(word).or_else(|| (word == "dozens").then_some(12.0))
}

/// A vote tally ("voted 5-2", "a 6-1 vote"): votes for and against.
fn vote_tally(words: &[Word<'_>], lower: &[String], index: usize) -> Option<Claim> {
    let (yes, no) = words[index].text.split_once('-')?;
    let (yes, no): (f64, f64) = (yes.parse().ok()?, no.parse().ok()?);
    let near = |i: Option<usize>| i.and_then(|i| lower.get(i)).is_some_and(|w| w.starts_with("vot"));
    if !(near(index.checked_sub(1)) || near(Some(index + 1)) || near(index.checked_sub(2))) {
        return None;
    }
    Some(Claim {
        value: yes,
        upper: None,
        hedge: None,
        unit: Some("votes".into()),
        counts: Some("votes".into()),
        time: None,
        speaker: None,
        paragraph: 0,
        sentence_start: 0,
        sentence: String::new(),
        text: words[index].text.to_string(),
        against: Some(no),
    })
}

/// Years, days of a month, ages, clock times, ordinals and list markers.
fn is_not_a_count(sentence: &str, words: &[Word<'_>], lower: &[String], index: usize, consumed: usize) -> bool {
    let word = words[index].text;
    let previous = index.checked_sub(1).map(|i| lower[i].as_str()).unwrap_or("");
    let next = lower.get(index + consumed).map(String::as_str).unwrap_or("");
    let is_year = word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (1900..2100).contains(&word.parse::<u32>().unwrap_or(0));
    let after_word = &sentence[words[index].end()..];
    let is_age = next.starts_with("year") && after_word.starts_with("-year")
        || previous == "aged"
        || after_word.starts_with("-year-old");
    let is_month = |w: &str| month_number(w).is_some();
    let is_day = is_month(previous) || is_month(next) && word.len() <= 2;
    let is_clock = after_word.starts_with(':') || matches!(next, "a.m" | "p.m" | "am" | "pm" | "gmt" | "utc");
    let is_ordinal = ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s) && word.as_bytes()[0].is_ascii_digit());
    let lower_word = lower[index].as_str();
    let pronoun_one = lower_word == "one"
        && (matches!(
            previous,
            "every" | "each" | "any" | "no" | "this" | "that" | "which" | "the" | "another" | "last" | "first" | "next"
        ) || matches!(next, "of" | "another" | ""));
    let idiom_half = lower_word == "half" && matches!(previous, "in" | "by" if next.is_empty() || previous == "in");
    (is_year && !next.starts_with("people")) || is_age || is_day || is_clock || is_ordinal || pronoun_one || idiom_half
}

fn range_end(lower: &[String], index: usize) -> Option<(f64, usize)> {
    let joiner = lower.get(index)?;
    if !matches!(joiner.as_str(), "to" | "and" | "or") {
        return None;
    }
    let upper = number_at(lower, index + 1)?;
    Some((upper.value, upper.consumed + 1))
}

fn hedge_before(lower: &[String], index: usize) -> Option<String> {
    let start = index.saturating_sub(3);
    let before = lower[start..index].join(" ");
    let between = index.checked_sub(1).is_some_and(|i| lower[i] == "between");
    if between {
        return Some("between".into());
    }
    HEDGES.iter().filter(|h| before.ends_with(*h)).max_by_key(|h| h.len()).map(|h| h.to_string())
}

/// The unit after (or on) the number, and where the counted phrase starts.
fn unit_at(number: &Word<'_>, lower: &[String], after: usize) -> (Option<String>, usize) {
    if number.text.ends_with('%') {
        return (Some("percent".into()), after);
    }
    let next = lower.get(after).map(String::as_str).unwrap_or("");
    if next == "percent" || next == "per" && lower.get(after + 1).is_some_and(|w| w == "cent") {
        return (Some("percent".into()), after + if next == "per" { 2 } else { 1 });
    }
    if let Some((_, code)) = CURRENCY_WORDS.iter().find(|(w, _)| *w == next) {
        return (Some(code.to_string()), after + 1);
    }
    match number.text.chars().next() {
        Some('$') => (Some("USD".into()), after),
        Some('€') => (Some("EUR".into()), after),
        Some('£') => (Some("GBP".into()), after),
        _ => (None, after),
    }
}

/// Words a counted noun phrase may run to ("eight Latin American drug cartels").
const PHRASE_WORDS: usize = 5;

/// Head of the noun phrase from `start`: up to five words, ending at a
/// stop word, a verb, an adverb or punctuation. Punctuation right after the
/// number means it qualifies nothing; "a" after "half" ("half a point"),
/// "of the" with a number or a possessive after it ("19 of the 23 miners",
/// "a third of the country's traffic") are skipped first.
fn counted_noun(sentence: &str, words: &[Word<'_>], lower: &[String], mut start: usize) -> Option<String> {
    let first = words.get(start)?;
    if start > 0 && !sentence[words[start - 1].end()..first.start].trim().is_empty() {
        return None;
    }
    if start > 0 && lower[start - 1] == "half" && lower[start] == "a" {
        start += 1;
    }
    if lower.get(start).is_some_and(|w| w == "of") {
        start += 1;
        if lower.get(start).is_some_and(|w| w == "the") {
            start += 1;
        }
        if let Some(number) = number_at(lower, start) {
            start += number.consumed;
        }
    }
    let possessive = |index: usize| {
        words.get(index + 1).is_some_and(|next| sentence[words[index].end()..next.start].starts_with(['\'', '’']))
    };
    if start < words.len() && possessive(start) {
        start += 1;
    }
    let mut phrase: Vec<&str> = Vec::new();
    for index in start..lower.len().min(start + PHRASE_WORDS) {
        let word = lower[index].as_str();
        let is_verb = VERBS.contains(&word)
            || !phrase.is_empty() && (word.ends_with("ed") || word.ends_with("ing") || word.ends_with("ly"));
        if PHRASE_STOPS.contains(&word)
            || ADVERBS.contains(&word)
            || is_verb
            || !word.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            break;
        }
        phrase.push(word);
        let joined_plainly =
            words.get(index + 1).is_none_or(|next| sentence[words[index].end()..next.start].trim().is_empty());
        if !joined_plainly {
            break;
        }
    }
    let head = *phrase.last()?;
    (!PRONOUNS.contains(&head)).then(|| head.to_string())
}

/// Quantities whose noun a later bare number shares ("several cartels ...
/// six from Mexico among eight total").
const QUANTIFIERS: &[&str] =
    &["several", "many", "some", "multiple", "numerous", "various", "dozens", "hundreds", "thousands"];

/// The noun a bare number leaves out: the counted noun of the nearest
/// quantifier or number before it in the sentence.
fn elided_noun(sentence: &str, words: &[Word<'_>], lower: &[String], index: usize) -> Option<String> {
    let next = lower.get(index + 1).map(String::as_str).unwrap_or("");
    if !matches!(next, "from" | "total" | "among" | "each") {
        return None;
    }
    (0..index).rev().find_map(|before| {
        let quantity = QUANTIFIERS.contains(&lower[before].as_str()) || number_at(lower, before).is_some();
        quantity.then(|| counted_noun(sentence, words, lower, before + 1)).flatten()
    })
}

/// Adverbs and particles that follow a count without being counted
/// ("340 metres underground", "38 ships off the coast").
const ADVERBS: &[&str] = &[
    "underground",
    "below",
    "above",
    "off",
    "offshore",
    "early",
    "late",
    "spread",
    "ago",
    "apiece",
    "more",
    "less",
    "higher",
    "lower",
    "up",
    "down",
    "out",
    "away",
    "so",
    "through",
    "too",
    "still",
    "already",
    "instead",
    "overnight",
    "again",
    "total",
    "overall",
    "altogether",
    "back",
    "ahead",
    "behind",
    "around",
    "nearby",
    "abroad",
    "home",
    "there",
    "here",
    "now",
    "then",
    "remain",
];

/// Present-tense verbs that often follow a counted noun.
const VERBS: &[&str] = &[
    "die", "dies", "fell", "rose", "remain", "remains", "face", "faces", "live", "work", "operate", "operates",
    "brought", "made", "took", "gave", "went", "came", "left", "kept", "held", "built", "found", "told", "ran", "got",
    "put", "set", "cut", "lost", "paid", "met", "sent", "spent", "won", "began", "stood", "saw", "were", "was", "are",
];

fn time_reference(lower: &[String]) -> Option<String> {
    let text = lower.join(" ");
    for marker in ["since", "between", "in", "by"] {
        let pattern = format!("{marker} ");
        if let Some(position) = text.find(&pattern) {
            let rest = &text[position + pattern.len()..];
            let year = rest.split(' ').next().unwrap_or("");
            if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) {
                return Some(format!("{marker} {year}"));
            }
        }
    }
    TIME_MARKERS.iter().find(|m| text.contains(*m)).map(|m| m.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str) -> Vec<Claim> {
        sentence_claims(0, sentence, 0)
    }

    fn summary(claim: &Claim) -> (f64, Option<&str>, Option<&str>, Option<&str>) {
        (claim.value, claim.hedge.as_deref(), claim.unit.as_deref(), claim.counts.as_deref())
    }

    #[test]
    fn values_hedges_units_and_counted_things() {
        let claims = check("Washington designated 21 drug cartels, and at least 1,200 troops were sent.");
        assert_eq!(summary(&claims[0]), (21.0, None, None, Some("cartels")));
        assert_eq!(summary(&claims[1]), (1200.0, Some("at least"), None, Some("troops")));
        let claims = check("About 62 percent of voters backed it, a poll found; the fund holds $4.5 billion.");
        assert_eq!(summary(&claims[0]), (62.0, Some("about"), Some("percent"), Some("voters")));
        assert_eq!(summary(&claims[1]), (4.5e9, None, Some("USD"), None));
    }

    #[test]
    fn words_ranges_and_time_references() {
        let claims =
            check("Nearly half of the strikes since 2006 hit seven cities, and between 20 and 30 people died.");
        let values: Vec<(f64, Option<f64>)> = claims.iter().map(|c| (c.value, c.upper)).collect();
        assert_eq!(values, vec![(0.5, None), (7.0, None), (20.0, Some(30.0))]);
        assert_eq!(claims[0].counts.as_deref(), Some("strikes"));
        assert_eq!(claims[0].time.as_deref(), Some("since 2006"));
        assert_eq!(claims[2].hedge.as_deref(), Some("between"));
        assert_eq!(check("Officials seized a dozen rifles.")[0].value, 12.0);
    }

    #[test]
    fn dates_years_ages_and_times_are_not_counts() {
        assert!(check("On August 8, 2025, the mayor, aged 54, spoke at 10:30 in 2024.").is_empty());
        assert!(check("The 45-year-old was the 3rd to speak.").is_empty());
    }

    #[test]
    fn compounds_fractions_and_hyphenated_durations() {
        let claims =
            check("Twenty-three crew ended a 12-day voyage with half a tonne and a third of the town's grain.");
        let found: Vec<(f64, Option<&str>)> = claims.iter().map(|c| (c.value, c.counts.as_deref())).collect();
        assert_eq!(
            found,
            vec![(23.0, Some("crew")), (12.0, Some("days")), (0.5, Some("tonne")), (1.0 / 3.0, Some("grain"))]
        );
    }

    #[test]
    fn heads_skip_adverbs_verbs_and_a_number_of_the_whole() {
        let claims =
            check("Nine of the 40 divers surfaced, 300 metres offshore; 12 boats waiting nearby brought 8 crates.");
        let found: Vec<(f64, Option<&str>)> = claims.iter().map(|c| (c.value, c.counts.as_deref())).collect();
        assert_eq!(
            found,
            vec![
                (9.0, Some("divers")),
                (40.0, Some("divers")),
                (300.0, Some("metres")),
                (12.0, Some("boats")),
                (8.0, Some("crates"))
            ]
        );
        let spread = check("The board offered 4 percent, spread over two years.");
        assert_eq!(spread[0].counts, None);
    }

    #[test]
    fn pronoun_ones_and_idioms_are_not_counts() {
        assert!(check("Every one of them knew it, and the last one cut the loaf in half.").is_empty());
    }

    #[test]
    fn vote_tallies_count_both_sides() {
        let claims = check("The board voted 5-2 for the rise, after a 6-1 vote in March; the score was 3-1.");
        let tallies: Vec<(f64, Option<f64>)> = claims.iter().map(|c| (c.value, c.against)).collect();
        assert_eq!(tallies, vec![(5.0, Some(2.0)), (6.0, Some(1.0))], "{claims:#?}");
    }

    #[test]
    fn a_bare_number_shares_the_noun_it_leaves_out() {
        let claims = check("The council listed several harbour gangs as threats—four from Orlen among nine total.");
        let found: Vec<(f64, Option<&str>)> = claims.iter().map(|c| (c.value, c.counts.as_deref())).collect();
        assert_eq!(found, vec![(4.0, Some("gangs")), (9.0, Some("gangs"))]);
    }
}
