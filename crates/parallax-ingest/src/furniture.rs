//! Page furniture: the lines around an article that are not the article
//! (comment forms, share bars, newsletter boxes, "Recommendations", ads,
//! copyright lines). Matched against whole lines, never inside a sentence.

use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Lines that are furniture wherever they appear.
static FURNITURE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^(leave a (reply|comment)|post (a )?comment|add (a )?comment|comments?|\d+ comments?|join the (conversation|discussion)|cancel reply)$",
        r"^your email( address)? will (not|never) be (published|shown|shared)",
        r"^required fields are marked",
        r"^save my name,? email,? and website",
        r"^(name|email|website|comment|message)\s*\*?$",
        r"^(recommendations?|recommended( for you| stories| reading)?|related( articles| stories| posts| coverage| content)?|read (more|next|also)|more (from|on|stories|news)\b.*|you (may|might) (also )?(like|enjoy)|most (read|popular|viewed)|trending( now)?|editor'?s picks|top stories|latest news)$",
        r"^(share( this)?( article| story| post| page)?|share (on|via) \w+|click to (share|print|email)\b.*|tweet|email this|print( this)?( article)?|copy link|like this|like loading\.*|loading\.*|pin it|whatsapp|facebook|twitter|linkedin|reddit|telegram)$",
        r"^(advertisement|advert|ad|sponsored( content)?|promoted|story continues below( advertisement)?|continue reading( below)?|scroll to continue.*)$",
        r"^(follow us|like us|find us) on\b",
        r"^(sign up|subscribe)\b.*\b(newsletter|inbox|updates|alerts|briefing)\b",
        r"^(get|receive) (the|our) .*\b(newsletter|inbox|briefing)\b",
        r"^(newsletter|subscribe|sign up|sign in|log in|register|skip to (main )?content|menu|home|search)$",
        r"all rights reserved\.?$",
        r"^(this article|this story) (was|has been) (originally )?(published|updated)\b.{0,80}$",
        r"^(image|photo|picture|video|graphic)( credit)?\s*:.{0,120}$",
        r"\b(requires|enable|turn on) javascript\b",
        r"^\[\w+[^\]]*\].*\[/\w+\]$",
    ])
    .expect("furniture patterns compile")
});

/// Lines that are furniture whatever their length: tag lists, copyright lines.
static LABELLED_FURNITURE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^(tags?|filed under|categories|topics|posted in|more on|related topics|see also)\s*:",
        r"^(©|\(c\)|copyright\b)",
    ])
    .expect("labelled furniture patterns compile")
});

/// Sentences that make a short paragraph furniture: newsletter and app
/// calls, author contact lines, social follow lines.
static PROMO_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(sign up|subscribe|register|download|get|click here|follow (us|her|him|them|me)|have a (news )?tip|like us)\b.{0,160}\b(newsletter|inbox|delivered|subscription|our app|free app|on (twitter|facebook|instagram|x)|@|tips?)\b|\b(may|can) be reached (at|by)\b|^(contact|email) (the )?(author|reporter|writer)\b")
        .expect("promo sentence pattern")
});

/// Longest paragraph that a promotional sentence turns into furniture, in words.
const PROMO_PARAGRAPH_MAX_WORDS: usize = 45;

/// Lines after which everything short is furniture too (a comment form, a
/// list of recommended headlines).
static TAIL_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(leave a (reply|comment)|post a comment|\d* ?comments?|\d* ?(comentários|comentarios|commenti|kommentare|commentaires|reacties|комментарии|отзывы)|(deixe|deja) (um |seu |un |tu )?comentário|deja un comentario|lascia un commento|laisser un commentaire|kommentar schreiben|добавить (отзыв|комментарий)|оставить комментарий|join the (conversation|discussion)|recommendations?|recommended( for you| stories| reading)?|related( articles| stories| posts| coverage| content)?|read (more|next|also)|more (from|on|stories)\b.*|you (may|might) (also )?(like|enjoy)|most (read|popular|viewed)|share this( article| story)?)$")
        .expect("tail marker compiles")
});

/// Copyright lines that name the outlet: "© 2025 The Harbour Gazette. All rights reserved."
static COPYRIGHT_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?([^.,|]{3,60}?)\s*(?:[.,|]|all rights reserved|$)")
        .expect("copyright pattern compiles")
});

fn folded(line: &str) -> String {
    line.trim().trim_end_matches([':', '.', '…', '!', '»', '›', '>']).trim().to_lowercase().replace(['’', '‘'], "'")
}

/// True when the whole line is page furniture.
pub fn is_furniture(line: &str) -> bool {
    let folded = folded(line);
    if folded.is_empty() {
        return false;
    }
    let words = word_total(&folded);
    (words <= 30 && FURNITURE.is_match(&folded))
        || LABELLED_FURNITURE.is_match(&folded)
        || (words <= PROMO_PARAGRAPH_MAX_WORDS && has_promo_sentence(line))
}

fn has_promo_sentence(line: &str) -> bool {
    crate::line_shape::sentences(line).iter().any(|sentence| PROMO_SENTENCE.is_match(sentence))
}

/// True when the line opens a trailing furniture section.
pub fn is_tail_marker(line: &str) -> bool {
    TAIL_MARKER.is_match(&folded(line))
}

/// The outlet named by a copyright line, if the line is one.
pub fn outlet_from_copyright(line: &str) -> Option<String> {
    let captures = COPYRIGHT_OUTLET.captures(line.trim())?;
    let name = captures.get(1)?.as_str().trim();
    let meaningful = name.chars().any(char::is_alphabetic) && !name.eq_ignore_ascii_case("all rights reserved");
    meaningful.then(|| name.to_string())
}

fn word_total(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_recognised() {
        for line in [
            "Leave a Reply",
            "Your email will never be published. Required fields are marked *",
            "Recommendations",
            "Share this article",
            "Sign up for our morning newsletter to get the day's news in your inbox.",
            "ADVERTISEMENT",
            "Tags: ports, strikes",
            "© 2025 The Harbour Gazette. All rights reserved.",
            "Click to share on X (Opens in new window)",
            "This slideshow requires JavaScript.",
            "[button link=\"https://harbourgazette.example/tips\" type=\"big\"] Send us your tips[/button]",
            "Tags: ports, strikes, harbours, unions, shipping, Calder, labour, pay, talks, ferries, weather, tides, cranes, cargo, exports, imports, freight, berths, quays, docks, wharves, piers, boats, ships, crews, pilots, tugs",
            "There is plenty more where that came from. Sign up for the Harbour Brief to get it delivered to your inbox.",
            "Have a tip? Rhea Tamsin may be reached at rtamsin@harbourgazette.example.",
        ] {
            assert!(is_furniture(line), "{line}");
        }
    }

    #[test]
    fn body_sentences_are_not_furniture() {
        for line in [
            "Comments made by the minister on Tuesday drew a sharp reply.",
            "Share prices fell 4 percent after the announcement.",
            "The union said it would sign up new members before the vote.",
            "Related talks are expected to resume next week, officials said.",
            "Union members who sign up before Friday will get a vote on the offer, the union said in a newsletter sent to members on Monday.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn copyright_names_the_outlet() {
        assert_eq!(
            outlet_from_copyright("© 2025 The Harbour Gazette. All rights reserved.").as_deref(),
            Some("The Harbour Gazette")
        );
        assert_eq!(outlet_from_copyright("Copyright 2024 Northfield Courier"), Some("Northfield Courier".into()));
        assert_eq!(outlet_from_copyright("The harbour reopened."), None);
    }
}
