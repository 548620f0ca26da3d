//! Language detection for articles whose source does not declare one.

use parallax_model::Paragraph;

/// Characters of body text looked at: enough for a reliable guess, cheap.
const SAMPLE_CHARS: usize = 2_000;

/// The ISO 639-1 code of the body's language when the detector is confident.
pub fn detect_language(paragraphs: &[Paragraph]) -> Option<String> {
    let mut sample = String::with_capacity(SAMPLE_CHARS + 200);
    for paragraph in paragraphs.iter().filter(|p| p.is_body()) {
        sample.push_str(&paragraph.text);
        sample.push(' ');
        if sample.len() >= SAMPLE_CHARS {
            break;
        }
    }
    let info = whatlang::detect(&sample)?;
    let confident = info.is_reliable() || (info.confidence() > 0.5 && sample.len() > 200);
    confident.then(|| iso_639_1(info.lang()).to_string())
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
