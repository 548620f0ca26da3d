//! Mean precision and recall over pages, their harmonic mean, and bootstrap
//! standard deviations from a seeded resampling (deterministic).

use crate::PageScore;

/// A mean with its bootstrap standard deviation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub std_dev: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub f1: Estimate,
    pub precision: Estimate,
    pub recall: Estimate,
    pub accuracy: Estimate,
}

struct Means {
    precision: f64,
    recall: f64,
    f1: f64,
    accuracy: f64,
}

fn means(pages: &[PageScore], indices: impl Iterator<Item = usize>) -> Means {
    let (mut precision, mut recall, mut exact, mut count) = (0.0, 0.0, 0.0, 0.0);
    for index in indices {
        precision += pages[index].precision;
        recall += pages[index].recall;
        exact += f64::from(u8::from(pages[index].exact));
        count += 1.0;
    }
    let (precision, recall) = (precision / count, recall / count);
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Means { precision, recall, f1, accuracy: exact / count }
}

/// SplitMix64: a small, seeded generator, enough for resampling indices.
struct SplitMix(u64);

impl SplitMix {
    fn next_below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % bound as u64) as usize
    }
}

fn std_dev(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

/// Summarises page scores: means over all pages, and the standard deviation
/// of each over `resamples` bootstrap resamples drawn with `seed`.
pub fn summarize(pages: &[PageScore], resamples: usize, seed: u64) -> Summary {
    assert!(!pages.is_empty(), "no pages to summarise");
    let full = means(pages, 0..pages.len());
    let mut random = SplitMix(seed);
    let samples: Vec<Means> = (0..resamples)
        .map(|_| means(pages, (0..pages.len()).map(|_| random.next_below(pages.len())).collect::<Vec<_>>().into_iter()))
        .collect();
    let spread = |pick: fn(&Means) -> f64| std_dev(&samples.iter().map(pick).collect::<Vec<_>>());
    Summary {
        f1: Estimate { mean: full.f1, std_dev: spread(|m| m.f1) },
        precision: Estimate { mean: full.precision, std_dev: spread(|m| m.precision) },
        recall: Estimate { mean: full.recall, std_dev: spread(|m| m.recall) },
        accuracy: Estimate { mean: full.accuracy, std_dev: spread(|m| m.accuracy) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_the_harmonic_mean_of_mean_precision_and_recall() {
        let pages = [
            PageScore { precision: 1.0, recall: 0.5, exact: false },
            PageScore { precision: 0.5, recall: 1.0, exact: true },
        ];
        let summary = summarize(&pages, 200, 1);
        assert_eq!(summary.precision.mean, 0.75);
        assert_eq!(summary.recall.mean, 0.75);
        assert_eq!(summary.f1.mean, 0.75);
        assert_eq!(summary.accuracy.mean, 0.5);
        assert!(summary.f1.std_dev > 0.0);
        assert_eq!(summarize(&pages, 200, 1), summary, "seeded resampling is deterministic");
    }
}
