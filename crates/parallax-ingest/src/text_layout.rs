//! The layout of a raw plain-text capture: headline (possibly printed twice,
//! possibly preceded by a standfirst), standfirst, date line, byline, then a
//! body with subheads, inline labels, repeats and trailing furniture.
//!
//! The header is read by a small state machine over lines; the body is
//! handed to [`crate::body_tidy`].

use crate::article_draft::ArticleDraft;
use crate::body_tidy::{tidy_body, Layout};
use crate::date_parse::parse_date_line;
use crate::furniture::is_furniture;
use crate::line_shape::{ends_sentence, is_headline_like, parse_byline, sentences};
use parallax_model::{normalize_text, word_count, DateSource, Paragraph};

/// Longest headline, in words.
const HEADLINE_MAX_WORDS: usize = 25;
/// Longest one-sentence standfirst after a headline, in words; ledes are longer.
const SHORT_DEK_MAX_WORDS: usize = 22;
/// Longest standfirst printed before the headline, in words.
const LEADING_DEK_MAX_WORDS: usize = 80;

/// Reads a plain-text capture into a draft.
pub fn parse_capture(text: &str) -> ArticleDraft {
    parse_units(&split_units(text))
}

/// Reads a capture split into units (`split_units`) into a draft.
fn parse_units(units: &[String]) -> ArticleDraft {
    let mut draft = ArticleDraft::default();
    let body_start = read_header(units, &mut draft);
    let body_units = units[body_start..].iter().map(|u| Paragraph::body(u.as_str())).collect();
    let tidy = tidy_body(body_units, Layout::Unmarked);
    draft.paragraphs = tidy.paragraphs;
    draft.debris.extend(tidy.debris);
    draft.repeats_removed += tidy.repeats_removed;
    if draft.outlet.is_none() {
        draft.outlet = tidy.outlet_hint;
    }
    draft
}

/// How a plain-text capture was read: a line per unit (a line, or a
/// paragraph of a hard-wrapped text), `+` for those kept as title,
/// standfirst or paragraphs, with the role each was given, its length and
/// its opening. The roles are read back from the draft `parse_capture`
/// makes, so they are what `ingest` keeps. For `parallax extract --explain`.
pub fn explain_capture(text: &str) -> Vec<String> {
    let units = split_units(text);
    let draft = parse_units(&units);
    let mut unclaimed: Vec<&Paragraph> = draft.paragraphs.iter().collect();
    let mut title_seen = false;
    let mut lines = vec![format!("plain-text capture, {} units", units.len())];
    for unit in &units {
        let role = unit_role(unit, &draft, &mut unclaimed, &mut title_seen);
        let kept = if matches!(role, "title" | "standfirst" | "body" | "subhead") { '+' } else { ' ' };
        let preview: String = unit.chars().take(70).collect();
        lines.push(format!("{kept} {role:<10} {:>5} chars  {preview}", unit.chars().count()));
    }
    lines
}

/// The role `parse_capture` gave one unit of its text; a paragraph is
/// claimed by the first unit that reads as it, so later copies are
/// repeats.
fn unit_role(unit: &str, draft: &ArticleDraft, unclaimed: &mut Vec<&Paragraph>, title_seen: &mut bool) -> &'static str {
    if draft.title.as_deref().is_some_and(|title| same_text(unit, title)) {
        return if std::mem::replace(title_seen, true) { "repeat" } else { "title" };
    }
    if let Some(at) = unclaimed.iter().position(|p| p.text == unit || unit.ends_with(p.text.as_str())) {
        return if unclaimed.remove(at).is_body() { "body" } else { "subhead" };
    }
    if draft.standfirst.iter().any(|line| line == unit) {
        "standfirst"
    } else if draft.debris.iter().any(|line| line == unit) {
        "debris"
    } else if parse_date_line(unit).is_some() {
        "date"
    } else if draft.byline.as_deref().is_some_and(|byline| unit.contains(byline)) {
        "byline"
    } else {
        "repeat"
    }
}

/// Splits text into units: one per line, or one per blank-line-separated
/// block when the text is hard-wrapped (continuation lines).
fn split_units(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let units: Vec<String> = if is_hard_wrapped(&lines) {
        join_wrapped_lines(&lines)
    } else {
        lines.iter().filter(|l| !l.is_empty()).map(|l| l.to_string()).collect()
    };
    units.into_iter().map(|u| normalize_text(&u)).filter(|u| !u.is_empty()).collect()
}

/// Hard-wrapped text has no very long lines and several lines continued on
/// the next line in lower case.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let has_long_line = lines.iter().any(|l| l.chars().count() > 110);
    let continuations = lines
        .windows(2)
        .filter(|pair| {
            !pair[0].is_empty() && !ends_sentence(pair[0]) && pair[1].chars().next().is_some_and(char::is_lowercase)
        })
        .count();
    !has_long_line && continuations >= 3
}

fn join_wrapped_lines(lines: &[&str]) -> Vec<String> {
    let mut units = Vec::new();
    let mut current = String::new();
    let mut previous_line = "";
    for line in lines {
        let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
        let previous_was_wrapped =
            previous_line.chars().count() >= 40 || (starts_lower && !ends_sentence(previous_line));
        if line.is_empty() || current.is_empty() || !previous_was_wrapped {
            if !current.is_empty() {
                units.push(std::mem::take(&mut current));
            }
            current.push_str(line);
        } else {
            current.push(' ');
            current.push_str(line);
        }
        previous_line = line;
    }
    if !current.is_empty() {
        units.push(current);
    }
    units
}

fn same_text(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn record_date(draft: &mut ArticleDraft, unit: &str) -> bool {
    let Some(parsed) = parse_date_line(unit) else {
        return false;
    };
    if !draft.published.is_known() {
        draft.published = parsed.into_published(DateSource::DateLine);
    }
    true
}

fn record_byline(draft: &mut ArticleDraft, unit: &str, bare_name_allowed: bool) -> bool {
    if draft.byline.is_some() {
        return false;
    }
    let Some((author, outlet)) = parse_byline(unit, bare_name_allowed) else {
        return false;
    };
    draft.byline = Some(author);
    if draft.outlet.is_none() {
        draft.outlet = outlet;
    }
    true
}

fn is_headline(unit: &str) -> bool {
    is_headline_like(unit, HEADLINE_MAX_WORDS) && !ends_sentence(unit)
}

/// A headline written as one short sentence ("The sequel is in
/// negotiations."): known by the date line right under it.
fn is_sentence_headline(unit: &str, next: Option<&String>) -> bool {
    let unit = unit.trim_end();
    let without_stop = unit.trim_end_matches(['.', '!']);
    unit.ends_with(['.', '!'])
        && sentences(unit).len() == 1
        && is_headline_like(without_stop, HEADLINE_MAX_WORDS)
        && next.is_some_and(|next| parse_date_line(next).is_some())
}

/// A summary line of one or two short sentences after the headline, shorter than a lede.
fn is_short_dek(unit: &str, next: Option<&String>) -> bool {
    let opens_with_quote = unit.starts_with(['“', '"', '‘']);
    ends_sentence(unit)
        && !opens_with_quote
        && sentences(unit).len() <= 2
        && word_count(unit) <= SHORT_DEK_MAX_WORDS
        && next.is_some_and(|n| word_count(n) > word_count(unit))
}

/// Reads the header into `draft` and returns the index of the first body unit.
fn read_header(units: &[String], draft: &mut ArticleDraft) -> usize {
    let mut index = 0;
    while index < units.len() {
        let unit = &units[index];
        if is_furniture(unit) {
            draft.debris.push(unit.clone());
        } else if !record_date(draft, unit) && !record_byline(draft, unit, false) {
            break;
        }
        index += 1;
    }
    let Some(first) = units.get(index) else {
        return index;
    };
    let title_index = if is_headline(first) || is_sentence_headline(first, units.get(index + 1)) {
        index
    } else if ends_sentence(first)
        && word_count(first) <= LEADING_DEK_MAX_WORDS
        && units.get(index + 1).is_some_and(|next| is_headline(next))
    {
        draft.standfirst.push(first.clone());
        index + 1
    } else {
        return index;
    };
    let title = units[title_index].clone();
    index = title_index + 1;
    while index < units.len() {
        let unit = &units[index];
        let is_last = index + 1 == units.len();
        if same_text(unit, &title) {
            draft.repeats_removed += 1;
        } else if is_furniture(unit) {
            draft.debris.push(unit.clone());
        } else if record_date(draft, unit) || record_byline(draft, unit, true) {
        } else if (is_headline(unit) && !is_last) || is_short_dek(unit, units.get(index + 1)) {
            draft.standfirst.push(unit.clone());
        } else {
            break;
        }
        index += 1;
    }
    draft.title = Some(title);
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDE: &str = "Dockworkers at the Port of Calder walked off the job on Monday, halting traffic at the busiest harbour in the north and leaving dozens of ships at anchor.";
    const SECOND: &str = "The union said the strike would last until the harbour board improved its offer, which it called an insult to the people who keep the port running.";

    fn parse(text: &str) -> ArticleDraft {
        parse_capture(text)
    }

    fn body(draft: &ArticleDraft) -> Vec<&str> {
        draft.paragraphs.iter().filter(|p| p.is_body()).map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn headline_date_byline_dek() {
        let text = format!("Calder Dockworkers Walk Out\n\n2025-03-03\nCalder Dockworkers Walk Out\nRhea Tamsin\n\nShips Wait as Talks Stall\n\n{LEDE}\n\n{SECOND}\n\nRecommendations\nRecommendations\n");
        let draft = parse(&text);
        assert_eq!(draft.title.as_deref(), Some("Calder Dockworkers Walk Out"));
        assert_eq!(draft.byline.as_deref(), Some("Rhea Tamsin"));
        assert_eq!(draft.published.display(), "2025-03-03");
        assert_eq!(draft.standfirst, vec!["Ships Wait as Talks Stall"]);
        assert_eq!(body(&draft), vec![LEDE, SECOND]);
        assert_eq!(draft.debris, vec!["Recommendations", "Recommendations"]);
        assert_eq!(draft.repeats_removed, 1);
    }

    #[test]
    fn the_explanation_gives_each_line_the_role_it_was_read_in() {
        let text = format!("Calder Dockworkers Walk Out\n\n2025-03-03\nCalder Dockworkers Walk Out\nRhea Tamsin\n\nShips Wait as Talks Stall\n\n{LEDE}\n\n{SECOND}\n\n{LEDE}\n\nRecommendations\n");
        let lines = explain_capture(&text);
        assert_eq!(lines[0], "plain-text capture, 9 units");
        let roles: Vec<(char, &str)> = lines[1..]
            .iter()
            .map(|line| (line.chars().next().unwrap(), line[2..].split_whitespace().next().unwrap()))
            .collect();
        assert_eq!(
            roles,
            vec![
                ('+', "title"),
                (' ', "date"),
                (' ', "repeat"),
                (' ', "byline"),
                ('+', "standfirst"),
                ('+', "body"),
                ('+', "body"),
                (' ', "repeat"),
                (' ', "debris"),
            ]
        );
        assert!(lines[6].ends_with(&LEDE[..70]), "{}", lines[6]);
    }

    #[test]
    fn a_headline_written_as_a_sentence_is_known_by_the_date_under_it() {
        let text = format!("Calder port strike is over.\n04 / 09 / 2025\n{LEDE}\n{SECOND}\n");
        let draft = parse(&text);
        assert_eq!(draft.title.as_deref(), Some("Calder port strike is over."));
        assert_eq!(draft.published.display(), "2025-04-09");
        assert_eq!(body(&draft), vec![LEDE, SECOND]);
        let no_date = parse(&format!("Calder port strike is over.\n{LEDE}\n"));
        assert_eq!(no_date.title, None, "a sentence alone opening the text is body");
    }

    #[test]
    fn dek_before_headline_and_short_dek_after() {
        let dek =
            "The harbour board and the union traded blame as the strike entered its second day, with no talks set.";
        let text = format!("{dek}\nStrike Grips Calder Port\n\nStrike Grips Calder Port\nThe port is shut and nobody is talking.\n{LEDE}\n{SECOND}\n{LEDE}\n{SECOND}\n");
        let draft = parse(&text);
        assert_eq!(draft.title.as_deref(), Some("Strike Grips Calder Port"));
        assert_eq!(draft.standfirst, vec![dek, "The port is shut and nobody is talking."]);
        assert_eq!(body(&draft), vec![LEDE, SECOND]);
        assert_eq!(draft.repeats_removed, 3);
    }

    #[test]
    fn no_headline_and_subheads() {
        let text = format!("\n{LEDE}\n{SECOND}\nWhat the Union Wants\n{SECOND} It wants more.\nConclusion\n{LEDE} Still.\n\nLeave a Reply\n");
        let draft = parse(&text);
        assert_eq!(draft.title, None);
        let subheads: Vec<&str> = draft.paragraphs.iter().filter(|p| !p.is_body()).map(|p| p.text.as_str()).collect();
        assert_eq!(subheads, vec!["What the Union Wants", "Conclusion"]);
        assert_eq!(body(&draft).len(), 4);
        assert_eq!(draft.debris, vec!["Leave a Reply"]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "Harbour Strike Ends\n\nDockworkers at the Port of Calder returned to work\non Thursday after the union accepted a pay offer\nthat it had rejected twice before.\n\nThe harbour board said ships would be cleared\nwithin a week, and that no worker would lose\npay for the days of the strike.\n";
        let draft = parse(text);
        assert_eq!(draft.title.as_deref(), Some("Harbour Strike Ends"));
        assert_eq!(body(&draft).len(), 2);
        assert!(body(&draft)[0].ends_with("rejected twice before."));
    }

    #[test]
    fn by_line_with_outlet_and_copyright() {
        let text = format!("Strike Ends\nBy Rhea Tamsin | The Harbour Gazette\n\n{LEDE}\n\n© 2025 The Harbour Gazette. All rights reserved.\n");
        let draft = parse(&text);
        assert_eq!(draft.byline.as_deref(), Some("Rhea Tamsin"));
        assert_eq!(draft.outlet.as_deref(), Some("The Harbour Gazette"));
        assert_eq!(body(&draft), vec![LEDE]);
    }
}
