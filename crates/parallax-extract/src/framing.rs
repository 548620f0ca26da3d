//! Framing signals: how an article tells its story beyond what it reports.
//! Loaded and evaluative words in the author's own voice, speculation and
//! insinuation ("raised concerns", "left many questioning", "widely seen
//! as"), evaluative sentences no source is given for, and the share of the
//! text that is quoted. The score sums weighted signals per hundred words
//! of authorial text and maps them onto 0..1, so long and short articles
//! compare; every point of it comes with the phrase that earned it.

use crate::quotes::{Quote, QuoteKind, ATTRIBUTION_VERBS};
use crate::sentences::split_sentences;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The word lists as sets, and the insinuations padded with spaces for
/// whole-word search, built once.
static LOADED: LazyLock<HashSet<&'static str>> = LazyLock::new(|| LOADED_WORDS.iter().copied().collect());
static REPORTING: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ATTRIBUTION_VERBS.iter().chain(REPORTING_VERBS).copied().collect());
/// All insinuations in one automaton: a sentence is searched once.
static INSINUATION_SEARCH: LazyLock<regex::Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = INSINUATIONS.iter().map(|phrase| regex::escape(phrase)).collect();
    regex::Regex::new(&format!(" (?:{}) ", alternatives.join("|"))).expect("static regex")
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// A word that judges rather than describes ("reckless", "slammed").
    Loaded,
    /// A phrase that suggests without saying who says so.
    Insinuation,
    /// A sentence in the author's voice that judges, with no source.
    UnattributedEvaluation,
}

/// One phrase that earned part of the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FramingSignal {
    pub kind: SignalKind,
    pub phrase: String,
    pub paragraph: usize,
    pub weight: f64,
}

/// An article's framing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    /// 0 (plain report) to 1 (opinion throughout).
    pub score: f64,
    /// Share of the body's characters inside statement quotes.
    pub quoted_share: f64,
    pub signals: Vec<FramingSignal>,
}

/// Words that judge. Only counted outside quotes: a quoted speaker's
/// judgement is reported, not the outlet's.
const LOADED_WORDS: &[&str] = &[
    "slammed",
    "slams",
    "blasted",
    "blasts",
    "lashed",
    "ranted",
    "rant",
    "tirade",
    "meltdown",
    "fumed",
    "scoffed",
    "caved",
    "capitulated",
    "capitulation",
    "bowed",
    "groveled",
    "grovelled",
    "appease",
    "appeasing",
    "appeasement",
    "reckless",
    "radical",
    "extremist",
    "draconian",
    "disastrous",
    "disaster",
    "catastrophic",
    "shameful",
    "outrageous",
    "shocking",
    "scandalous",
    "notorious",
    "infamous",
    "corrupt",
    "incompetent",
    "inept",
    "feeble",
    "weak",
    "weakness",
    "spineless",
    "cowardly",
    "defiant",
    "defiance",
    "brazen",
    "brazenly",
    "stubborn",
    "stubbornly",
    "arrogant",
    "hypocritical",
    "hypocrisy",
    "regime",
    "thugs",
    "puppet",
    "crony",
    "cronies",
    "propaganda",
    "plagued",
    "plague",
    "rampant",
    "impunity",
    "lawless",
    "chaos",
    "chaotic",
    "staggering",
    "alarming",
    "dire",
    "grim",
    "failing",
    "fiasco",
    "debacle",
    "humiliating",
    "humiliation",
    "embarrassing",
    "controversial",
    "so-called",
    "dubious",
    "questionable",
    "murky",
    "shadowy",
    "sinister",
    "menacing",
    "ruthless",
    "brutal",
    "vicious",
    "heroic",
    "courageous",
    "brilliant",
    "historic",
    "landmark",
    "bold",
    "boldly",
    "forcefully",
    "firmly",
    "categorically",
    "emphatically",
    "staunchly",
    "unprecedented",
    "extraordinary",
    "unfortunately",
    "clearly",
    "obviously",
    "undoubtedly",
    "surely",
    "merely",
    "mere",
    "desperate",
    "desperately",
    "unacceptable",
    "alarmingly",
];

/// Speculation and insinuation: suggestion with no one to stand behind it.
const INSINUATIONS: &[&str] = &[
    "raised concerns",
    "raising concerns",
    "raises concerns",
    "raised questions",
    "raising questions",
    "raises questions",
    "left many questioning",
    "leaving many questioning",
    "left many wondering",
    "many wonder",
    "many are asking",
    "some say",
    "some argue",
    "some believe",
    "critics say",
    "observers say",
    "widely seen as",
    "widely regarded as",
    "widely viewed as",
    "seen by many as",
    "is believed to",
    "are believed to",
    "it remains to be seen",
    "remains to be seen",
    "questions remain",
    "sparked speculation",
    "fueling speculation",
    "fuelling speculation",
    "fueling tensions",
    "fuelling tensions",
    "seemingly",
    "apparently",
    "appears to",
    "appeared to",
    "rather than",
    "it is no secret",
    "make no mistake",
    "whether she is",
    "whether he is",
    "whether they are",
    "at best",
    "at worst",
    "or worse",
];

/// Verbs that report someone's view, making a judging sentence theirs.
const REPORTING_VERBS: &[&str] = &[
    "highlighted",
    "urged",
    "condemned",
    "criticized",
    "criticised",
    "praised",
    "accused",
    "alleged",
    "called",
    "described",
    "denounced",
    "welcomed",
    "hailed",
];

/// Weights: an insinuation suggests more than a single word does, and a
/// whole judging sentence with no source more than either.
const LOADED_WEIGHT: f64 = 1.0;
const INSINUATION_WEIGHT: f64 = 2.0;
const UNATTRIBUTED_WEIGHT: f64 = 1.5;
/// Weighted signals per hundred authorial words at which the score is 0.5.
const HALF_SCORE_DENSITY: f64 = 3.0;

/// The framing of an article's body, given the quotes found in it.
pub fn framing(paragraphs: &[&str], quotes: &[Quote]) -> Framing {
    let mut signals = Vec::new();
    let (mut authorial_words, mut quoted_chars, mut total_chars) = (0usize, 0usize, 0usize);
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let quoted: Vec<(usize, usize)> = quotes
            .iter()
            .filter(|q| q.paragraph == index && q.kind != QuoteKind::Scare)
            .map(|q| (q.start, q.end))
            .collect();
        total_chars += paragraph.chars().count();
        quoted_chars +=
            quoted.iter().map(|&(s, e)| paragraph.get(s..e).map_or(0, |t| t.chars().count())).sum::<usize>();
        for sentence in split_sentences(paragraph) {
            let authorial = authorial_text(sentence.text, sentence.start, &quoted);
            authorial_words += authorial.split_whitespace().count();
            sentence_signals(index, sentence.text, &authorial, !quoted.is_empty(), &mut signals);
        }
    }
    let weight: f64 = signals.iter().map(|s| s.weight).sum();
    let density = 100.0 * weight / authorial_words.max(1) as f64;
    Framing {
        score: density / (density + HALF_SCORE_DENSITY),
        quoted_share: if total_chars == 0 { 0.0 } else { quoted_chars as f64 / total_chars as f64 },
        signals,
    }
}

/// The sentence's text outside statement quotes, lower-cased, with quoted
/// stretches replaced by a space.
fn authorial_text(sentence: &str, offset: usize, quoted: &[(usize, usize)]) -> String {
    let end = offset + sentence.len();
    let mut text = String::with_capacity(sentence.len());
    let mut from = offset;
    let mut inside: Vec<(usize, usize)> =
        quoted.iter().map(|&(s, e)| (s.max(offset), e.min(end))).filter(|(s, e)| s < e).collect();
    inside.sort_unstable();
    for (start, stop) in inside {
        if start > from {
            text.push_str(&sentence[from - offset..start - offset].to_lowercase());
        }
        text.push(' ');
        from = from.max(stop);
    }
    if from < end {
        text.push_str(&sentence[from - offset..].to_lowercase());
    }
    text
}

fn sentence_signals(
    paragraph: usize,
    sentence: &str,
    authorial: &str,
    paragraph_quotes: bool,
    signals: &mut Vec<FramingSignal>,
) {
    let before = signals.len();
    let words: Vec<&str> = authorial
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect();
    for word in &words {
        if LOADED.contains(word) {
            signals.push(signal(SignalKind::Loaded, word, paragraph, LOADED_WEIGHT));
        }
    }
    let padded = format!(" {} ", words.join(" "));
    let mut at = 0;
    while let Some(found) = INSINUATION_SEARCH.find_at(&padded, at) {
        signals.push(signal(SignalKind::Insinuation, found.as_str().trim(), paragraph, INSINUATION_WEIGHT));
        at = found.end() - 1;
    }
    let judged = signals.len() > before;
    let attributed = paragraph_quotes
        || words.iter().any(|w| REPORTING.contains(w))
        || padded.contains(" according to ")
        || padded.contains(" critics ");
    if judged && !attributed {
        signals.push(signal(SignalKind::UnattributedEvaluation, sentence.trim(), paragraph, UNATTRIBUTED_WEIGHT));
    }
}

fn signal(kind: SignalKind, phrase: &str, paragraph: usize, weight: f64) -> FramingSignal {
    FramingSignal { kind, phrase: phrase.to_string(), paragraph, weight }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(paragraphs: &[&str]) -> Framing {
        framing(paragraphs, &[])
    }

    #[test]
    fn a_plain_report_scores_low_and_an_editorial_high() {
        let plain = frame(&[
            "The port authority of Lindqvist reopened berth four on Monday after repairs to the crane rails.",
            "Ferries will use the berth from next week, the authority said in a statement.",
        ]);
        let editorial = frame(&[
            "The mayor's reckless plan has raised concerns across the harbour, and his failed record is no secret.",
            "His stubborn refusal to listen has left many questioning whether he is fit to govern at all.",
        ]);
        assert!(plain.score < 0.1, "{plain:#?}");
        assert!(editorial.score > 0.6, "{editorial:#?}");
        let phrases: Vec<&str> = editorial.signals.iter().map(|s| s.phrase.as_str()).collect();
        for expected in ["reckless", "raised concerns", "left many questioning", "stubborn"] {
            assert!(phrases.contains(&expected), "{phrases:?}");
        }
        assert!(editorial.signals.iter().any(|s| s.kind == SignalKind::UnattributedEvaluation));
    }

    #[test]
    fn a_speaker_s_words_are_not_the_outlet_s() {
        let paragraph = "“This reckless plan is a disaster,” Mayor Ines Halvorsen said.";
        let quote = Quote {
            text: "This reckless plan is a disaster,".into(),
            kind: QuoteKind::Direct,
            speaker: Some("person:ines halvorsen".into()),
            speaker_name: Some("Ines Halvorsen".into()),
            verb: Some("said".into()),
            paragraph: 0,
            start: 0,
            end: paragraph.find(" Mayor").unwrap(),
        };
        let framed = framing(&[paragraph], &[quote]);
        assert!(framed.signals.is_empty(), "{framed:#?}");
        assert!(framed.quoted_share > 0.5);
    }
}
