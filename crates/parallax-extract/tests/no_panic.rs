//! The analyser never panics, whatever the text: numbers at the end of a
//! sentence, stray quote marks, dashes, hyphenated numbers, lone words.

use parallax_extract::{analyze, ArticleText};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("of the".to_string()),
        Just("dozen".to_string()),
        Just("half".to_string()),
        Just("third".to_string()),
        Just("voted".to_string()),
        Just("said".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("—".to_string()),
        Just("'s".to_string()),
        Just("Mayor Ines Vale".to_string()),
        Just("on Monday".to_string()),
        Just("in March".to_string()),
        Just("since 2009".to_string()),
        "[0-9]{1,7}",
        "[0-9]{1,2}-[0-9]{1,2}",
        "[0-9]{1,3}-(day|year|fold|x)",
        "(twenty|nine|one)-(three|day|one)",
        "[A-Za-z]{1,9}",
        "[.,;:!?%$€()]",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics(words in proptest::collection::vec(token(), 0..40), dated in any::<bool>()) {
        let paragraph = words.join(" ");
        let paragraphs = [paragraph.as_str(), "“", "said."];
        let published = dated.then(|| chrono::NaiveDate::from_ymd_opt(2025, 3, 5)).flatten();
        let analysis = analyze(&ArticleText { title: "t", paragraphs: &paragraphs, published });
        prop_assert!(analysis.framing.score >= 0.0);
    }
}

#[test]
fn a_bare_fraction_of_the_at_the_end_does_not_panic() {
    let paragraphs = ["He counted half of the", "Nineteen of the 23", "a third of the town's"];
    analyze(&ArticleText { title: "t", paragraphs: &paragraphs, published: None });
}
