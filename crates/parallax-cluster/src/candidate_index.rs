//! Candidate generation: clusters listed under their centroid's heaviest
//! terms, so an article is compared only with clusters that share one of
//! its own heaviest terms instead of with every cluster.

use crate::sparse_vector::SparseVector;
use std::collections::{HashMap, HashSet};

/// Term -> clusters. Entries are only added: a cluster that lost a term
/// from its top list stays listed, and candidates are verified by cosine.
#[derive(Default)]
pub struct CandidateIndex {
    postings: HashMap<u32, Vec<usize>>,
    indexed: HashMap<usize, HashSet<u32>>,
}

/// Heaviest terms of a centroid listed in the index.
pub const INDEXED_TERMS: usize = 48;
/// Terms of an article looked up in the index: all of them (an article that
/// shares only lighter terms with a storyline must still find it).
pub const QUERY_TERMS: usize = usize::MAX;

impl CandidateIndex {
    /// Lists `cluster` under its centroid's heaviest terms.
    pub fn index(&mut self, cluster: usize, centroid: &SparseVector) {
        let indexed = self.indexed.entry(cluster).or_default();
        for term in centroid.top_terms(INDEXED_TERMS) {
            if indexed.insert(term) {
                self.postings.entry(term).or_default().push(cluster);
            }
        }
    }

    /// Clusters listed under any of the vector's heaviest `count` terms, sorted.
    pub fn candidates(&self, vector: &SparseVector, count: usize) -> Vec<usize> {
        let mut found: Vec<usize> =
            vector.top_terms(count).iter().filter_map(|term| self.postings.get(term)).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}
