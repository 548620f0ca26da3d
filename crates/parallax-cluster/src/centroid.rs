//! Cluster centroids: sums of unit article vectors in a hash map, so that
//! adding an article and comparing one with a centroid cost the article's
//! size, not the centroid's. A storyline that has gathered thousands of
//! articles (and tens of thousands of terms) stays as cheap to join as a
//! new one; a sorted-vector centroid made the stream benchmark quadratic.
//!
//! Sums that walk a centroid's map (dot products between centroids, the
//! norm change when one centroid is added to another) are summed in fixed
//! point, where addition is associative: they do not depend on the order
//! the hash map yields its terms in, so a centroid restored from a snapshot
//! (see the pipeline's `snapshot.rs`) compares exactly as the one it was
//! saved from, whatever its map's layout. Sums that walk an article's
//! vector follow its sorted terms and stay in floating point.

use crate::sparse_vector::SparseVector;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fixed, fast hasher for term ids (and, in `doc_features.rs`, term
/// hashes): iteration order depends only on the insertion history, so
/// replaying the same articles gives the same sums.
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

    /// Term hashes (`doc_features::term_hash`) are already mixed; one
    /// multiply spreads them over the table's control bits.
    fn write_u64(&mut self, term: u64) {
        self.0 = (term ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Maps keyed by term ids or term hashes hash with [`TermHasher`].
pub type TermHashing = BuildHasherDefault<TermHasher>;

type TermMap = HashMap<u32, f32, TermHashing>;

/// Fixed-point scale: 2^30, a billionth of precision per term.
const FIXED_SCALE: f64 = (1u64 << 30) as f64;

/// A product of two weights (exact in f64) in fixed point. The cast to
/// i64 is one instruction (an i128 cast is a library call, and this is on
/// the placing path); it saturates past 8e9, beyond any two weights' product
/// (a weight is at most its cluster's article count). Sums go into an i128.
fn fixed_product(a: f32, b: f32) -> i128 {
    i128::from((f64::from(a) * f64::from(b) * FIXED_SCALE) as i64)
}

/// A square of a weight in fixed point, with an i128's range (merges only).
fn fixed_square(weight: f32) -> i128 {
    (f64::from(weight) * f64::from(weight) * FIXED_SCALE) as i128
}

fn from_fixed(value: i128) -> f64 {
    value as f64 / FIXED_SCALE
}

/// The dot product of a walk of (weight, weight) pairs, in fixed point.
fn fixed_dot(pairs: impl Iterator<Item = (f32, f32)>) -> f32 {
    from_fixed(pairs.map(|(a, b)| fixed_product(a, b)).sum()) as f32
}

/// The sum of the unit vectors of a cluster's articles.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Centroid {
    weights: TermMap,
    /// Sum of the squared weights.
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

    /// The dot product with a vector.
    pub fn dot_vector(&self, vector: &SparseVector) -> f32 {
        vector.entries().iter().filter_map(|(term, w)| self.weights.get(term).map(|c| c * w)).sum()
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
        fixed_dot(small.weights.iter().filter_map(|(term, w)| large.weights.get(term).map(|c| (*c, *w))))
    }

    /// Adds another centroid as it is (the sum of both clusters). The
    /// norm's change is summed in fixed point (the walk follows `other`'s
    /// map order) and added once.
    pub fn add_centroid(&mut self, other: &Centroid) {
        self.add_centroid_signed(other, 1.0);
    }

    /// Takes another centroid, added before, back out.
    pub fn remove_centroid(&mut self, other: &Centroid) {
        self.add_centroid_signed(other, -1.0);
    }

    fn add_centroid_signed(&mut self, other: &Centroid, sign: f32) {
        let mut change: i128 = 0;
        for (&term, &weight) in &other.weights {
            let slot = self.weights.entry(term).or_insert(0.0);
            let old = *slot;
            *slot += sign * weight;
            change += fixed_square(*slot) - fixed_square(old);
        }
        self.norm_squared += from_fixed(change);
    }

    /// Adds to one term's weight; callers walk sorted terms, so the running
    /// norm follows a fixed order.
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
        self.dot_vector(vector) / denominator
    }

    /// Cosine similarity of two centroids, walking the smaller one.
    pub fn cosine_centroid(&self, other: &Centroid) -> f32 {
        let denominator = self.norm() * other.norm();
        if denominator == 0.0 {
            return 0.0;
        }
        self.dot(other) / denominator
    }

    /// Cosine similarity of two centroids over the terms `keep` takes
    /// alone (one part of a signature: its names); 0 when either has none.
    /// It walks both maps, in fixed point.
    pub fn cosine_centroid_over(&self, other: &Centroid, keep: impl Fn(u32) -> bool) -> f32 {
        let kept = |centroid: &Centroid| {
            let squares = centroid.weights.iter().filter(|(&term, _)| keep(term)).map(|(_, &w)| fixed_square(w));
            from_fixed(squares.sum()).sqrt() as f32
        };
        let denominator = kept(self) * kept(other);
        if denominator == 0.0 {
            return 0.0;
        }
        let shared = self.weights.iter().filter(|(&term, _)| keep(term));
        fixed_dot(shared.filter_map(|(term, w)| other.weights.get(term).map(|c| (*c, *w)))) / denominator
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
        let mut just_a = Centroid::default();
        just_a.add_unit(&a);
        let over = |keep: fn(u32) -> bool| just_a.cosine_centroid_over(&other, keep);
        assert!((over(|term| term == 2) - 1.0).abs() < 1e-6, "both have term 2: alone, it points one way");
        assert_eq!(over(|term| term == 1), 0.0, "b has no term 1");
        assert!((over(|term| term <= 2) - 0.5f32.sqrt()).abs() < 1e-6, "(1, 1) against (0, 1)");
        assert_eq!(Centroid::default().cosine_centroid_over(&centroid, |_| true), 0.0);
        let unit = other.unit_vector();
        assert!((unit.norm() - 1.0).abs() < 1e-6);
        let mut sum = Centroid::default();
        sum.add_scaled(&unit, 1.0);
        sum.add_scaled(&a, 2.0);
        sum.add_scaled(&a, -2.0);
        assert!((sum.dot(&other) - other.dot(&sum)).abs() < 1e-6);
        assert!((sum.dot(&sum) - 1.0).abs() < 1e-5, "what was added and taken out is gone");
    }

    #[test]
    fn a_centroid_taken_back_out_leaves_the_rest() {
        let a = SparseVector::from_pairs(vec![(1, 3.0), (2, 4.0)]);
        let b = SparseVector::from_pairs(vec![(2, 0.5), (3, 0.5)]);
        let mut centroid = Centroid::default();
        centroid.add_unit(&a);
        let mut just_b = Centroid::default();
        just_b.add_unit(&b);
        just_b.add_unit(&b);
        centroid.add_centroid(&just_b);
        assert!((centroid.dot_vector(&b) - (0.8 * 0.5 + 2.0 * 0.5f32.sqrt())).abs() < 1e-6);
        centroid.remove_centroid(&just_b);
        assert!((centroid.cosine(&a) - 1.0).abs() < 1e-6);
        assert!((centroid.dot_vector(&a) - 5.0).abs() < 1e-6, "the unit a, dotted with a of length 5");
        assert_eq!(centroid.dot_vector(&SparseVector::from_pairs(vec![(3, 1.0)])), 0.0, "b's own term is gone");
        assert!((centroid.dot(&centroid) - 1.0).abs() < 1e-6, "the norm follows");
    }

    #[test]
    fn sums_do_not_depend_on_the_order_terms_were_inserted_in() {
        let weight = |term: u32| 1.0 + (term.wrapping_mul(2_654_435_761) % 1000) as f32 / 7.0;
        let terms: Vec<u32> = (0..2000).map(|i| i * 7919 % 100_003).collect();
        let mut forward = Centroid::default();
        forward.add_scaled(&SparseVector::from_pairs(terms.iter().map(|&t| (t, weight(t))).collect()), 1.0);
        // A roomier map lays the same terms out in another order.
        let mut backward =
            Centroid { weights: TermMap::with_capacity_and_hasher(1 << 16, Default::default()), norm_squared: 0.0 };
        for &term in terms.iter().rev() {
            backward.add_scaled(&SparseVector::from_pairs(vec![(term, weight(term))]), 1.0);
        }
        let mut other = Centroid::default();
        // Larger than either, so dot products walk the two differing maps.
        let extra = (0..3000).map(|i| (200_000 + i, 1.0));
        other.add_scaled(
            &SparseVector::from_pairs(terms.iter().map(|&t| (t, 0.1 * weight(t))).chain(extra).collect()),
            1.0,
        );
        assert_eq!(forward.norm().to_bits(), backward.norm().to_bits());
        assert_eq!(forward.dot(&other).to_bits(), backward.dot(&other).to_bits());
        assert_eq!(other.dot(&forward).to_bits(), other.dot(&backward).to_bits());
        let mut merged_forward = other.clone();
        merged_forward.add_centroid(&forward);
        let mut merged_backward = other.clone();
        merged_backward.add_centroid(&backward);
        assert_eq!(merged_forward.norm().to_bits(), merged_backward.norm().to_bits());
    }
}
