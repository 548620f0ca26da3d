//! Words of a sentence with their byte offsets, and the word lists the
//! analysers share.

/// A word and where it starts in its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Word<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits on whitespace and dashes and trims punctuation (keeping inner dots, hyphens,
/// apostrophes, commas and dots inside numbers).
pub fn words(sentence: &str) -> Vec<Word<'_>> {
    let mut found = Vec::new();
    let mut offset = 0;
    for raw in sentence.split_inclusive(|c: char| c.is_whitespace() || c == '—' || c == '–') {
        let start = offset;
        offset += raw.len();
        let trimmed_start = raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '$' && c != '€' && c != '£');
        let lead = raw.len() - trimmed_start.len();
        let text = trimmed_start.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
        let text = text.strip_suffix("’s").or_else(|| text.strip_suffix("'s")).unwrap_or(text);
        if !text.is_empty() {
            found.push(Word { text, start: start + lead });
        }
    }
    found
}

/// Capitalised words that open sentences without being names (weekday
/// names count too: see `parallax_model::WEEKDAY_NAMES`).
pub const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "since",
    "for",
    "from",
    "with",
    "by",
    "of",
    "to",
    "under",
    "over",
    "during",
    "meanwhile",
    "however",
    "still",
    "yet",
    "so",
    "then",
    "now",
    "today",
    "yesterday",
    "according",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "what",
    "why",
    "how",
    "who",
    "where",
    "earlier",
    "later",
    "last",
    "next",
    "both",
    "each",
    "one",
    "two",
    "three",
    "more",
    "about",
    "among",
    "despite",
    "although",
    "though",
    "because",
    "instead",
    "also",
    "only",
    "even",
    "officials",
    "critics",
    "analysts",
    "residents",
    "asked",
    "speaking",
];

/// Titles and offices before a name.
pub const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "gen",
    "general",
    "governor",
    "gov",
    "mayor",
    "ambassador",
    "chancellor",
    "king",
    "queen",
    "pope",
    "judge",
    "justice",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "foreign",
    "defence",
    "defense",
    "security",
    "interior",
    "finance",
    "mr",
    "mrs",
    "ms",
    "dr",
    "rep",
    "representative",
    "chief",
    "director",
    "commissioner",
    "chair",
    "chairman",
    "chairwoman",
    "leader",
    "deputy",
    "vice",
    "former",
    "attorney",
    "state",
    "lt",
    "col",
    "colonel",
    "captain",
    "capt",
    "admiral",
    "adm",
    "sheriff",
    "premier",
    "councillor",
    "councilor",
    "professor",
    "prof",
    "executive",
    "officer",
    "head",
    "envoy",
    "minister's",
];

/// Words that make a capitalised run a place ("Tessaly River").
pub const PLACE_WORDS: &[&str] = &[
    "river",
    "lake",
    "sea",
    "bay",
    "gulf",
    "ocean",
    "valley",
    "mountain",
    "mountains",
    "island",
    "islands",
    "coast",
    "peninsula",
    "province",
    "region",
    "county",
    "district",
    "street",
    "square",
    "avenue",
    "strait",
    "canal",
];

/// Words that make a capitalised run an organisation.
pub const ORGANISATION_WORDS: &[&str] = &[
    "cartel",
    "party",
    "ministry",
    "department",
    "council",
    "union",
    "guild",
    "agency",
    "bank",
    "court",
    "army",
    "navy",
    "police",
    "office",
    "commission",
    "committee",
    "association",
    "company",
    "group",
    "corporation",
    "inc",
    "corp",
    "university",
    "institute",
    "government",
    "administration",
    "congress",
    "senate",
    "parliament",
    "guard",
    "forces",
    "organization",
    "organisation",
    "network",
    "times",
    "post",
    "news",
    "wire",
    "press",
    "authority",
    "board",
    "federation",
    "league",
    "front",
    "movement",
    "brigade",
    "service",
    "services",
    "foundation",
    "house",
    "cabinet",
    "tribunal",
    "assembly",
    "secretariat",
    "command",
    "coalition",
    "alliance",
    "bureau",
    "fund",
    "ltd",
    "airlines",
    "railways",
    "port",
];

/// Countries, blocs and capitals that stand for their country, with the
/// canonical name. "Washington" is the United States in its political sense.
pub const PLACE_ALIASES: &[(&str, &str)] = &[
    ("us", "United States"),
    ("u.s", "United States"),
    ("usa", "United States"),
    ("united states", "United States"),
    ("united states of america", "United States"),
    ("america", "United States"),
    ("washington", "United States"),
    ("uk", "United Kingdom"),
    ("u.k", "United Kingdom"),
    ("britain", "United Kingdom"),
    ("great britain", "United Kingdom"),
    ("united kingdom", "United Kingdom"),
    ("mexico", "Mexico"),
    ("mexico city", "Mexico City"),
    ("canada", "Canada"),
    ("china", "China"),
    ("beijing", "China"),
    ("russia", "Russia"),
    ("moscow", "Russia"),
    ("ukraine", "Ukraine"),
    ("kyiv", "Ukraine"),
    ("france", "France"),
    ("paris", "Paris"),
    ("germany", "Germany"),
    ("berlin", "Berlin"),
    ("spain", "Spain"),
    ("italy", "Italy"),
    ("japan", "Japan"),
    ("india", "India"),
    ("brazil", "Brazil"),
    ("colombia", "Colombia"),
    ("venezuela", "Venezuela"),
    ("ecuador", "Ecuador"),
    ("peru", "Peru"),
    ("argentina", "Argentina"),
    ("chile", "Chile"),
    ("cuba", "Cuba"),
    ("guatemala", "Guatemala"),
    ("honduras", "Honduras"),
    ("el salvador", "El Salvador"),
    ("israel", "Israel"),
    ("iran", "Iran"),
    ("iraq", "Iraq"),
    ("syria", "Syria"),
    ("turkey", "Turkey"),
    ("egypt", "Egypt"),
    ("texas", "Texas"),
    ("california", "California"),
    ("arizona", "Arizona"),
    ("sinaloa", "Sinaloa"),
    ("jalisco", "Jalisco"),
    ("tamaulipas", "Tamaulipas"),
    ("chihuahua", "Chihuahua"),
    ("michoacan", "Michoacán"),
    ("michoacán", "Michoacán"),
    ("london", "London"),
    ("new york", "New York"),
    ("africa", "Africa"),
    ("europe", "Europe"),
    ("asia", "Asia"),
    ("latin america", "Latin America"),
];

/// Blocs and bodies known by short forms, with the canonical name.
pub const ORGANISATION_ALIASES: &[(&str, &str)] = &[
    ("european union", "European Union"),
    ("eu", "European Union"),
    ("un", "United Nations"),
    ("u.n", "United Nations"),
    ("united nations", "United Nations"),
    ("nato", "NATO"),
];

/// Demonyms that qualify a title ("Mexican President") with a country.
pub const DEMONYMS: &[(&str, &str)] = &[
    ("mexican", "Mexico"),
    ("american", "United States"),
    ("us", "United States"),
    ("u.s", "United States"),
    ("canadian", "Canada"),
    ("british", "United Kingdom"),
    ("chinese", "China"),
    ("russian", "Russia"),
    ("ukrainian", "Ukraine"),
    ("french", "France"),
    ("german", "Germany"),
    ("spanish", "Spain"),
    ("colombian", "Colombia"),
    ("venezuelan", "Venezuela"),
    ("brazilian", "Brazil"),
    ("israeli", "Israel"),
    ("iranian", "Iran"),
    ("indian", "India"),
    ("japanese", "Japan"),
];

/// Whether a lower-case word is a title or office ("president", "minister").
pub fn is_title(lower: &str) -> bool {
    TITLES.contains(&lower)
}

pub fn place_alias(lower: &str) -> Option<&'static str> {
    PLACE_ALIASES.iter().find(|(alias, _)| *alias == lower).map(|(_, name)| *name)
}

pub fn organisation_alias(lower: &str) -> Option<&'static str> {
    ORGANISATION_ALIASES.iter().find(|(alias, _)| *alias == lower).map(|(_, name)| *name)
}

pub fn demonym(lower: &str) -> Option<&'static str> {
    DEMONYMS.iter().find(|(word, _)| *word == lower).map(|(_, country)| *country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_offsets_and_trim_punctuation() {
        let sentence = "“Sheinbaum’s plan,” said Gen. Ruiz (U.S.), costs $4.5 billion, 12%.";
        let found: Vec<&str> = words(sentence).iter().map(|w| w.text).collect();
        assert_eq!(found, vec!["Sheinbaum", "plan", "said", "Gen", "Ruiz", "U.S", "costs", "$4.5", "billion", "12%"]);
        for word in words(sentence) {
            assert_eq!(&sentence[word.start..word.end()], word.text);
        }
    }
}
