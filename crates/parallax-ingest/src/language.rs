//! Language detection for articles whose source does not declare one.

use parallax_model::Paragraph;

/// Bytes of body text looked at: enough for a reliable guess on news prose,
/// and detection cost grows with the sample (it was the largest cost of
/// plain-text ingest at 2,000).
const SAMPLE_CHARS: usize = 600;

/// The ISO 639-1 code of the body's language when the detector is confident.
pub fn detect_language(paragraphs: &[Paragraph]) -> Option<String> {
    let mut sample = String::with_capacity(SAMPLE_CHARS + 200);
    for paragraph in paragraphs.iter().filter(|p| p.is_body()) {
        sample.push_str(&paragraph.text);
        sample.push(' ');
        if sample.len() >= SAMPLE_CHARS {
            let cut = (SAMPLE_CHARS..sample.len()).find(|i| sample.is_char_boundary(*i)).unwrap_or(sample.len());
            sample.truncate(cut);
            break;
        }
    }
    if is_plainly_english(&sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&sample)?;
    let confident = info.is_reliable() || (info.confidence() > 0.5 && sample.len() > 200);
    confident.then(|| iso_639_1(info.lang()).to_string())
}

/// The commonest English function words; none is a frequent word of another
/// language written in Latin script.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "said", "by", "at", "it", "from", "his",
    "her", "has", "have", "be", "are", "were", "will", "would", "its", "their", "they", "this", "which",
];

/// Share of function words from which a sample is English without further
/// analysis: running prose sits near 40%, other languages near 0.
const ENGLISH_SHARE: f64 = 0.25;

/// A fast path for the commonest case: a trigram detector is the largest
/// cost of building a plain-text article, and English prose is recognised by
/// its function words alone.
fn is_plainly_english(sample: &str) -> bool {
    let mut words = 0usize;
    let mut function_words = 0usize;
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(120) {
        words += 1;
        let lower = word.to_ascii_lowercase();
        function_words += usize::from(ENGLISH_FUNCTION_WORDS.contains(&lower.as_str()));
    }
    words >= 20 && function_words as f64 >= ENGLISH_SHARE * words as f64
}

/// Two-letter codes for the languages whatlang knows; three letters otherwise.
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Spa => "es",
        Fra => "fr",
        Deu => "de",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Hin => "hi",
        Jpn => "ja",
        Kor => "ko",
        Cmn => "zh",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Slk => "sk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Pes => "fa",
        Cat => "ca",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        assert_eq!(detect_language(&[Paragraph::body(text)]).as_deref(), expect, "{text}");
    }

    #[test]
    fn languages_are_detected() {
        check("The harbour board said on Monday that the strike had cost the port more than it could afford, and that it was ready to talk.", Some("en"));
        check("Der Hafen von Calder blieb am Montag geschlossen, nachdem die Gewerkschaft zum Streik aufgerufen hatte und keine Gespräche geplant waren.", Some("de"));
        check("El puerto de Calder permaneció cerrado el lunes después de que el sindicato convocara una huelga y no se anunciaran nuevas negociaciones.", Some("es"));
        check("ok", None);
    }
}
