//! The article-extraction benchmark's metric: tokens are the matches of
//! `\w+`; shingles are token 4-grams counted as a multiset (a text shorter
//! than four tokens, the empty text included, is one shingle of all its
//! tokens); per page TP is the sum of the smaller counts, FP the predicted
//! surplus and FN the missing count.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("word pattern"));

/// Shingle length.
const SHINGLE: usize = 4;

/// One page's scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
    /// The token sequences are identical.
    pub exact: bool,
}

pub fn tokens(text: &str) -> Vec<&str> {
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'s, 't>(tokens: &'s [&'t str]) -> HashMap<&'s [&'t str], usize> {
    let mut counts = HashMap::new();
    let windows = tokens.len().saturating_sub(SHINGLE - 1).max(1);
    for start in 0..windows {
        let end = (start + SHINGLE).min(tokens.len());
        *counts.entry(&tokens[start..end]).or_insert(0) += 1;
    }
    counts
}

/// Scores a predicted text against the true one.
pub fn score_page(truth: &str, predicted: &str) -> PageScore {
    let (true_tokens, predicted_tokens) = (tokens(truth), tokens(predicted));
    let (true_shingles, predicted_shingles) = (shingles(&true_tokens), shingles(&predicted_tokens));
    let mut true_positives = 0;
    let mut false_positives = 0;
    for (shingle, predicted_count) in &predicted_shingles {
        let true_count = true_shingles.get(shingle).copied().unwrap_or(0);
        true_positives += true_count.min(*predicted_count);
        false_positives += predicted_count.saturating_sub(true_count);
    }
    let true_total: usize = true_shingles.values().sum();
    let false_negatives = true_total - true_positives;
    let ratio = |part: usize, rest: usize| if part + rest == 0 { 0.0 } else { part as f64 / (part + rest) as f64 };
    PageScore {
        precision: ratio(true_positives, false_positives),
        recall: ratio(true_positives, false_negatives),
        exact: true_tokens == predicted_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(truth: &str, predicted: &str, precision: f64, recall: f64) {
        let score = score_page(truth, predicted);
        assert!((score.precision - precision).abs() < 1e-9, "precision {score:?}");
        assert!((score.recall - recall).abs() < 1e-9, "recall {score:?}");
    }

    #[test]
    fn shingle_scores() {
        check("a b c d e", "a b c d e", 1.0, 1.0);
        check("a b c d e", "a b c d", 1.0, 0.5);
        check("a b c d", "a b c d e f", 1.0 / 3.0, 1.0);
        check("", "", 1.0, 1.0);
        check("a b c d", "", 0.0, 0.0);
        check("a b", "a b", 1.0, 1.0);
        check("Café, naïve—x y", "café naïve x y", 0.0, 0.0);
    }

    #[test]
    fn repeated_shingles_count_as_a_multiset() {
        check("a b c d a b c d", "a b c d", 1.0, 0.2);
    }
}
