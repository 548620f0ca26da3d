//! Cluster centroids: sums of unit article vectors in a hash map, so that
//! adding an article and comparing one with a centroid cost the article's
//! size, not the centroid's. A storyline that has gathered thousands of
//! articles (and tens of thousands of terms) stays as cheap to join as a
//! new one; a sorted-vector centroid made the stream benchmark quadratic.

use crate::sparse_vector::SparseVector;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fixed, fast hasher for term ids: iteration order depends only on the
/// insertion history, so replaying the same articles gives the same sums.
#[derive(Default)]
pub struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, term: u32) {
        self.0 = (u64::from(term) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type TermMap = HashMap<u32, f32, BuildHasherDefault<TermHasher>>;

/// The sum of the unit vectors of a cluster's articles.
#[derive(Clone, Debug, Default)]
pub struct Centroid {
    weights: TermMap,
    norm_squared: f64,
}

impl Centroid {
    /// Distinct terms.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    fn norm(&self) -> f32 {
        self.norm_squared.max(0.0).sqrt() as f32
    }

    /// Adds one article's vector scaled to unit length.
    pub fn add_unit(&mut self, vector: &SparseVector) {
        let norm = vector.norm();
        if norm == 0.0 {
            return;
        }
        for &(term, weight) in vector.entries() {
            self.add_weight(term, weight / norm);
        }
    }

    /// Adds a vector as it is, times `factor` (-1 takes it back out).
    pub fn add_scaled(&mut self, vector: &SparseVector, factor: f32) {
        for &(term, weight) in vector.entries() {
            self.add_weight(term, weight * factor);
        }
    }

    /// The centroid's direction as a unit vector.
    pub fn unit_vector(&self) -> SparseVector {
        let norm = self.norm();
        if norm == 0.0 {
            return SparseVector::default();
        }
        SparseVector::from_pairs(self.weights.iter().map(|(&term, &weight)| (term, weight / norm)).collect())
    }

    /// The dot product of two centroids, walking the smaller one.
    pub fn dot(&self, other: &Centroid) -> f32 {
        let (small, large) = if self.len() <= other.len() { (self, other) } else { (other, self) };
        small.weights.iter().filter_map(|(term, w)| large.weights.get(term).map(|c| c * w)).sum()
    }

    /// Adds another centroid as it is (the sum of both clusters).
    pub fn add_centroid(&mut self, other: &Centroid) {
        for (&term, &weight) in &other.weights {
            self.add_weight(term, weight);
        }
    }

    fn add_weight(&mut self, term: u32, weight: f32) {
        let slot = self.weights.entry(term).or_insert(0.0);
        let (old, new) = (f64::from(*slot), f64::from(*slot + weight));
        self.norm_squared += new * new - old * old;
        *slot += weight;
    }

    /// Cosine similarity with an article's vector; 0 when either is empty.
    pub fn cosine(&self, vector: &SparseVector) -> f32 {
        let denominator = self.norm() * vector.norm();
        if denominator == 0.0 {
            return 0.0;
        }
        let dot: f32 = vector.entries().iter().filter_map(|(term, w)| self.weights.get(term).map(|c| c * w)).sum();
        dot / denominator
    }

    /// Cosine similarity of two centroids, walking the smaller one.
    pub fn cosine_centroid(&self, other: &Centroid) -> f32 {
        let denominator = self.norm() * other.norm();
        if denominator == 0.0 {
            return 0.0;
        }
        let (small, large) = if self.len() <= other.len() { (self, other) } else { (other, self) };
        let dot: f32 = small.weights.iter().filter_map(|(term, w)| large.weights.get(term).map(|c| c * w)).sum();
        dot / denominator
    }

    /// The `count` heaviest terms, heaviest first (ties by term id).
    pub fn top_terms(&self, count: usize) -> Vec<u32> {
        let mut entries: Vec<(u32, f32)> = self.weights.iter().map(|(&t, &w)| (t, w)).collect();
        let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if entries.len() > count {
            entries.select_nth_unstable_by(count, heavier);
            entries.truncate(count);
        }
        entries.sort_unstable_by(heavier);
        entries.into_iter().map(|(term, _)| term).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centroid_cosines_and_sums() {
        let a = SparseVector::from_pairs(vec![(1, 1.0), (2, 1.0)]);
        let b = SparseVector::from_pairs(vec![(2, 2.0), (3, 2.0)]);
        let mut centroid = Centroid::default();
        centroid.add_unit(&a);
        assert!((centroid.cosine(&b) - 0.5).abs() < 1e-6, "a and b share one of two terms");
        centroid.add_unit(&a);
        assert!((centroid.cosine(&a) - 1.0).abs() < 1e-6);
        let mut other = Centroid::default();
        other.add_unit(&b);
        assert!((centroid.cosine_centroid(&other) - 0.5).abs() < 1e-6);
        centroid.add_centroid(&other);
        assert_eq!(centroid.len(), 3);
        assert_eq!(centroid.top_terms(2), vec![2, 1]);
        assert_eq!(Centroid::default().cosine(&a), 0.0);
        let unit = other.unit_vector();
        assert!((unit.norm() - 1.0).abs() < 1e-6);
        let mut sum = Centroid::default();
        sum.add_scaled(&unit, 1.0);
        sum.add_scaled(&a, 2.0);
        sum.add_scaled(&a, -2.0);
        assert!((sum.dot(&other) - other.dot(&sum)).abs() < 1e-6);
        assert!((sum.dot(&sum) - 1.0).abs() < 1e-5, "what was added and taken out is gone");
    }
}
