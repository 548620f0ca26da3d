//! Sparse vectors over term ids, kept sorted by term: one article's
//! weighted terms, with cosine similarity by merge.

/// A sparse vector: (term id, weight) sorted by term id.
#[derive(Clone, Debug, Default, PartialEq)]
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

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

    /// Cosine similarity; 0 when either vector is empty.
    pub fn cosine(&self, other: &SparseVector) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (self.norm * other.norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_by_merge() {
        let a = SparseVector::from_pairs(vec![(1, 1.0), (2, 1.0)]);
        let b = SparseVector::from_pairs(vec![(2, 2.0), (3, 2.0), (2, 0.0)]);
        assert!((a.cosine(&b) - 0.5).abs() < 1e-6);
        assert_eq!(a.cosine(&SparseVector::default()), 0.0);
        assert!((a.cosine(&b) - b.cosine(&a)).abs() < 1e-9);
    }
}
