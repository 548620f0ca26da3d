//! Sparse vectors over term ids, kept sorted by term, with cosine similarity
//! by merge and centroid sums.

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

    /// The `count` heaviest terms, heaviest first (ties by term id).
    pub fn top_terms(&self, count: usize) -> Vec<u32> {
        let mut entries = self.entries.clone();
        entries.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        entries.into_iter().take(count).map(|(term, _)| term).collect()
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

    /// Adds `other` scaled to unit length (centroids sum unit vectors).
    pub fn add_unit(&mut self, other: &SparseVector) {
        if other.norm == 0.0 {
            return;
        }
        let scale = 1.0 / other.norm;
        let mut merged = Vec::with_capacity(self.entries.len() + other.entries.len());
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() || j < b.len() {
            if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
                merged.push(a[i]);
                i += 1;
            } else if i == a.len() || b[j].0 < a[i].0 {
                merged.push((b[j].0, b[j].1 * scale));
                j += 1;
            } else {
                merged.push((a[i].0, a[i].1 + b[j].1 * scale));
                i += 1;
                j += 1;
            }
        }
        self.entries = merged;
        self.norm = self.entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    }

    /// Adds another centroid sum as it is.
    pub fn add_sum(&mut self, other: &SparseVector) {
        let unscaled = SparseVector { entries: other.entries.clone(), norm: 1.0 };
        self.add_unit(&unscaled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_and_sums() {
        let a = SparseVector::from_pairs(vec![(1, 1.0), (2, 1.0)]);
        let b = SparseVector::from_pairs(vec![(2, 2.0), (3, 2.0), (2, 0.0)]);
        assert!((a.cosine(&b) - 0.5).abs() < 1e-6);
        assert_eq!(a.cosine(&SparseVector::default()), 0.0);
        let mut sum = SparseVector::default();
        sum.add_unit(&a);
        sum.add_unit(&a);
        assert!((sum.cosine(&a) - 1.0).abs() < 1e-6);
        assert!((a.cosine(&b) - b.cosine(&a)).abs() < 1e-9);
    }
}
