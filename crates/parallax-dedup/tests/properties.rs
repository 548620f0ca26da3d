//! Properties of duplicate detection.

use parallax_dedup::{shingle_hashes, DedupConfig, MinHasher, Verdict};
use proptest::prelude::*;

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,9}", 12..80)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn minhash_agreement_is_symmetric(a in words(), b in words()) {
        let hasher = MinHasher::new(64, 3);
        let (sa, sb) = (hasher.signature(&shingle_hashes(&a.join(" "), 3)), hasher.signature(&shingle_hashes(&b.join(" "), 3)));
        let agree = |x: &[u64], y: &[u64]| x.iter().zip(y).filter(|(p, q)| p == q).count();
        prop_assert_eq!(agree(&sa, &sb), agree(&sb, &sa));
    }

    #[test]
    fn case_and_punctuation_do_not_hide_a_copy(a in words()) {
        let text = a.join(" ");
        let shouted = a.iter().map(|w| format!("{}!", w.to_uppercase())).collect::<Vec<_>>().join("  ");
        let mut deduper = DedupConfig::default().build();
        prop_assert_eq!(deduper.check("first", &text), Verdict::Original);
        prop_assert_eq!(deduper.check("second", &shouted), Verdict::ExactDuplicateOf { original: "first".into() });
    }

    #[test]
    fn the_same_stream_gives_the_same_verdicts(texts in prop::collection::vec(words(), 1..12)) {
        let run = || {
            let mut deduper = DedupConfig::default().build();
            texts.iter().enumerate().map(|(i, t)| deduper.check(&i.to_string(), &t.join(" "))).collect::<Vec<_>>()
        };
        prop_assert_eq!(run(), run());
    }
}
