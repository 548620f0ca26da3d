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

    #[test]
    fn a_restored_deduper_goes_on_as_the_one_that_never_stopped(
        texts in prop::collection::vec(words(), 2..30),
        copies in prop::collection::vec((0usize..30, 0usize..80), 0..20),
        split_at in 0usize..50,
    ) {
        // Originals, then near copies of some of them (one word changed).
        let mut stream: Vec<String> = texts.iter().map(|t| t.join(" ")).collect();
        for (source, word) in copies {
            let mut copy = texts[source % texts.len()].clone();
            let at = word % copy.len();
            copy[at] = "changed".to_string();
            stream.push(copy.join(" "));
        }
        let split = split_at.min(stream.len());
        let check_all = |deduper: &mut parallax_dedup::Deduper, from: usize| {
            stream.iter().enumerate().skip(from).map(|(i, t)| deduper.check(&i.to_string(), t)).collect::<Vec<_>>()
        };
        let mut straight = DedupConfig::default().build();
        let expected = check_all(&mut straight, 0);

        let mut first = DedupConfig::default().build();
        let mut verdicts: Vec<Verdict> = stream[..split].iter().enumerate().map(|(i, t)| first.check(&i.to_string(), t)).collect();
        let bytes = postcard::to_allocvec(&first).unwrap();
        let mut restored = DedupConfig::default().restore(&mut postcard::Deserializer::from_bytes(&bytes)).unwrap();
        verdicts.extend(check_all(&mut restored, split));
        prop_assert_eq!(verdicts, expected);
    }
}

#[test]
fn a_state_saved_under_other_signatures_is_refused() {
    let mut deduper = DedupConfig::default().build();
    deduper.check("a", "the harbour board offered the dockworkers a four percent rise on thursday morning");
    let bytes = postcard::to_allocvec(&deduper).unwrap();
    let other = DedupConfig { bands: 16, ..DedupConfig::default() };
    let refused = other.restore(&mut postcard::Deserializer::from_bytes(&bytes));
    assert!(refused.is_err());
    assert!(DedupConfig::default()
        .restore(&mut postcard::Deserializer::from_bytes(&bytes[..bytes.len() / 2]))
        .is_err());
}
