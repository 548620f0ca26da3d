//! Named entities: capitalised runs found by rule, typed as people,
//! organisations, places or other, and linked within the article to one
//! canonical entity each ("Mexican President Claudia Sheinbaum",
//! "President Sheinbaum" and "Sheinbaum" are one person whose role is
//! president of Mexico; "the US", "the United States" and "Washington" are
//! one place-actor). The canonical key depends only on the name, so the
//! same entity gets the same key in every article that names it fully.

use crate::words::{
    demonym, organisation_alias, place_alias, words, Word, ORGANISATION_WORDS, PLACE_WORDS, SENTENCE_OPENERS, TITLES,
};
use parallax_model::{MONTH_NAMES, WEEKDAY_NAMES};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
    Other,
}

/// Where an entity is named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub paragraph: usize,
    /// Byte offset in the paragraph.
    pub start: usize,
    pub text: String,
}

/// One canonical entity of an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable across articles: kind and normalised full name.
    pub key: String,
    pub name: String,
    pub kind: EntityKind,
    /// Titles and offices it is given ("president of Mexico").
    pub roles: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// A capitalised run before linking.
#[derive(Clone, Debug)]
struct Candidate {
    name_words: Vec<String>,
    role: Option<String>,
    start: usize,
    text: String,
    after_locative: bool,
    /// The run opens its sentence, where capitals say nothing.
    sentence_initial: bool,
    /// An upper-case place opening a wire dateline ("CALDER, March 3").
    dateline: bool,
    /// Followed by a speech verb ("Marchetti said"): a speaker.
    speaks: bool,
}

/// Connectors allowed inside a name when a capitalised word follows.
const CONNECTORS: &[&str] = &["of", "de", "del", "la", "los", "las", "for", "the", "y", "van", "von", "da", "al"];
/// Verbs after which a lone capitalised word is a person.
const SPEECH_VERBS: &[&str] = &["said", "says", "told", "added", "stated", "insisted", "warned", "replied", "wrote"];

/// Capitalised words that are never names.
const NOT_NAMES: &[&str] = &["ok", "okay", "tv", "am", "pm", "no", "yes"];
const LOCATIVES: &[&str] = &["in", "from", "to", "near", "across", "into", "at", "throughout"];

/// Collects entities mention by mention, in reading order.
#[derive(Debug, Default)]
pub struct EntityTracker {
    entities: Vec<Entity>,
    /// The most recently named person (for pronouns).
    last_person: Option<usize>,
}

impl EntityTracker {
    /// Finds and links the entities of one sentence; returns (entity index,
    /// byte start in the paragraph, byte end) of each mention, in order.
    pub fn sentence(&mut self, paragraph: usize, sentence: &str, offset: usize) -> Vec<(usize, usize, usize)> {
        candidates(sentence)
            .into_iter()
            .filter_map(|candidate| {
                let (start, end) = (offset + candidate.start, offset + candidate.start + candidate.text.len());
                Some((self.link(paragraph, offset, candidate)?, start, end))
            })
            .collect()
    }

    pub fn last_person(&self) -> Option<usize> {
        self.last_person
    }

    pub fn get(&self, index: usize) -> &Entity {
        &self.entities[index]
    }

    /// The entities, in order of first mention. (A surname-only person
    /// named fully later was already folded into the full name on linking.)
    pub fn finish(self) -> Vec<Entity> {
        self.entities
    }

    /// Links a candidate to its entity; none for an unknown single word
    /// opening a sentence ("Concerns over ...", "Whatever we do").
    fn link(&mut self, paragraph: usize, offset: usize, candidate: Candidate) -> Option<usize> {
        let kind = if self.organisation_extending(&candidate.name_words.join(" ")).is_some() {
            EntityKind::Organisation
        } else {
            kind_of(&candidate, |surname| self.person_with_surname(surname).is_some())
        };
        let unknown_opener = candidate.sentence_initial && candidate.name_words.len() == 1 && kind == EntityKind::Other;
        if unknown_opener && !self.entities.iter().any(|e| e.name == candidate.name_words[0]) {
            return None;
        }
        let name = canonical_name(&candidate, kind);
        let index = self.find_or_add(&name, kind, &candidate);
        let entity = &mut self.entities[index];
        if let Some(role) = &candidate.role {
            if !entity.roles.contains(role) {
                entity.roles.push(role.clone());
            }
        }
        entity.mentions.push(Mention { paragraph, start: offset + candidate.start, text: candidate.text });
        if kind == EntityKind::Person {
            self.last_person = Some(index);
        }
        Some(index)
    }

    fn person_with_surname(&self, surname: &str) -> Option<usize> {
        let surname = surname.to_lowercase();
        (0..self.entities.len()).rev().find(|&index| {
            let entity = &self.entities[index];
            entity.kind == EntityKind::Person && entity.name.to_lowercase().rsplit(' ').next() == Some(surname.as_str())
        })
    }

    fn find_or_add(&mut self, name: &str, kind: EntityKind, candidate: &Candidate) -> usize {
        let key = entity_key(kind, name);
        if let Some(index) = self.entities.iter().position(|e| e.key == key) {
            return index;
        }
        if let Some(index) = self.same_entity(name, kind, candidate) {
            return index;
        }
        self.entities.push(Entity { key, name: name.to_string(), kind, roles: Vec::new(), mentions: Vec::new() });
        self.entities.len() - 1
    }

    /// A person named by surname, or by a longer form of a surname-only
    /// mention; an organisation named by a prefix of a longer name.
    fn same_entity(&mut self, name: &str, kind: EntityKind, candidate: &Candidate) -> Option<usize> {
        match kind {
            EntityKind::Person if candidate.name_words.len() == 1 => self.person_with_surname(name),
            EntityKind::Person => {
                let surname = name.rsplit(' ').next()?.to_lowercase();
                let index = self.entities.iter().position(|e| {
                    matches!(e.kind, EntityKind::Person | EntityKind::Other) && e.name.to_lowercase() == surname
                })?;
                let entity = &mut self.entities[index];
                entity.name = name.to_string();
                entity.kind = EntityKind::Person;
                entity.key = entity_key(kind, name);
                Some(index)
            }
            EntityKind::Organisation => self.organisation_extending(name),
            _ => None,
        }
    }

    /// An organisation whose name extends `name` or is extended by it, by
    /// whole words, sharing at least two.
    fn organisation_extending(&self, name: &str) -> Option<usize> {
        let lower = name.to_lowercase();
        self.entities.iter().position(|e| {
            let other = e.name.to_lowercase();
            e.kind == EntityKind::Organisation
                && lower.split(' ').count().min(other.split(' ').count()) >= 2
                && (other.starts_with(&format!("{lower} ")) || lower.starts_with(&format!("{other} ")))
        })
    }
}

fn entity_key(kind: EntityKind, name: &str) -> String {
    let kind = match kind {
        EntityKind::Person => "person",
        EntityKind::Organisation => "org",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    };
    let mut words: Vec<String> = name.split(' ').map(|w| w.to_lowercase()).filter(|w| w != "the").collect();
    if kind == "org" && words.len() > 1 && words.last().is_some_and(|w| ORGANISATION_WORDS.contains(&w.as_str())) {
        words.pop();
    }
    if let Some(last) = words.last_mut() {
        *last = last.trim_end_matches(['\'', '’']).to_string();
    }
    format!("{kind}:{}", words.join(" "))
}

fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
}

fn kind_of(candidate: &Candidate, known_surname: impl Fn(&str) -> bool) -> EntityKind {
    let lower: Vec<String> = candidate.name_words.iter().map(|w| w.to_lowercase()).collect();
    let joined = lower.join(" ");
    if place_alias(&joined).is_some() {
        return EntityKind::Place;
    }
    if organisation_alias(&joined).is_some() {
        return EntityKind::Organisation;
    }
    if candidate.dateline || lower.len() > 1 && lower.last().is_some_and(|w| PLACE_WORDS.contains(&w.as_str())) {
        return EntityKind::Place;
    }
    if lower.iter().any(|w| ORGANISATION_WORDS.contains(&w.as_str()))
        || candidate.name_words.iter().any(|w| is_acronym(w))
    {
        return EntityKind::Organisation;
    }
    if candidate.role.is_some() {
        return EntityKind::Person;
    }
    match candidate.name_words.len() {
        1 if known_surname(&candidate.name_words[0]) => EntityKind::Person,
        1 if candidate.after_locative => EntityKind::Place,
        1 if candidate.speaks => EntityKind::Person,
        1 => EntityKind::Other,
        2..=4 => EntityKind::Person,
        _ => EntityKind::Other,
    }
}

fn canonical_name(candidate: &Candidate, kind: EntityKind) -> String {
    let joined = candidate.name_words.join(" ");
    match kind {
        EntityKind::Place => place_alias(&joined.to_lowercase()).map(str::to_string).unwrap_or(joined),
        EntityKind::Organisation => organisation_alias(&joined.to_lowercase()).map(str::to_string).unwrap_or(joined),
        _ => joined,
    }
}

/// Capitalised runs of a sentence, with leading titles peeled off as roles.
fn candidates(sentence: &str) -> Vec<Candidate> {
    let words = words(sentence);
    let mut found = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if !words[index].is_capitalised() {
            index += 1;
            continue;
        }
        let end = run_end(sentence, &words, index);
        if let Some(candidate) = candidate_from_run(&words, index, end, sentence) {
            found.push(candidate);
        }
        index = end;
    }
    found
}

/// One past the last word of the capitalised run starting at `start`.
fn run_end(sentence: &str, words: &[Word<'_>], start: usize) -> usize {
    let mut end = start + 1;
    while end < words.len() {
        let gap = &sentence[words[end - 1].end()..words[end].start];
        let plural_possessive = matches!(gap, "' " | "’ ") && words[end - 1].text.ends_with('s');
        if !gap.trim().is_empty() && !plural_possessive {
            break;
        }
        if words[end].is_capitalised() {
            end += 1;
        } else if CONNECTORS.contains(&words[end].text) && words.get(end + 1).is_some_and(|w| w.is_capitalised()) {
            end += 2;
        } else {
            break;
        }
    }
    end
}

fn candidate_from_run(words: &[Word<'_>], start: usize, end: usize, sentence: &str) -> Option<Candidate> {
    let mut first = start;
    let opener = words[0].lower();
    if first == 0 && (SENTENCE_OPENERS.contains(&opener.as_str()) || WEEKDAY_NAMES.contains(&opener.as_str())) {
        first += 1;
    }
    while first < end && CONNECTORS.contains(&words[first].lower().as_str()) {
        first += 1;
    }
    if first >= end {
        return None;
    }
    let run: Vec<&str> = words[first..end].iter().map(|w| w.text).collect();
    let lower = run[0].to_lowercase();
    if run.len() == 1 && (MONTH_NAMES.contains(&lower.as_str()) || WEEKDAY_NAMES.contains(&lower.as_str())) {
        return None;
    }
    let is_organisation = run.iter().any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()));
    // Everything up to the last title word is the role ("Trade Minister").
    let name_start = if is_organisation {
        0
    } else {
        run[..run.len() - 1].iter().rposition(|w| is_role_word(w)).map_or(0, |last| last + 1)
    };
    let name_words: Vec<String> = run[name_start..].iter().map(|w| w.to_string()).collect();
    if name_words.len() == 1 && is_role_word(&name_words[0]) && place_alias(&name_words[0].to_lowercase()).is_none() {
        return None;
    }
    let bare_organisation_word =
        name_words.len() == 1 && ORGANISATION_WORDS.contains(&name_words[0].to_lowercase().as_str());
    if bare_organisation_word {
        return None;
    }
    let last = name_words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    let joins_places =
        last.contains('-') && last.split('-').all(|part| place_alias(part.trim_end_matches('.')).is_some());
    if joins_places {
        return None;
    }
    if demonym(&last).is_some() && place_alias(&last).is_none() || NOT_NAMES.contains(&last.as_str()) {
        return None;
    }
    let mut role = (name_start > 0).then(|| role_text(&run[..name_start]));
    let mut name_words = name_words;
    if let Some(office) = posted_to(words, first, &run) {
        role = Some(office);
        name_words.remove(0);
    }
    let text_start = words[first].start;
    let text = sentence[text_start..words[end - 1].end()].to_string();
    let after_locative = place_context(words, first, end);
    let dateline = first == 0 && end == 1 && is_dateline(sentence, &words[0]);
    // "Forecasters said": a plural opening the sentence is no name.
    let plural_opener = first == 0 && words[end - 1].text.ends_with('s');
    let speaks = !plural_opener && words.get(end).is_some_and(|w| SPEECH_VERBS.contains(&w.lower().as_str()));
    let name_words = if dateline {
        vec![title_case(&name_words[0])]
    } else {
        keep_plural_possessives(sentence, &words[first..end], name_words)
    };
    Some(Candidate {
        name_words,
        role,
        start: text_start,
        text,
        after_locative,
        sentence_initial: first == 0,
        dateline,
        speaks,
    })
}

/// A single name placed as a place: after a locative ("in Calder", "at the
/// Dravon mine", "residents of Brennick") or before a place noun ("the
/// Valecrest region").
fn place_context(words: &[Word<'_>], first: usize, end: usize) -> bool {
    let before = |back: usize| first.checked_sub(back).map(|i| words[i].lower());
    let locative = |word: Option<String>| word.is_some_and(|w| LOCATIVES.contains(&w.as_str()) || w == "of");
    let after_locative = locative(before(1)) || before(1).as_deref() == Some("the") && locative(before(2));
    let place_noun_follows = words.get(end).is_some_and(|w| PLACE_WORDS.contains(&w.lower().as_str()));
    after_locative || place_noun_follows
}

/// "CALDER, March 3 (Wire) -": an upper-case word opening the paragraph,
/// then a comma.
fn is_dateline(sentence: &str, word: &Word<'_>) -> bool {
    word.start == 0
        && word.text.len() > 2
        && word.text.chars().all(|c| c.is_uppercase())
        && sentence[word.end()..].starts_with(", ")
}

fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "Dockworkers' Union": the apostrophe of a plural possessive inside a
/// name is part of it.
fn keep_plural_possessives(sentence: &str, run: &[Word<'_>], mut name_words: Vec<String>) -> Vec<String> {
    let offset = run.len() - name_words.len();
    for (index, word) in name_words.iter_mut().enumerate() {
        let source = &run[index + offset];
        if let Some(next) = run.get(index + offset + 1) {
            let gap = &sentence[source.end()..next.start];
            if gap.starts_with(['\'', '’']) {
                word.push_str(&gap[..gap.len() - 1]);
            }
        }
    }
    name_words
}

/// "Ambassador to Mexico Ronald Johnson": a run opening with a country
/// right after "<title> to" is the title's post, and the rest the name.
fn posted_to(words: &[Word<'_>], first: usize, run: &[&str]) -> Option<String> {
    let place = place_alias(&run[0].to_lowercase())?;
    let title = words.get(first.checked_sub(2)?)?.lower();
    let link = words[first - 1].lower();
    (run.len() >= 3 && matches!(link.as_str(), "to" | "of") && TITLES.contains(&title.as_str()))
        .then(|| format!("{title} {link} {place}"))
}

fn is_role_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    crate::words::is_title(&lower) || demonym(&lower).is_some()
}

/// "Mexican President" -> "president of Mexico"; other titles as written, lower-cased.
fn role_text(words: &[&str]) -> String {
    let country = words.iter().find_map(|w| demonym(&w.to_lowercase()));
    let office: Vec<String> =
        words.iter().filter(|w| demonym(&w.to_lowercase()).is_none()).map(|w| w.to_lowercase()).collect();
    match country {
        Some(country) if !office.is_empty() => format!("{} of {country}", office.join(" ")),
        _ => office.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraphs: &[&str]) -> Vec<Entity> {
        let mut tracker = EntityTracker::default();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            for sentence in crate::sentences::split_sentences(paragraph) {
                tracker.sentence(index, sentence.text, sentence.start);
            }
        }
        tracker.finish()
    }

    fn find<'e>(entities: &'e [Entity], key: &str) -> &'e Entity {
        entities.iter().find(|e| e.key == key).unwrap_or_else(|| panic!("no {key} in {entities:#?}"))
    }

    #[test]
    fn titles_surnames_and_aliases_link_to_one_entity() {
        let entities = check(&[
            "Mexican President Claudia Sheinbaum rejected the plan on Tuesday.",
            "President Sheinbaum said the United States must respect Mexico. Sheinbaum added that Washington had been told.",
            "The US embassy declined to comment.",
        ]);
        let president = find(&entities, "person:claudia sheinbaum");
        assert_eq!(president.mentions.len(), 3);
        assert!(president.roles.contains(&"president of Mexico".to_string()), "{:?}", president.roles);
        let us = find(&entities, "place:united states");
        assert_eq!(us.mentions.len(), 3, "{us:?}");
        assert_eq!(find(&entities, "place:mexico").kind, EntityKind::Place);
    }

    #[test]
    fn organisation_names_and_their_prefixes_are_one() {
        let entities =
            check(&["The Jalisco New Generation Cartel grew. Jalisco New Generation leaders fled to Sinaloa."]);
        let cartel = find(&entities, "org:jalisco new generation");
        assert_eq!(cartel.mentions.len(), 2, "{entities:#?}");
        assert_eq!(cartel.kind, EntityKind::Organisation);
    }

    #[test]
    fn surname_first_then_full_name_merge() {
        let entities = check(&["Officials met Varga. Later, Minister Ilona Varga spoke."]);
        let varga = find(&entities, "person:ilona varga");
        assert_eq!(varga.mentions.len(), 2);
        assert!(!entities.iter().any(|e| e.key == "other:varga"));
    }

    #[test]
    fn openers_adjectives_and_posts_are_not_names() {
        let entities = check(&[
            "Concerns over the levy grew. Latin American envoys and UN officials met in Ottawa.",
            "Canadian Ambassador to Mexico Pia Kessler said it was OK with her.",
        ]);
        let keys: Vec<&str> = entities.iter().map(|e| e.key.as_str()).collect();
        assert!(
            !keys.iter().any(|k| k.contains("concerns") || k.contains("american") || k.ends_with(":ok")),
            "{keys:?}"
        );
        assert_eq!(find(&entities, "org:united nations").kind, EntityKind::Organisation);
        let envoy = find(&entities, "person:pia kessler");
        assert_eq!(envoy.roles, vec!["ambassador to Mexico".to_string()]);
    }

    #[test]
    fn possessive_names_rivers_and_datelines() {
        let entities = check(&[
            "ORVIK, May 2 (Wire) - The Orvik Dockhands' Guild marched along the Lendra River.",
            "Residents of Tallow and the Brisk valley joined them.",
        ]);
        let keys: Vec<&str> = entities.iter().map(|e| e.key.as_str()).collect();
        for expected in ["place:orvik", "org:orvik dockhands", "place:lendra river", "place:tallow", "place:brisk"] {
            assert!(keys.contains(&expected), "{expected} not in {keys:?}");
        }
    }
}
