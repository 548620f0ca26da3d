//! Quotes: the quoted text, direct (a statement in the speaker's words) or
//! partial (a few words inside the author's sentence), or a scare quote (a
//! term or slogan, not a statement, with no speaker); the speaker as a
//! canonical entity, the attribution verb and the paragraph. A quote split
//! by its attribution ("“...,” she said. “...”") is one quote; pronouns go
//! to the last person named; a quote paragraph with no attribution after a
//! quote continues it.

use crate::entities::{EntityKind, EntityTracker};
use crate::sentences::split_sentences;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
    Scare,
}

/// One quote of an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub kind: QuoteKind,
    /// Canonical key of the speaker's entity.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub verb: Option<String>,
    pub paragraph: usize,
    /// Byte offset of the opening mark in the paragraph.
    pub start: usize,
    /// Byte offset just past the closing mark (of the last part, when a
    /// quote split within its paragraph was joined).
    pub end: usize,
}

pub const ATTRIBUTION_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "declared",
    "warned",
    "warns",
    "insisted",
    "insists",
    "argued",
    "argues",
    "noted",
    "notes",
    "explained",
    "wrote",
    "writes",
    "asked",
    "replied",
    "responded",
    "claimed",
    "claims",
    "stressed",
    "emphasised",
    "emphasized",
    "affirmed",
    "remarked",
    "commented",
    "announced",
    "acknowledged",
    "admitted",
    "cautioned",
    "continued",
    "concluded",
    "tweeted",
    "posted",
    "vowed",
    "pledged",
    "urged",
    "maintained",
    "reiterated",
    "underlined",
    "underscored",
    "recalled",
    "countered",
    "rejected",
    "called",
    "described",
    "dismissed",
    "blasted",
    "criticised",
    "criticized",
    "told reporters",
    "adding",
    "saying",
    "noting",
    "insisting",
    "stressing",
    "warning",
    "arguing",
    "explaining",
    "declaring",
    "asserting",
    "asserted",
    "suggesting",
    "suggested",
    "claiming",
    "repeated",
    "calling",
];

/// Words that make a lower-case fragment read as part of a statement
/// rather than a term: pronouns, auxiliaries and modals.
const CLAUSE_WORDS: &[&str] = &[
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "our",
    "their",
    "my",
    "your",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "never",
    "they’re",
    "we’re",
    "it’s",
    "they're",
    "we're",
    "it's",
    "won’t",
    "won't",
    "means",
];

/// Words before a quote that make it a label ("dubbed “Operation Shield”",
/// "designated as “terrorist entities”").
const LABEL_WORDS: &[&str] =
    &["as", "dubbed", "so-called", "called", "labelled", "labeled", "branded", "termed", "named", "nicknamed"];

const PRONOUNS: &[&str] = &["he", "she", "they"];

/// A quoted span of a paragraph: byte range of the marks and of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    open: usize,
    close: usize,
}

/// Matching quote marks: typographic pairs, and straight quotes taken in turn.
fn spans(paragraph: &str) -> Vec<Span> {
    let mut found = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (index, c) in paragraph.char_indices() {
        match (open, c) {
            (None, '“') | (None, '"') | (None, '«') => open = Some((index, c)),
            (Some((start, '“')), '”') | (Some((start, '"')), '"') | (Some((start, '«')), '»') => {
                found.push(Span { open: start, close: index });
                open = None;
            }
            (Some(_), '“') => open = Some((index, c)),
            _ => {}
        }
    }
    found
}

/// Where one article's speakers are looked up: every mention in reading
/// order, by (paragraph, byte start, byte end, entity index).
pub struct SpeakerContext<'t> {
    pub tracker: &'t EntityTracker,
    pub mentions: &'t [(usize, usize, usize, usize)],
}

impl SpeakerContext<'_> {
    /// The first person named in the stretch, else its first organisation,
    /// else whatever it names first.
    fn mention_in(&self, paragraph: usize, from: usize, to: usize) -> Option<usize> {
        let inside: Vec<usize> =
            self.mentions.iter().filter(|m| m.0 == paragraph && m.1 >= from && m.2 <= to).map(|m| m.3).collect();
        let first_of = |kind: EntityKind| inside.iter().copied().find(|&e| self.tracker.get(e).kind == kind);
        first_of(EntityKind::Person).or_else(|| first_of(EntityKind::Organisation)).or_else(|| inside.first().copied())
    }

    fn last_person_before(&self, paragraph: usize, at: usize) -> Option<usize> {
        self.mentions
            .iter()
            .rfind(|m| (m.0, m.1) < (paragraph, at) && self.tracker.get(m.3).kind == EntityKind::Person)
            .map(|m| m.3)
    }

    /// The last person before `at` whose roles name `office` ("the minister").
    fn last_holder_before(&self, paragraph: usize, at: usize, office: &str) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|m| (m.0, m.1) < (paragraph, at))
            .map(|m| m.3)
            .rfind(|&e| self.tracker.get(e).roles.iter().any(|r| r.contains(office)))
    }
}

/// A speaker found in an attribution clause.
struct Attribution {
    speaker: Option<usize>,
    verb: String,
}

/// Finds the attribution in `clause` (a stretch of the paragraph next to
/// the quote, starting at byte `from`).
fn attribution(context: &SpeakerContext<'_>, paragraph: usize, clause: &str, from: usize) -> Option<Attribution> {
    let lower = clause.to_lowercase();
    if let Some(position) = lower.find("according to ") {
        let start = from + position;
        let speaker = context.mention_in(paragraph, start, from + clause.len());
        return Some(Attribution { speaker, verb: "according to".into() });
    }
    let words: Vec<(usize, &str)> = word_positions(clause);
    let verb_index = words.iter().position(|(_, w)| ATTRIBUTION_VERBS.contains(&w.to_lowercase().as_str()))?;
    let verb = words[verb_index].1.to_lowercase();
    let speaker = context
        .mention_in(paragraph, from, from + clause.len())
        .or_else(|| pronoun_speaker(context, paragraph, from, &words))
        .or_else(|| office_speaker(context, paragraph, from, &words));
    Some(Attribution { speaker, verb })
}

/// The clause that names a speaker wins; "…,” adding that" with no
/// subject of its own defers to the sentence's subject before the quote.
fn best_attribution(after: Option<Attribution>, before: Option<Attribution>) -> Option<Attribution> {
    match (after, before) {
        (Some(after), Some(before)) if after.speaker.is_none() && before.speaker.is_some() => Some(before),
        (after, before) => after.or(before),
    }
}

fn word_positions(clause: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for raw in clause.split_inclusive(|c: char| c.is_whitespace()) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() {
            found.push((offset + raw.find(word).unwrap_or(0), word));
        }
        offset += raw.len();
    }
    found
}

fn pronoun_speaker(
    context: &SpeakerContext<'_>,
    paragraph: usize,
    from: usize,
    words: &[(usize, &str)],
) -> Option<usize> {
    let (position, _) = words.iter().find(|(_, w)| PRONOUNS.contains(&w.to_lowercase().as_str()))?;
    context.last_person_before(paragraph, from + position)
}

/// "the minister said" -> the last person named with that office.
fn office_speaker(
    context: &SpeakerContext<'_>,
    paragraph: usize,
    from: usize,
    words: &[(usize, &str)],
) -> Option<usize> {
    words.windows(2).find_map(|pair| {
        let (first, second) = (pair[0].1.to_lowercase(), pair[1].1.to_lowercase());
        (first == "the" && crate::words::TITLES.contains(&second.as_str()))
            .then(|| context.last_holder_before(paragraph, from + pair[1].0, &second))
            .flatten()
    })
}

/// The quotes of an article's paragraphs.
pub fn find_quotes(paragraphs: &[&str], context: &SpeakerContext<'_>) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut last_speaker: Option<usize> = None;
    for (paragraph_index, paragraph) in paragraphs.iter().enumerate() {
        let sentences: Vec<(usize, usize)> =
            split_sentences(paragraph).iter().map(|s| (s.start, s.start + s.text.len())).collect();
        let spans = spans(paragraph);
        for (span_index, span) in spans.iter().enumerate() {
            let text = paragraph[span.open..span.close].trim_start_matches(['“', '"', '«']).trim().to_string();
            let end = span.close + paragraph[span.close..].chars().next().map_or(0, char::len_utf8);
            let sentence = sentence_around(&sentences, paragraph, span.open);
            let closing = sentence_around(&sentences, paragraph, span.close);
            let after_end =
                spans.get(span_index + 1).map_or(closing.1, |next| next.open.min(closing.1)).max(span.close);
            let before_start =
                span_index.checked_sub(1).map_or(sentence.0, |previous| spans[previous].close.max(sentence.0));
            let after = &paragraph[span.close..after_end];
            let before = &paragraph[before_start.min(span.open)..span.open];
            let found = best_attribution(
                attribution(context, paragraph_index, after, span.close),
                attribution(context, paragraph_index, before, before_start),
            );
            let label =
                before.split_whitespace().next_back().is_some_and(|w| LABEL_WORDS.contains(&w.to_lowercase().as_str()));
            let kind = quote_kind(&text, found.is_some(), label);
            let found = found.map(|a| {
                let previous = quotes.last().map(|q| (q, last_speaker));
                inherit_sentence_speaker(a, previous, paragraph_index, sentence.0)
            });
            let opens_sentence = sentence.0 == span.open;
            if found.is_none()
                && kind == QuoteKind::Direct
                && continues_previous(opens_sentence, span, &quotes, paragraph_index)
            {
                let last = quotes.last_mut().expect("continues_previous checked a quote");
                last.text = format!("{} {}", last.text, text);
                if last.paragraph == paragraph_index {
                    last.end = end;
                }
                continue;
            }
            let attribution = found.filter(|_| kind != QuoteKind::Scare);
            last_speaker = attribution.as_ref().and_then(|a| a.speaker);
            let entity = last_speaker.map(|s| context.tracker.get(s));
            quotes.push(Quote {
                text,
                kind,
                speaker: entity.map(|e| e.key.clone()),
                speaker_name: entity.map(|e| e.name.clone()),
                verb: attribution.map(|a| a.verb),
                paragraph: paragraph_index,
                start: span.open,
                end,
            });
        }
    }
    quotes
}

/// Direct when it reads as a statement (opens upper-case, five words or
/// ends with punctuation); a scare quote when a label word introduces a
/// short one; partial when attributed or a lower-case fragment of three
/// words or more that reads as part of a clause; otherwise a scare quote.
fn quote_kind(text: &str, attributed: bool, after_label_word: bool) -> QuoteKind {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'').to_lowercase())
        .collect();
    let opens_lower = text.chars().next().is_some_and(char::is_lowercase);
    let statement_like = !opens_lower && (words.len() >= 5 || text.ends_with([',', '.', '?', '!']));
    let clause_like = words.iter().any(|w| CLAUSE_WORDS.contains(&w.as_str()));
    if after_label_word && words.len() <= 4 {
        return QuoteKind::Scare;
    }
    match (attributed, statement_like) {
        (_, true) => QuoteKind::Direct,
        (false, false) if opens_lower && words.len() >= 3 && clause_like => QuoteKind::Partial,
        (true, false) => QuoteKind::Partial,
        (false, false) => QuoteKind::Scare,
    }
}

/// A second quote of a sentence whose clause names no speaker ("…,” adding
/// that it is “…”) keeps the speaker of the sentence's first quote.
fn inherit_sentence_speaker(
    mut found: Attribution,
    previous: Option<(&Quote, Option<usize>)>,
    paragraph: usize,
    sentence_start: usize,
) -> Attribution {
    if let Some((quote, speaker)) = previous {
        if found.speaker.is_none() && quote.paragraph == paragraph && quote.start >= sentence_start {
            found.speaker = speaker;
        }
    }
    found
}

/// A direct quote with no attribution that opens its sentence right after
/// an attributed quote (same paragraph, or opening the next one) carries on
/// that quote.
fn continues_previous(opens_sentence: bool, span: &Span, quotes: &[Quote], paragraph_index: usize) -> bool {
    let Some(last) = quotes.last() else { return false };
    if last.kind == QuoteKind::Scare || last.speaker.is_none() {
        return false;
    }
    let same_or_next = last.paragraph == paragraph_index || (last.paragraph + 1 == paragraph_index && span.open == 0);
    opens_sentence && same_or_next
}

/// Byte range of the sentence containing `at`.
fn sentence_around(sentences: &[(usize, usize)], paragraph: &str, at: usize) -> (usize, usize) {
    sentences.iter().copied().find(|&(start, end)| start <= at && at < end).unwrap_or((0, paragraph.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraphs: &[&str]) -> Vec<Quote> {
        let mut tracker = EntityTracker::default();
        let mut mentions = Vec::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            for sentence in split_sentences(paragraph) {
                for (entity, start, end) in tracker.sentence(index, sentence.text, sentence.start) {
                    mentions.push((index, start, end, entity));
                }
            }
        }
        find_quotes(paragraphs, &SpeakerContext { tracker: &tracker, mentions: &mentions })
    }

    fn speaker(quote: &Quote) -> &str {
        quote.speaker_name.as_deref().unwrap_or("-")
    }

    #[test]
    fn speakers_before_after_and_by_pronoun() {
        let quotes = check(&[
            "Mexican President Claudia Sheinbaum spoke on Tuesday. “Our answer has not changed since March,” she said.",
            "“The border stays open,” said Minister Omar Vidal.",
            "Vidal told reporters: “Trade comes first, and it will stay that way.”",
        ]);
        assert_eq!(quotes.len(), 3, "{quotes:#?}");
        assert_eq!(speaker(&quotes[0]), "Claudia Sheinbaum");
        assert_eq!(quotes[0].verb.as_deref(), Some("said"));
        assert_eq!(speaker(&quotes[1]), "Omar Vidal");
        assert_eq!(speaker(&quotes[2]), "Omar Vidal");
        assert!(quotes.iter().all(|q| q.kind == QuoteKind::Direct));
    }

    #[test]
    fn a_quote_split_by_its_attribution_is_one() {
        let quotes = check(&["“The ferries sail at dawn,” Varga said. “Nobody will be left on the quay.”"]);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].text, "The ferries sail at dawn, Nobody will be left on the quay.");
        assert_eq!(speaker(&quotes[0]), "Varga");
    }

    #[test]
    fn scare_quotes_are_not_statements() {
        let quotes =
            check(&["The plan, dubbed “Operation Shield”, drew criticism from the so-called “hawks” in Congress."]);
        assert_eq!(quotes.len(), 2);
        assert!(quotes.iter().all(|q| q.kind == QuoteKind::Scare && q.speaker.is_none()), "{quotes:#?}");
    }

    #[test]
    fn weekdays_are_not_speakers_and_lower_case_openings_are_partial() {
        let quotes = check(&[
            "“We are ready,” Trade Minister Ana Ruiz said Friday. She called the deal “a first step, not the last.”",
        ]);
        assert_eq!(speaker(&quotes[0]), "Ana Ruiz");
        assert_eq!(quotes[1].kind, QuoteKind::Partial);
        assert_eq!(speaker(&quotes[1]), "Ana Ruiz");
    }

    #[test]
    fn partial_quotes_keep_their_speaker() {
        let quotes = check(&["Senator Ana Ruiz said the decision was “deeply troubling” for the region."]);
        assert_eq!(quotes[0].kind, QuoteKind::Partial);
        assert_eq!(speaker(&quotes[0]), "Ana Ruiz");
    }

    #[test]
    fn according_to_and_continuation_paragraphs() {
        let quotes = check(&[
            "According to Minister Lena Ortiz, “the talks are over and nothing was agreed.”",
            "“We will try again next month.”",
        ]);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(speaker(&quotes[0]), "Lena Ortiz");
        assert!(quotes[0].text.ends_with("next month."));
    }

    #[test]
    fn attribution_after_a_quote_of_several_sentences() {
        let quotes = check(&[
            "Minister Omar Vidal met the unions on Monday.",
            "“Close the port? Fine by me. Whatever keeps the crews safe,” Vidal said, pointing at the storm charts.",
        ]);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(speaker(&quotes[0]), "Omar Vidal");
    }

    #[test]
    fn a_second_quote_of_the_sentence_keeps_its_speaker() {
        let quotes = check(&[
            "Minister Omar Vidal said, “The port stays shut,” adding that reopening was “not on the table this year.”",
        ]);
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        assert!(quotes.iter().all(|q| q.speaker_name.as_deref() == Some("Omar Vidal")), "{quotes:#?}");
    }

    #[test]
    fn labels_and_slogans_are_scare_quotes() {
        let quotes = check(&[
            "The council designated the gangs as “regional threats” and dropped its old “bread and roses” policy.",
        ]);
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        assert!(quotes.iter().all(|q| q.kind == QuoteKind::Scare), "{quotes:#?}");
    }
}
