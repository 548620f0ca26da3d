//! Clustering metrics used on news stream clustering: pairwise ("standard")
//! precision, recall and F1 over all pairs of items, and BCubed precision,
//! recall and F1 averaged per item.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1 }
    }
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

fn sizes<K: Eq + Hash + Clone>(labels: impl Iterator<Item = K>) -> HashMap<K, usize> {
    let mut counts = HashMap::new();
    for label in labels {
        *counts.entry(label).or_insert(0) += 1;
    }
    counts
}

/// Pairwise precision and recall of `predicted` against `gold` (one label per item, same order).
pub fn pairwise<P: Eq + Hash + Clone, G: Eq + Hash + Clone>(predicted: &[P], gold: &[G]) -> Prf {
    let both = sizes(predicted.iter().cloned().zip(gold.iter().cloned()));
    let together: f64 = both.values().map(|n| pairs(*n)).sum();
    let predicted_pairs: f64 = sizes(predicted.iter().cloned()).values().map(|n| pairs(*n)).sum();
    let gold_pairs: f64 = sizes(gold.iter().cloned()).values().map(|n| pairs(*n)).sum();
    let ratio = |a: f64, b: f64| if b == 0.0 { 1.0 } else { a / b };
    Prf::new(ratio(together, predicted_pairs), ratio(together, gold_pairs))
}

/// BCubed precision and recall: per item, the share of its predicted
/// cluster that shares its gold cluster, and the converse; averaged.
pub fn bcubed<P: Eq + Hash + Clone, G: Eq + Hash + Clone>(predicted: &[P], gold: &[G]) -> Prf {
    let both = sizes(predicted.iter().cloned().zip(gold.iter().cloned()));
    let predicted_sizes = sizes(predicted.iter().cloned());
    let gold_sizes = sizes(gold.iter().cloned());
    let (mut precision, mut recall) = (0.0, 0.0);
    for (p, g) in predicted.iter().zip(gold) {
        let shared = both[&(p.clone(), g.clone())] as f64;
        precision += shared / predicted_sizes[p] as f64;
        recall += shared / gold_sizes[g] as f64;
    }
    let n = predicted.len().max(1) as f64;
    Prf::new(precision / n, recall / n)
}

/// BCubed recall lost, by kind of split: for each item, the share of its
/// gold cluster placed in other predicted clusters than its own, each such
/// item counted under `kind(item's cluster, other item's cluster)`;
/// averaged over all items. The losses of all kinds sum to 1 - BCubed
/// recall, so a reader sees which splits cost the recall (pieces far apart
/// in time, say, against pieces side by side). Sums run in the items'
/// order, so the figures are the same to the last digit on every run.
pub fn bcubed_recall_loss<P: Eq + Hash + Clone, G: Eq + Hash + Clone, K: Ord>(
    predicted: &[P],
    gold: &[G],
    kind: impl Fn(&P, &P) -> K,
) -> BTreeMap<K, f64> {
    let n = predicted.len().max(1) as f64;
    let mut losses = BTreeMap::new();
    for group in pieces_in_order(predicted, gold) {
        let size: usize = group.iter().map(|(_, count)| count).sum();
        for &(a, in_a) in &group {
            for &(b, in_b) in group.iter().filter(|(b, _)| *b != a) {
                *losses.entry(kind(a, b)).or_insert(0.0) += (in_a * in_b) as f64 / size as f64 / n;
            }
        }
    }
    losses
}

/// Each gold cluster's pieces (a predicted cluster and how many of the gold
/// cluster's items it holds), clusters and pieces in order of first item.
fn pieces_in_order<'a, P: Eq, G: Eq + Hash>(predicted: &'a [P], gold: &'a [G]) -> Vec<Vec<(&'a P, usize)>> {
    let mut index: HashMap<&G, usize> = HashMap::new();
    let mut groups: Vec<Vec<(&P, usize)>> = Vec::new();
    for (p, g) in predicted.iter().zip(gold) {
        let at = *index.entry(g).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        match groups[at].iter_mut().find(|(piece, _)| *piece == p) {
            Some((_, count)) => *count += 1,
            None => groups[at].push((p, 1)),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_clusterings() {
        let gold = ["a", "a", "b", "b"];
        assert_eq!(bcubed(&[1, 1, 2, 2], &gold), Prf::new(1.0, 1.0));
        let merged = bcubed(&[1, 1, 1, 1], &gold);
        assert_eq!((merged.precision, merged.recall), (0.5, 1.0));
        let split = pairwise(&[1, 2, 3, 4], &gold);
        assert_eq!((split.precision, split.recall), (1.0, 0.0));
        let merged_pairs = pairwise(&[1, 1, 1, 1], &gold);
        assert!((merged_pairs.precision - 2.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn recall_losses_by_kind_of_split_sum_to_what_bcubed_recall_misses() {
        let gold = ["a", "a", "a", "b", "b", "c"];
        let predicted = [1, 1, 2, 3, 4, 5];
        // Clusters 1 and 2 are "near" each other, 3 and 4 "far".
        let kind = |x: &i32, y: &i32| if x.max(y) <= &2 { "near" } else { "far" };
        let losses = bcubed_recall_loss(&predicted, &gold, kind);
        // a: items of cluster 1 miss 1 of 3 each, the item of 2 misses 2 of 3; b: each misses 1 of 2.
        assert!((losses["near"] - (1.0 / 3.0 + 1.0 / 3.0 + 2.0 / 3.0) / 6.0).abs() < 1e-12);
        assert!((losses["far"] - (0.5 + 0.5) / 6.0).abs() < 1e-12);
        let missed = 1.0 - bcubed(&predicted, &gold).recall;
        assert!((losses.values().sum::<f64>() - missed).abs() < 1e-12);
        assert!(bcubed_recall_loss(&[1, 1, 2], &["a", "a", "b"], kind).is_empty(), "nothing split, nothing lost");
    }

    #[test]
    fn recall_losses_are_the_same_to_the_last_digit_on_every_call() {
        // Many gold clusters split unevenly: summed in a hash map's order,
        // the totals would differ in their last digits from call to call.
        let gold: Vec<u32> = (0..3000).map(|i| i % 97).collect();
        let predicted: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(2_654_435_761) % 113).collect();
        let kind = |x: &u32, y: &u32| (x + y) % 3;
        let first = bcubed_recall_loss(&predicted, &gold, kind);
        assert!((0..20).all(|_| bcubed_recall_loss(&predicted, &gold, kind) == first));
    }
}
