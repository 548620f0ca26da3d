//! MinHash signatures by one-permutation hashing with optimal
//! densification (Li, Owen and Zhang 2012; Shrivastava 2017): each element
//! is hashed once, the hash picks one of `permutations` bins and the bin
//! keeps its least hash; an empty bin borrows the value of the first
//! non-empty bin on its own seeded probe sequence. Two signatures agree at
//! a position with probability equal to the Jaccard similarity of their
//! sets, as with k independent permutations, at the cost of one hash per
//! element instead of k: 128 times less work for our 128-value signatures,
//! which is where the dedup stage spent its time.

/// Builds signatures of a fixed length with a fixed seed.
#[derive(Clone, Debug)]
pub struct MinHasher {
    bins: usize,
    seed: u64,
}

impl MinHasher {
    /// Signatures of `permutations` values, hashed with `seed`.
    pub fn new(permutations: usize, seed: u64) -> MinHasher {
        MinHasher { bins: permutations.max(1), seed: mix(seed ^ 0x9E37_79B9_7F4A_7C15) }
    }

    /// The signature of a set of 64-bit element hashes.
    pub fn signature(&self, elements: &[u64]) -> Vec<u64> {
        let mut signature = vec![u64::MAX; self.bins];
        for &element in elements {
            let hash = mix(element ^ self.seed);
            let bin = ((u128::from(hash) * self.bins as u128) >> 64) as usize;
            signature[bin] = signature[bin].min(hash);
        }
        if elements.is_empty() {
            return signature;
        }
        let filled: Vec<bool> = signature.iter().map(|&value| value != u64::MAX).collect();
        for bin in 0..self.bins {
            if !filled[bin] {
                signature[bin] = signature[self.donor(bin, &filled)];
            }
        }
        signature
    }

    /// The first filled bin on `bin`'s probe sequence (one exists).
    fn donor(&self, bin: usize, filled: &[bool]) -> usize {
        (1u64..)
            .map(|attempt| {
                let probe = mix(self.seed ^ (bin as u64).wrapping_mul(0xff51_afd7_ed55_8ccd) ^ attempt);
                ((u128::from(probe) * self.bins as u128) >> 64) as usize
            })
            .find(|&candidate| filled[candidate])
            .expect("a non-empty set fills at least one bin")
    }
}

/// A final avalanche so that nearby inputs give unrelated outputs.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

/// Share of positions where two signatures agree: the Jaccard estimate.
pub fn estimated_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    agree as f64 / a.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(hasher: &MinHasher, a: std::ops::Range<u64>, b: std::ops::Range<u64>) -> f64 {
        let (a, b): (Vec<u64>, Vec<u64>) = (a.collect(), b.collect());
        estimated_jaccard(&hasher.signature(&a), &hasher.signature(&b))
    }

    #[test]
    fn estimates_track_true_jaccard() {
        let hasher = MinHasher::new(256, 7);
        let estimate_large = estimate(&hasher, 0..400, 100..500);
        assert!((estimate_large - 0.6).abs() < 0.08, "{estimate_large}");
        let a: Vec<u64> = (0..400).collect();
        assert_eq!(hasher.signature(&a), MinHasher::new(256, 7).signature(&a), "seeded, so deterministic");
    }

    #[test]
    fn densification_keeps_estimates_for_sets_smaller_than_the_signature() {
        let hasher = MinHasher::new(128, 3);
        let mean =
            (0..50u64).map(|k| estimate(&hasher, k * 1000..k * 1000 + 30, k * 1000 + 10..k * 1000 + 40)).sum::<f64>()
                / 50.0;
        assert!((mean - 0.5).abs() < 0.06, "J = 20/40 = 0.5, mean estimate {mean}");
        assert_eq!(estimate(&hasher, 0..5, 0..5), 1.0);
        assert!(estimate(&hasher, 0..5, 100..105) < 0.2);
    }
}
