//! What clustering sees of an article: topic words (stemmed, stopwords out)
//! and an event signature (names, numbers, years), weighted by TF-IDF with
//! document frequencies counted online as articles arrive.

use crate::centroid::TermHashing;
use crate::lead_day::lead_weekday;
use crate::sparse_vector::SparseVector;
use chrono::Weekday;
use parallax_model::MONTH_NAMES;
use std::collections::HashMap;

/// Common English function words, never features; sorted, for
/// `is_stopword`'s binary search (a test checks the order).
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "and",
    "any",
    "are",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "can",
    "could",
    "day",
    "days",
    "did",
    "does",
    "during",
    "each",
    "few",
    "first",
    "for",
    "friday",
    "from",
    "further",
    "had",
    "has",
    "have",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "into",
    "its",
    "just",
    "last",
    "like",
    "may",
    "might",
    "monday",
    "more",
    "most",
    "must",
    "new",
    "nor",
    "not",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "people",
    "per",
    "said",
    "same",
    "saturday",
    "say",
    "says",
    "she",
    "should",
    "since",
    "some",
    "such",
    "sunday",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thursday",
    "time",
    "told",
    "too",
    "tuesday",
    "two",
    "under",
    "until",
    "very",
    "via",
    "was",
    "wednesday",
    "week",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yes",
    "you",
    "your",
    "yours",
];

/// Weight of the title and the first two lines against the rest.
const LEAD_WEIGHT: f32 = 2.0;
/// Length of the topic words' part of the event signature, against 1 for
/// the names' part and 1 for the numbers' part.
const TOPIC_IN_EVENT: f32 = 0.3;
/// IDF is raised to this power: rare terms (names, places) count for more.
const IDF_POWER: f32 = 1.5;

/// Term ids and online document frequencies.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Vocabulary {
    /// Term hash -> id. Terms are known by a 64-bit hash of their text:
    /// tokenising allocates nothing, and a collision among the few
    /// million terms of a stream is a one-in-millions event.
    ids: HashMap<u64, u32, TermHashing>,
    document_frequency: Vec<u32>,
    documents: u32,
    /// Whether each term id is a name (`Kind::Name`): a term's hash covers
    /// its kind, so an id has one kind for good.
    names: Vec<bool>,
}

impl Vocabulary {
    fn id(&mut self, term: u64, kind: Kind) -> u32 {
        if let Some(id) = self.ids.get(&term) {
            return *id;
        }
        let id = self.document_frequency.len() as u32;
        self.ids.insert(term, id);
        self.document_frequency.push(0);
        self.names.push(kind == Kind::Name);
        id
    }

    /// Whether the term is a name (a capitalised word inside a sentence).
    pub fn is_name(&self, id: u32) -> bool {
        self.names.get(id as usize).copied().unwrap_or(false)
    }

    fn idf(&self, id: u32) -> f32 {
        let df = self.document_frequency[id as usize] as f32;
        (((self.documents as f32 + 1.0) / (df + 1.0)).ln() + 1.0).powf(IDF_POWER)
    }
}

/// An article's two weighted vectors.
#[derive(Clone, Debug)]
pub struct DocFeatures {
    pub topic: SparseVector,
    pub event: SparseVector,
    /// The topic words of the title and the first two lines alone: what
    /// kind of event the article reports (storylines link stories by it).
    pub lead: SparseVector,
}

/// What kind of feature a token gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Word,
    Name,
    Number,
    Year,
    /// A topic word of the title or the first two lines, counted apart.
    LeadWord,
    /// A capitalised month name or abbreviation ("March", "Nov."): not a
    /// feature (it is a word, or a name, as well), but recorded apart.
    Month,
}

/// The month (0 for January) a lowercased word names: a full name, its
/// first three letters, or "sept". `parallax_model::month_number` also
/// reads longer cuts ("Marc", "Augus"), names or words here.
fn month_number(word: &str) -> Option<u32> {
    let named = word.len() == 3 || word == "sept" || MONTH_NAMES.contains(&word);
    named.then(|| parallax_model::month_number(word)).flatten().map(|month| month - 1)
}

/// An article's terms with their lead-weighted counts, before any
/// vocabulary: pure, so callers compute it in parallel (the pipeline's
/// build stage, the benchmark's dedup thread) and only the cheap
/// vocabulary step runs on the clustering thread.
#[derive(Clone, Debug, Default)]
pub struct DocTerms {
    /// (term hash, kind, count), sorted by hash.
    counts: Vec<(u64, Kind, f32)>,
    /// The day the lead names (see `lead_day.rs`).
    pub lead_weekday: Option<Weekday>,
    /// Every year the text names (`YearSet::latest`: the latest).
    pub years: YearSet,
    /// The months the text names, one bit each (bit 0: January).
    pub months: u16,
}

/// The years a token may be read as (four digits in this range).
const YEARS: std::ops::Range<u32> = 1950..2040;

/// A set of years of `YEARS`, one bit each: no allocation per article on
/// the placing path, and a union is an `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct YearSet(u128);

impl YearSet {
    fn bit(year: i32) -> Option<u32> {
        u32::try_from(year).ok().filter(|year| YEARS.contains(year)).map(|year| year - YEARS.start)
    }

    pub fn insert(&mut self, year: i32) {
        if let Some(bit) = YearSet::bit(year) {
            self.0 |= 1 << bit;
        }
    }

    pub fn union(self, other: YearSet) -> YearSet {
        YearSet(self.0 | other.0)
    }

    pub fn latest(self) -> Option<i32> {
        (self.0 != 0).then(|| (YEARS.start + 127 - self.0.leading_zeros()) as i32)
    }

    /// Whether it holds a year of `first..=last`.
    pub fn any_within(self, first: i32, last: i32) -> bool {
        (first.max(YEARS.start as i32)..=last.min(YEARS.end as i32 - 1))
            .any(|year| YearSet::bit(year).is_some_and(|bit| self.0 & (1 << bit) != 0))
    }
}

impl DocTerms {
    /// Tokenises `title` and `text` (paragraphs on their own lines).
    pub fn extract(title: Option<&str>, text: &str) -> DocTerms {
        // Keyed by the term's hash alone: the hash covers its kind.
        let mut counts: HashMap<u64, (Kind, f32), TermHashing> = HashMap::default();
        let lines = title.into_iter().map(|t| (t, true)).chain(text.lines().enumerate().map(|(i, l)| (l, i < 2)));
        let mut years = YearSet::default();
        let mut months = 0u16;
        for (line, in_lead) in lines {
            let weight = if in_lead { LEAD_WEIGHT } else { 1.0 };
            for_each_term(line, |kind, parts| {
                if kind == Kind::Month {
                    months |= month_number(parts[0]).map_or(0, |month| 1 << month);
                    return;
                }
                if kind == Kind::Year {
                    if let Ok(year) = parts[0].parse::<i32>() {
                        years.insert(year);
                    }
                }
                counts.entry(term_hash(kind, parts)).or_insert((kind, 0.0)).1 += weight;
                if in_lead && kind == Kind::Word {
                    counts.entry(term_hash(Kind::LeadWord, parts)).or_insert((Kind::LeadWord, 0.0)).1 += 1.0;
                }
            });
        }
        let mut counts: Vec<(u64, Kind, f32)> = counts.into_iter().map(|(t, (k, c))| (t, k, c)).collect();
        counts.sort_unstable_by_key(|&(hash, _, _)| hash);
        DocTerms { counts, lead_weekday: lead_weekday(text.lines()), years, months }
    }
}

impl DocFeatures {
    /// Counts the terms into `vocabulary` (updating document frequencies)
    /// and weights them.
    pub fn weigh(vocabulary: &mut Vocabulary, terms: &DocTerms) -> DocFeatures {
        let ids: Vec<u32> = terms.counts.iter().map(|&(term, kind, _)| vocabulary.id(term, kind)).collect();
        vocabulary.documents += 1;
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for &id in &distinct {
            vocabulary.document_frequency[id as usize] += 1;
        }
        let mut topic = Vec::new();
        let mut names = Vec::new();
        let mut numbers = Vec::new();
        let mut lead = Vec::new();
        for (&id, &(_, kind, count)) in ids.iter().zip(&terms.counts) {
            let weight = (1.0 + count.ln()) * vocabulary.idf(id);
            match kind {
                Kind::Word => topic.push((id, weight)),
                Kind::Name => names.push((id, weight)),
                Kind::Number | Kind::Year => numbers.push((id, weight)),
                Kind::LeadWord => lead.push((id, weight)),
                Kind::Month => {}
            }
        }
        let event = [(&topic, TOPIC_IN_EVENT), (&names, 1.0), (&numbers, 1.0)]
            .into_iter()
            .flat_map(|(channel, weight)| scaled_to_length(channel, weight))
            .collect();
        DocFeatures {
            topic: SparseVector::from_pairs(topic),
            event: SparseVector::from_pairs(event),
            lead: SparseVector::from_pairs(lead),
        }
    }
}

/// The weighted terms scaled so that their Euclidean length is `length`
/// (none stay none). Each part of the event signature (topic words, names,
/// numbers) is scaled apart: in one vector, a long text's many words would
/// outweigh its few names and numbers, which tell one event of a kind from
/// another. So the event similarity of two articles is close to a weighted
/// sum of the three parts' own cosines.
fn scaled_to_length(terms: &[(u32, f32)], length: f32) -> impl Iterator<Item = (u32, f32)> + '_ {
    let norm = terms.iter().map(|(_, weight)| weight * weight).sum::<f32>().sqrt();
    let scale = if norm > 0.0 { length / norm } else { 0.0 };
    terms.iter().map(move |&(id, weight)| (id, weight * scale))
}

/// Whether a month name is also a word or a name ("May said", "the
/// March", "Jan Pell"): every three-letter one, and March, June, August.
/// Such a name is a month only beside a date's number or after a word that
/// introduces one (`DATE_CUES`).
fn is_ambiguous_month(name: &str) -> bool {
    name.len() == 3 || matches!(name, "march" | "june" | "august")
}

/// Words after which an ambiguous month name is a month ("in May", "since
/// March").
const DATE_CUES: &[&str] = &["early", "in", "last", "late", "mid", "next", "since", "through", "until"];

/// The terms of one line, each given to `emit` as its kind and its text in
/// pieces (a stem and its restored ending): stemmed topic words, plus names
/// (capitalised words not opening a sentence), numbers and years; and,
/// apart, capitalised month names (also opening a sentence: a date line),
/// those that are also words or names only when a date's number or cue
/// stands beside them.
fn for_each_term(line: &str, mut emit: impl FnMut(Kind, &[&str])) {
    let mut sentence_start = true;
    let mut lowered = String::new();
    // The token before: after a number or a date cue, an ambiguous month
    // name is a month (checked only then: it is rare).
    let mut previous = "";
    // An ambiguous month name waiting for a number after it ("May 5").
    let mut pending_month: Option<&'static str> = None;
    for raw in
        line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '(' | ')' | '[' | ']' | '—' | '–'))
    {
        let ends_sentence = raw.ends_with(['.', '!', '?', ':']);
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            continue;
        }
        if token.as_bytes()[0].is_ascii_digit() {
            let number: String = token.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            let is_year = number.len() == 4 && YEARS.contains(&number.parse::<u32>().unwrap_or(0));
            if let Some(month) = pending_month.take() {
                emit(Kind::Month, &[month]);
            }
            emit(if is_year { Kind::Year } else { Kind::Number }, &[&number]);
        } else {
            pending_month = None;
            let lower = if token.bytes().any(|b| !b.is_ascii_lowercase() && !b.is_ascii_digit()) {
                lowered.clear();
                lowered.extend(token.chars().flat_map(char::to_lowercase));
                lowered.as_str()
            } else {
                token
            };
            let lower = without_possessives(lower);
            let capitalised = token.chars().next().is_some_and(char::is_uppercase);
            if capitalised && (3..=9).contains(&lower.len()) {
                if let Some(month) = month_number(lower) {
                    if !is_ambiguous_month(lower) || is_date_cue(previous) {
                        emit(Kind::Month, &[lower]);
                    } else {
                        pending_month = Some(MONTH_NAMES[month as usize]);
                    }
                }
            }
            if lower.chars().count() >= 3 && !is_stopword(lower) {
                if capitalised && !sentence_start {
                    emit(Kind::Name, &[lower]);
                }
                let (stem, ending) = stem(lower);
                emit(Kind::Word, &[stem, ending]);
            }
        }
        sentence_start = ends_sentence;
        previous = token;
    }
}

/// Whether a token introduces a date: a number ("5 May") or a cue word.
fn is_date_cue(token: &str) -> bool {
    token.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || DATE_CUES.iter().any(|cue| token.eq_ignore_ascii_case(cue))
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The word without trailing possessive endings ("'s", then "’s"), as
/// `trim_end_matches` would strip them, without building a substring
/// searcher for every token.
fn without_possessives(mut word: &str) -> &str {
    while let Some(stripped) = word.strip_suffix("'s") {
        word = stripped;
    }
    while let Some(stripped) = word.strip_suffix("’s") {
        word = stripped;
    }
    word
}

/// FNV-1a over the kind and the pieces of a term, then an avalanche. The
/// kind is hashed as a byte of its own: XORed into the seed unmixed, it
/// cancelled against the first letter ("bush" as a name and "cush" as a
/// word had one hash, so one vocabulary entry).
fn term_hash(kind: Kind, parts: &[&str]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = (0xcbf2_9ce4_8422_2325u64 ^ kind as u64).wrapping_mul(PRIME);
    for byte in parts.iter().flat_map(|part| part.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    hash ^= hash >> 33;
    hash.wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// A light English stemmer: folds plurals and common verb endings. Returns
/// the stem and the ending it takes ("countries" -> "countr" + "y").
fn stem(word: &str) -> (&str, &'static str) {
    let strip = |suffix: &str| &word[..word.len() - suffix.len()];
    if word.len() > 5 && word.ends_with("ies") {
        return (strip("ies"), "y");
    }
    if ["sses", "xes", "zes", "ches", "shes"].iter().any(|s| word.ends_with(s)) {
        return (strip("es"), "");
    }
    for suffix in ["ing", "ed"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return (strip(suffix), "");
        }
    }
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
    {
        return (strip("s"), "");
    }
    (word, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_terms(line: &str) -> Vec<(String, Kind)> {
        let mut terms = Vec::new();
        for_each_term(line, |kind, parts| terms.push((parts.concat(), kind)));
        terms
    }

    #[test]
    fn terms_have_kinds() {
        let terms = line_terms("Mexican President Claudia Sheinbaum rejected 21 strikes in 2025.");
        let names: Vec<&str> = terms.iter().filter(|(_, k)| *k == Kind::Name).map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, vec!["president", "claudia", "sheinbaum"]);
        assert!(terms.contains(&("21".into(), Kind::Number)));
        assert!(terms.contains(&("2025".into(), Kind::Year)));
        assert!(terms.contains(&("strike".into(), Kind::Word)));
        assert!(!terms.iter().any(|(t, _)| t == "the"));
        assert_ne!(term_hash(Kind::Word, &["strike"]), term_hash(Kind::Name, &["strike"]));
        assert_ne!(term_hash(Kind::Word, &["cush"]), term_hash(Kind::Name, &["bush"]), "kinds do not cancel letters");
        assert_ne!(term_hash(Kind::Name, &["apple"]), term_hash(Kind::LeadWord, &["dpple"]));
        assert_eq!(term_hash(Kind::Word, &["countr", "y"]), term_hash(Kind::Word, &["country"]));
    }

    #[test]
    fn the_event_signature_gives_words_names_and_numbers_fixed_lengths() {
        let mut vocabulary = Vocabulary::default();
        let mut event_norm =
            |text: &str| DocFeatures::weigh(&mut vocabulary, &DocTerms::extract(None, text)).event.norm();
        let short = "Dockworkers in Calder struck for 9 percent.";
        let long = "Dockworkers in Calder struck for 9 percent, and cranes stood idle while grain, timber, ferries, \
                    insurers, brokers, silos, trucks, warehouses and shipping schedules waited along the quay.";
        let full = (TOPIC_IN_EVENT * TOPIC_IN_EVENT + 2.0).sqrt();
        assert!((event_norm(short) - full).abs() < 1e-5, "{}", event_norm(short));
        assert!((event_norm(long) - full).abs() < 1e-5, "many more words weigh no more: {}", event_norm(long));
        let without_numbers = (TOPIC_IN_EVENT * TOPIC_IN_EVENT + 1.0).sqrt();
        assert!((event_norm("Dockworkers in Calder struck over pay.") - without_numbers).abs() < 1e-5);
    }

    #[test]
    fn the_years_named_and_the_latest_are_kept() {
        let terms =
            DocTerms::extract(Some("Harbour reopens"), "Built in 1998, it closed in 2011.\nIt has 4000 berths.");
        assert_eq!(terms.years.latest(), Some(2011));
        let years = terms.years;
        assert!(years.any_within(1998, 1998) && years.any_within(2000, 2011) && years.any_within(1900, 2100));
        assert!(!years.any_within(1999, 2010) && !years.any_within(2012, 2039) && !years.any_within(2011, 2000));
        let none = DocTerms::extract(None, "It has 4000 berths and 12 cranes.");
        assert_eq!((none.years.latest(), none.years), (None, YearSet::default()));
        let mut edges = YearSet::default();
        edges.insert(1950);
        edges.insert(2039);
        edges.insert(2040);
        assert_eq!(edges.latest(), Some(2039), "2040 is out of range");
        assert!(edges.union(years).any_within(1950, 1950));
    }

    #[test]
    fn capitalised_month_names_are_kept_apart_from_the_features() {
        let text = "September 18, 2013\nAfter the Nov. 30 escape and the Sept walkout, crews may march in May.";
        let terms = DocTerms::extract(None, text);
        assert_eq!(terms.months, 1 << 8 | 1 << 10 | 1 << 4, "September, Nov., Sept and May, not march or may");
        let mut vocabulary = Vocabulary::default();
        let with = DocFeatures::weigh(&mut vocabulary, &terms);
        let without =
            DocFeatures::weigh(&mut vocabulary, &DocTerms::extract(None, &text.replace("September", "Calder")));
        assert_eq!(with.event.entries().len(), without.event.entries().len(), "a month is a word and a name, no more");
        assert_eq!(DocTerms::extract(None, "Marching bands and a Mayor.").months, 0);
        let names = "Prime Minister Theresa May said Jan Pell and June Okoro would join the March for Ports.";
        assert_eq!(DocTerms::extract(None, names).months, 0, "month names that are also names, no date beside them");
        let dates = "It began on 5 May, before the Jan. 3 vote; talks ran until June and resume in August 2026.";
        assert_eq!(DocTerms::extract(None, dates).months, 1 << 4 | 1 << 0 | 1 << 5 | 1 << 7);
        assert_eq!(DocTerms::extract(None, "Marc Okoro met them in 2024.").months, 0, "a longer cut is a name");
    }

    #[test]
    fn stopwords_are_sorted_for_their_binary_search() {
        assert!(STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_stopword("the") && is_stopword("wednesday") && !is_stopword("cartel"));
        assert_eq!(without_possessives("mexico's"), "mexico");
        assert_eq!(without_possessives("mexico’s"), "mexico");
        assert_eq!(without_possessives("boss"), "boss");
    }

    #[test]
    fn stems() {
        let stemmed = |word| {
            let (stem, ending) = stem(word);
            format!("{stem}{ending}")
        };
        assert_eq!(stemmed("cartels"), "cartel");
        assert_eq!(stemmed("rejected"), "reject");
        assert_eq!(stemmed("countries"), "country");
        assert_eq!(stemmed("press"), "press");
        assert_eq!(stemmed("strikes"), "strike");
        assert_eq!(stemmed("churches"), "church");
    }
}
