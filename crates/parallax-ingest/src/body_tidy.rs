//! Tidying a sequence of paragraphs, whatever format they came from: page
//! furniture out (kept aside as debris), trailing furniture sections cut,
//! subheads recognised, inline section labels split off, repeated
//! paragraphs and repeated blocks kept once.

use crate::furniture::{is_furniture, is_tail_marker, outlet_from_copyright};
use crate::line_shape::{ends_sentence, inline_label, is_headline_like, is_title_case};
use parallax_model::{word_count, Paragraph, ParagraphKind};
use std::collections::HashSet;

/// A tidied body.
#[derive(Debug, Default)]
pub struct TidyBody {
    pub paragraphs: Vec<Paragraph>,
    pub debris: Vec<String>,
    pub repeats_removed: usize,
    /// An outlet named by a copyright line among the debris.
    pub outlet_hint: Option<String>,
}

/// Words a paragraph past a trailing-furniture marker needs to count as body again.
const BODY_AFTER_TAIL_WORDS: usize = 40;
/// Longest subhead, in words.
pub const SUBHEAD_MAX_WORDS: usize = 12;

/// How a source's layout is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Plain text without markup: subheads are recognised by shape, and any
    /// repeated paragraph is a capture error (a block printed twice).
    Unmarked,
    /// Markup says what is a heading; a paragraph repeated further on is the
    /// page's own structure (a meal plan, a chorus), so only a paragraph
    /// repeated right after itself is dropped.
    Marked,
}

/// Tidies `units` read with `layout`.
pub fn tidy_body(units: Vec<Paragraph>, layout: Layout) -> TidyBody {
    let mut tidy = TidyBody::default();
    let kept = drop_furniture(units, &mut tidy);
    let kept = if layout == Layout::Unmarked { mark_subheads(kept, &mut tidy) } else { kept };
    let kept = kept.into_iter().map(split_label).collect();
    tidy.paragraphs = match layout {
        Layout::Unmarked => drop_repeats(kept, &mut tidy.repeats_removed),
        Layout::Marked => drop_adjacent_repeats(kept, &mut tidy.repeats_removed),
    };
    tidy
}

fn drop_furniture(units: Vec<Paragraph>, tidy: &mut TidyBody) -> Vec<Paragraph> {
    let mut kept = Vec::with_capacity(units.len());
    let mut in_tail = false;
    let mut body_words = 0;
    for unit in units {
        let words = word_count(&unit.text);
        let tail_starts = body_words >= 12 && is_tail_marker(&unit.text);
        in_tail = (in_tail || tail_starts) && words < BODY_AFTER_TAIL_WORDS;
        if in_tail || is_furniture(&unit.text) {
            if tidy.outlet_hint.is_none() {
                tidy.outlet_hint = outlet_from_copyright(&unit.text);
            }
            tidy.debris.push(unit.text);
            continue;
        }
        if unit.is_body() {
            body_words += words;
        }
        kept.push(unit);
    }
    kept
}

fn mark_subheads(units: Vec<Paragraph>, tidy: &mut TidyBody) -> Vec<Paragraph> {
    let total = units.len();
    let mut out = Vec::with_capacity(total);
    for (index, mut unit) in units.into_iter().enumerate() {
        let headline_shaped = is_headline_like(&unit.text, SUBHEAD_MAX_WORDS) && !ends_sentence(&unit.text);
        if headline_shaped && index + 1 == total && is_title_case(&unit.text) {
            tidy.debris.push(unit.text);
            continue;
        }
        if headline_shaped && index + 1 < total {
            unit.kind = ParagraphKind::Subhead;
        }
        out.push(unit);
    }
    out
}

fn split_label(mut paragraph: Paragraph) -> Paragraph {
    if paragraph.is_body() && paragraph.label.is_none() {
        if let Some((label, rest)) = inline_label(&paragraph.text) {
            let (label, rest) = (label.to_string(), rest.to_string());
            paragraph.label = Some(label);
            paragraph.text = rest;
        }
    }
    paragraph
}

/// The key two paragraphs share when one repeats the other.
fn repeat_key(paragraph: &Paragraph) -> String {
    paragraph.text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn drop_repeats(paragraphs: Vec<Paragraph>, removed: &mut usize) -> Vec<Paragraph> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        let min_words = if paragraph.is_body() { 6 } else { 2 };
        let long_enough = word_count(&paragraph.text) >= min_words;
        if long_enough && !seen.insert(repeat_key(&paragraph)) {
            *removed += 1;
            continue;
        }
        out.push(paragraph);
    }
    out
}

fn drop_adjacent_repeats(paragraphs: Vec<Paragraph>, removed: &mut usize) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if out.last().is_some_and(|last| repeat_key(last) == repeat_key(&paragraph)) {
            *removed += 1;
            continue;
        }
        out.push(paragraph);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "The harbour board met on Monday to discuss the strike and the ships waiting outside the port.";

    fn check(lines: &[&str], layout: Layout, expect: &[&str], expect_debris: &[&str]) {
        let units = lines.iter().map(|l| Paragraph::body(*l)).collect();
        let tidy = tidy_body(units, layout);
        let got: Vec<String> = tidy
            .paragraphs
            .iter()
            .map(|p| match (&p.kind, &p.label) {
                (ParagraphKind::Subhead, _) => format!("## {}", p.text),
                (_, Some(label)) => format!("[{label}] {}", p.text),
                _ => p.text.clone(),
            })
            .collect();
        assert_eq!(got, expect);
        assert_eq!(tidy.debris, expect_debris);
    }

    #[test]
    fn comment_form_is_cut() {
        check(
            &[LONG, "Leave a Reply", "Your email will never be published. Required fields are marked *", "Name *"],
            Layout::Unmarked,
            &[LONG],
            &["Leave a Reply", "Your email will never be published. Required fields are marked *", "Name *"],
        );
    }

    #[test]
    fn recommendations_list_is_cut() {
        check(
            &[LONG, "Recommendations", "Storm Closes Coastal Road", "Recommendations"],
            Layout::Unmarked,
            &[LONG],
            &["Recommendations", "Storm Closes Coastal Road", "Recommendations"],
        );
    }

    #[test]
    fn subheads_labels_and_repeats() {
        let labelled = "Looking Ahead: The council will vote on the revised harbour plan next month, officials said.";
        check(
            &[LONG, "What Comes Next", labelled, LONG, "Share this article"],
            Layout::Unmarked,
            &[
                LONG,
                "## What Comes Next",
                "[Looking Ahead] The council will vote on the revised harbour plan next month, officials said.",
            ],
            &["Share this article"],
        );
    }

    #[test]
    fn marked_layout_keeps_short_lines_and_distant_repeats() {
        const OTHER: &str = "Ships queued outside the harbour wall for a second night as the talks went on.";
        check(
            &[LONG, "What Comes Next", LONG, OTHER, OTHER],
            Layout::Marked,
            &[LONG, "What Comes Next", LONG, OTHER],
            &[],
        );
    }
}
