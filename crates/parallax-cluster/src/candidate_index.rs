//! Candidate generation: clusters listed under their centroid's heaviest
//! terms, so an article is compared only with clusters that share one of
//! its terms instead of with every cluster.

use std::collections::{HashMap, HashSet};

/// Term -> clusters. A cluster that lost a term from its top list stays
/// listed (candidates are verified by cosine); a cluster merged away is
/// replaced by its survivor, so postings hold live clusters only.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct CandidateIndex {
    postings: HashMap<u32, Vec<usize>>,
    indexed: HashMap<usize, HashSet<u32>>,
}

/// Heaviest terms of a centroid listed in the index.
pub const INDEXED_TERMS: usize = 48;

/// An article's heaviest terms looked up in the index. Looking up 16, 64
/// or every term gave the same ECB+ scores; a fixed number bounds the
/// lookups of long articles (`parallax bench cluster`).
pub const QUERY_TERMS: usize = 64;

/// A term listed under more clusters than this is as common as a stop word
/// among the clusters' heaviest terms: it is not used to find candidates
/// (every other shared term still is), which keeps lookups bounded on a
/// stream of millions.
pub const COMMON_TERM_POSTINGS: usize = 400;

impl CandidateIndex {
    /// Lists `cluster` under `terms` (its centroid's heaviest).
    pub fn index(&mut self, cluster: usize, terms: &[u32]) {
        let indexed = self.indexed.entry(cluster).or_default();
        for &term in terms {
            if indexed.insert(term) {
                self.postings.entry(term).or_default().push(cluster);
            }
        }
    }

    /// Moves every listing of `absorbed` to `survivor`.
    pub fn merge(&mut self, absorbed: usize, survivor: usize) {
        let Some(terms) = self.indexed.remove(&absorbed) else { return };
        let mut terms: Vec<u32> = terms.into_iter().collect();
        terms.sort_unstable();
        for term in &terms {
            if let Some(clusters) = self.postings.get_mut(term) {
                clusters.retain(|&cluster| cluster != absorbed);
            }
        }
        self.index(survivor, &terms);
    }

    /// Clusters listed under any of `terms` that is not common, sorted.
    pub fn candidates(&self, terms: impl IntoIterator<Item = u32>) -> Vec<usize> {
        let mut found: Vec<usize> = terms
            .into_iter()
            .filter_map(|term| self.postings.get(&term))
            .filter(|clusters| clusters.len() <= COMMON_TERM_POSTINGS)
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}
