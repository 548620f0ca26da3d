//! MinHash signatures: for each of `permutations` seeded hash functions,
//! the least hash over a set. Two signatures agree at a position with
//! probability equal to the Jaccard similarity of their sets.

/// Builds MinHash signatures with fixed seeds.
#[derive(Clone, Debug)]
pub struct MinHasher {
    seeds: Vec<(u64, u64)>,
}

impl MinHasher {
    /// `permutations` hash functions derived from `seed` (SplitMix64).
    pub fn new(permutations: usize, seed: u64) -> MinHasher {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        MinHasher { seeds: (0..permutations).map(|_| (next() | 1, next())).collect() }
    }

    pub fn permutations(&self) -> usize {
        self.seeds.len()
    }

    /// The signature of a set of 64-bit element hashes.
    pub fn signature(&self, elements: &[u64]) -> Vec<u64> {
        self.seeds
            .iter()
            .map(|&(multiplier, increment)| {
                elements
                    .iter()
                    .map(|e| mix(e.wrapping_mul(multiplier).wrapping_add(increment)))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect()
    }
}

/// A final avalanche so that nearby inputs give unrelated outputs.
fn mix(mut z: u64) -> u64 {
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

    #[test]
    fn estimates_track_true_jaccard() {
        let hasher = MinHasher::new(256, 7);
        let a: Vec<u64> = (0..400).collect();
        let b: Vec<u64> = (100..500).collect();
        let estimate = estimated_jaccard(&hasher.signature(&a), &hasher.signature(&b));
        assert!((estimate - 0.6).abs() < 0.08, "{estimate}");
        assert_eq!(hasher.signature(&a), MinHasher::new(256, 7).signature(&a), "seeded, so deterministic");
    }
}
