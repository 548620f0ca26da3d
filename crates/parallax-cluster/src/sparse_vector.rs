//! Sparse vectors over term ids, kept sorted by term: one article's
//! weighted terms (centroids, in `centroid.rs`, compare against them).

/// A sparse vector: (term id, weight) sorted by term id.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseVector {
    entries: Vec<(u32, f32)>,
    norm: f32,
}

impl SparseVector {
    /// Builds from unsorted (term, weight) pairs; weights of a repeated term add up.
    pub fn from_pairs(mut pairs: Vec<(u32, f32)>) -> SparseVector {
        pairs.sort_unstable_by_key(|(term, _)| *term);
        let mut entries: Vec<(u32, f32)> = Vec::with_capacity(pairs.len());
        for (term, weight) in pairs {
            match entries.last_mut() {
                Some((last, sum)) if *last == term => *sum += weight,
                _ => entries.push((term, weight)),
            }
        }
        let norm = entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        SparseVector { entries, norm }
    }

    /// Terms and weights, sorted by term.
    pub fn entries(&self) -> &[(u32, f32)] {
        &self.entries
    }

    /// The `count` heaviest terms (ties by term id), in no particular order.
    pub fn heaviest_terms(&self, count: usize) -> Vec<u32> {
        let mut entries = self.entries.clone();
        if entries.len() > count {
            entries.select_nth_unstable_by(count, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            entries.truncate(count);
        }
        entries.into_iter().map(|(term, _)| term).collect()
    }

    /// Euclidean length.
    pub fn norm(&self) -> f32 {
        self.norm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_terms_add_up_and_the_norm_follows() {
        let vector = SparseVector::from_pairs(vec![(3, 2.0), (1, 1.0), (3, 1.0)]);
        assert_eq!(vector.entries(), &[(1, 1.0), (3, 3.0)]);
        assert!((vector.norm() - 10f32.sqrt()).abs() < 1e-6);
        let mut heaviest = vector.heaviest_terms(1);
        heaviest.sort_unstable();
        assert_eq!(heaviest, vec![3]);
    }
}
