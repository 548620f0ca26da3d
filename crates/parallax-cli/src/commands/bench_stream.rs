//! The synthetic stream for the dedup and clustering benchmarks: stories
//! recombined from real article sentences, each cut from one document and
//! given its own names, figures and dates, and planted near-duplicate
//! copies. Deterministic (seeded).

use chrono::{DateTime, Duration, Utc};
use std::path::Path;

/// One generated article, and one line of a stream file.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StreamItem {
    pub id: String,
    pub title: String,
    pub text: String,
    pub published: DateTime<Utc>,
    /// The story it was written for (the generator's design, for scoring).
    #[serde(default)]
    pub story: usize,
    /// The index of the article this one copies, when planted as a copy.
    pub copy_of: Option<usize>,
}

/// SplitMix64, seeded: the stream is the same on every run.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// Source documents: the sample corpus, and ECB+ texts when the file exists.
pub fn base_documents(corpus: &Path, ecbplus: Option<&Path>) -> anyhow::Result<Vec<Vec<String>>> {
    let mut docs = Vec::new();
    for event in parallax_ingest::read_sources(&[corpus.to_path_buf()], &parallax_ingest::IngestConfig::default())? {
        if let parallax_ingest::SourceEvent::Record(record) = event {
            if let Ok(article) = record.build(Utc::now()) {
                docs.push(sentences(&article.body().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    if let Some(path) = ecbplus.filter(|p| p.exists()) {
        for line in std::fs::read_to_string(path)?.lines() {
            let value: serde_json::Value = serde_json::from_str(line)?;
            if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
                docs.push(sentences(&text.replace('\n', " ")));
            }
        }
    }
    docs.retain(|d| d.len() >= 3);
    Ok(docs)
}

fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(". ").map(|s| s.trim().to_string()).filter(|s| s.split_whitespace().count() >= 4).collect()
}

/// A made-up name for story `k`, so that stories built from one source differ.
fn story_name(mut k: usize) -> String {
    const SYLLABLES: [&str; 16] =
        ["var", "do", "ke", "lin", "mo", "ra", "su", "tel", "ba", "ni", "quo", "ze", "fa", "ro", "mi", "ta"];
    let mut name = String::new();
    for _ in 0..4 {
        name.push_str(SYLLABLES[k % 16]);
        k /= 16;
    }
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// A source sentence as story `story` tells it: every capitalised word (a
/// name, or a sentence's opening word, which may be one) swapped for the
/// story's own made-up one, and every number, also one leading a word
/// ("76ers"), moved by the story's own offset. Two stories cut from one
/// source document are then two events of one kind, as ECB+ pairs them:
/// the same words, other people and places, other figures.
fn disguised(sentence: &str, story: usize) -> String {
    let offset = 1 + (story % 89) as u64;
    let words: Vec<String> = sentence
        .split(' ')
        .map(|word| {
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let digits = core.len() - core.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let disguise = if let Ok(number) = core[..digits].parse::<u64>() {
                format!("{}{}", number + offset, &core[digits..])
            } else if core.chars().next().is_some_and(char::is_uppercase) {
                story_name(fnv(core.as_bytes()) as usize ^ story.wrapping_mul(0x9E37_79B9))
            } else {
                return word.to_string();
            };
            word.replacen(core, &disguise, 1)
        })
        .collect();
    words.join(" ")
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// How often a rewrite drops a word, and as often swaps one for a filler:
/// one in this many words each.
#[derive(Clone, Copy)]
enum Edits {
    /// An outlet writing the story itself: about one word in eight
    /// touched, so that two such articles share few five-word shingles.
    Written = 16,
    /// A syndicated copy's light edit: about one word in twenty.
    Copied = 40,
}

/// Rewrites a sentence as another outlet would: every number shifted a
/// little now and then, and words dropped or swapped at the rate `edits`
/// says.
fn rewrite(sentence: &str, edits: Edits, random: &mut Seeded) -> String {
    const FILLERS: [&str; 8] = ["reportedly", "also", "then", "officially", "later", "again", "still", "now"];
    let one_in = edits as usize;
    let mut words = Vec::new();
    for word in sentence.split(' ') {
        match (word.parse::<u64>(), random.below(one_in)) {
            (Ok(n), roll) if n > 2 && roll * 40 < one_in * 13 => {
                words.push((n + 1 + random.below(3) as u64).to_string())
            }
            (_, 0) => {}
            (_, 1) => words.push(FILLERS[random.below(FILLERS.len())].to_string()),
            _ => words.push(word.to_string()),
        }
    }
    words.join(" ")
}

/// Articles per story.
const ARTICLES_PER_STORY: usize = 8;
/// Fewest sentences of a story's source document: from fewer, its
/// articles would copy each other.
const POOL_SENTENCES: usize = 6;
/// One article in this many is a planted copy of an earlier one.
const COPY_EVERY: usize = 20;

/// Generates articles from `base` one at a time, holding only the current
/// story's articles (the ones a planted copy may copy). Each story is cut
/// from one source document, disguised as its own event.
pub struct StreamGenerator<'b> {
    base: &'b [Vec<String>],
    /// The documents long enough to cut a story from (all, if none is).
    sources: Vec<usize>,
    random: Seeded,
    count: usize,
    stories: usize,
    index: usize,
    pool: Vec<String>,
    pool_story: usize,
    /// (index, title, text) of the latest articles.
    recent: std::collections::VecDeque<(usize, String, String)>,
    start: DateTime<Utc>,
}

impl<'b> StreamGenerator<'b> {
    pub fn new(base: &'b [Vec<String>], count: usize, seed: u64) -> StreamGenerator<'b> {
        let mut sources: Vec<usize> = (0..base.len()).filter(|&d| base[d].len() >= POOL_SENTENCES).collect();
        if sources.is_empty() {
            sources = (0..base.len()).collect();
        }
        StreamGenerator {
            base,
            sources,
            random: Seeded::new(seed),
            count,
            stories: count.div_ceil(ARTICLES_PER_STORY),
            index: 0,
            pool: Vec::new(),
            pool_story: usize::MAX,
            recent: Default::default(),
            start: "2025-01-01T00:00:00Z".parse().expect("static date"),
        }
    }

    fn story_of(&self, index: usize) -> usize {
        index * self.stories / self.count
    }

    fn published(&mut self, story: usize) -> DateTime<Utc> {
        let minutes = (story as i64 * 300 * 24 * 60) / self.stories as i64 + self.random.below(48 * 60) as i64;
        self.start + Duration::minutes(minutes)
    }

    fn open_story(&mut self, story: usize) {
        let source = &self.base[self.sources[self.random.below(self.sources.len())]];
        self.pool = source.iter().map(|sentence| disguised(sentence, story)).collect();
        self.pool_story = story;
        self.recent.clear();
    }

    fn planted_copy(&mut self, index: usize, published: DateTime<Utc>) -> StreamItem {
        let (original, title, text) = self.recent[self.random.below(self.recent.len())].clone();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.len() > 6 {
            lines.remove(self.random.below(lines.len()));
        }
        let edited = self.random.below(lines.len());
        lines[edited] = rewrite(&lines[edited], Edits::Copied, &mut self.random);
        let text = format!("{}\nReporting by the bench desk.", lines.join("\n"));
        StreamItem { id: format!("a{index}"), title, text, published, story: self.pool_story, copy_of: Some(original) }
    }

    fn written(&mut self, index: usize, story: usize, published: DateTime<Utc>) -> StreamItem {
        let name = story_name(story);
        let mut chosen: Vec<usize> = (0..self.pool.len()).filter(|_| self.random.below(5) < 4).collect();
        if chosen.len() < 3 {
            chosen = (0..self.pool.len().min(3)).collect();
        }
        let text: Vec<String> = chosen
            .into_iter()
            .map(|position| {
                let sentence = rewrite(&self.pool[position], Edits::Written, &mut self.random);
                if position % 4 == 0 {
                    format!("{name} officials said: {sentence}")
                } else {
                    sentence
                }
            })
            .collect();
        let title = format!("{name}: {}", self.pool[0].split_whitespace().take(8).collect::<Vec<_>>().join(" "));
        StreamItem { id: format!("a{index}"), title, text: text.join("\n"), published, story, copy_of: None }
    }
}

impl Iterator for StreamGenerator<'_> {
    type Item = StreamItem;

    fn next(&mut self) -> Option<StreamItem> {
        if self.index == self.count || self.base.is_empty() {
            return None;
        }
        let (index, story) = (self.index, self.story_of(self.index));
        self.index += 1;
        if story != self.pool_story {
            self.open_story(story);
        }
        let published = self.published(story);
        let item = if !self.recent.is_empty() && index % COPY_EVERY == 0 {
            self.planted_copy(index, published)
        } else {
            self.written(index, story, published)
        };
        self.recent.push_back((index, item.title.clone(), item.text.clone()));
        if self.recent.len() >= ARTICLES_PER_STORY {
            self.recent.pop_front();
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_deterministic_and_plants_copies() {
        let base = vec![vec!["The port closed on Monday after 40 ships waited.".to_string(); 6]; 3];
        let generate = |seed| StreamGenerator::new(&base, 400, seed).collect::<Vec<_>>();
        let (a, b) = (generate(9), generate(9));
        assert_eq!(a.iter().map(|i| &i.text).collect::<Vec<_>>(), b.iter().map(|i| &i.text).collect::<Vec<_>>());
        let copies = a.iter().filter(|i| i.copy_of.is_some()).count();
        assert!((10..=20).contains(&copies), "one in twenty, except at a story's first article: {copies}");
        assert!(a.iter().enumerate().all(|(index, item)| item.copy_of.is_none_or(|original| original < index)));
        assert!(a.iter().all(|item| item.copy_of.is_none_or(|original| a[original].story == item.story)));
        assert_ne!(a[1].text, a[2].text, "articles of one story are written independently");
        assert_eq!(a.iter().map(|item| item.story).max(), Some(400 / ARTICLES_PER_STORY - 1));
    }

    #[test]
    fn stories_cut_from_one_document_get_their_own_names_and_figures() {
        let sentence = "Police in Calder said 40 ships and the 76ers waited, Ida Moor reported.";
        let (first, second) = (disguised(sentence, 3), disguised(sentence, 4));
        assert_ne!(first, second);
        for (story, told) in [(3, &first), (4, &second)] {
            let words: Vec<&str> = told.split(' ').collect();
            assert_eq!(words.len(), sentence.split(' ').count(), "word for word: {told}");
            for gone in ["Police", "Calder", "40", "76ers", "Ida", "Moor"] {
                assert!(
                    !words.iter().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == gone),
                    "{gone} in {told}"
                );
            }
            assert!(told.contains(&format!(" {} ships", 40 + 1 + story)), "{told}");
            assert!(told.contains(&format!(" {}ers ", 76 + 1 + story)), "{told}");
            assert!(told.contains(" said ") && told.contains(" waited, ") && told.ends_with(" reported."));
        }
        assert_eq!(disguised(sentence, 3), first, "the same story tells it the same way");
    }
}
