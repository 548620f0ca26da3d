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

/// Most candidates a look-up returns: those sharing the most looked-up
/// terms (of equals, the oldest). On a stream of tens of thousands of
/// stories a shared term or two lists hundreds of storylines that the
/// cosine then turns down; keeping 32 cut the placing time of `bench
/// cluster` from 49 s to 18 s and changed no ECB+ figure.
pub const MOST_CANDIDATES: usize = 32;

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

    /// Clusters listed under any of `terms` that is not common, sorted: the
    /// `MOST_CANDIDATES` that share the most of them.
    pub fn candidates(&self, terms: impl IntoIterator<Item = u32>) -> Vec<usize> {
        let mut found: Vec<usize> = terms
            .into_iter()
            .filter_map(|term| self.postings.get(&term))
            .filter(|clusters| clusters.len() <= COMMON_TERM_POSTINGS)
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        let mut shared: Vec<(usize, u32)> = Vec::new();
        for cluster in found {
            match shared.last_mut() {
                Some((last, count)) if *last == cluster => *count += 1,
                _ => shared.push((cluster, 1)),
            }
        }
        if shared.len() > MOST_CANDIDATES {
            shared.select_nth_unstable_by(MOST_CANDIDATES, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            shared.truncate(MOST_CANDIDATES);
            shared.sort_unstable();
        }
        shared.into_iter().map(|(cluster, _)| cluster).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_clusters_sharing_the_most_terms_oldest_first_among_equals() {
        let mut index = CandidateIndex::default();
        let sharing_one = 100;
        for cluster in 0..sharing_one {
            index.index(cluster, &[7, 1000 + cluster as u32]);
        }
        let sharing_two: Vec<usize> = (sharing_one..sharing_one + 10).collect();
        for &cluster in &sharing_two {
            index.index(cluster, &[7, 8]);
        }
        let found = index.candidates([7, 8]);
        assert_eq!(found.len(), MOST_CANDIDATES);
        assert!(sharing_two.iter().all(|cluster| found.contains(cluster)), "the closer matches are all kept");
        let rest: Vec<usize> = (0..MOST_CANDIDATES - sharing_two.len()).collect();
        assert_eq!(found[..rest.len()], rest[..], "then the oldest of those sharing one term, in order");
        assert!(found.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(index.candidates([1003]), vec![3]);
    }
}
