//! The whole view over a small fictional story: quote variants across
//! outlets, single-outlet facts, the summary's support, framing order and
//! the merged timeline.

use chrono::NaiveDate;
use parallax_compare::{compare_story, SourceArticle};

fn article(id: &str, outlet: &str, day: u32, paragraphs: &[&str]) -> SourceArticle {
    let published = NaiveDate::from_ymd_opt(2025, 6, day);
    let analysis = parallax_extract::analyze(&parallax_extract::ArticleText { title: id, paragraphs, published });
    SourceArticle {
        id: id.into(),
        outlet: outlet.into(),
        title: format!("{outlet} on the ferry strike"),
        published,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        analysis,
        copies: vec![],
    }
}

fn story() -> Vec<SourceArticle> {
    vec![
        article("a", "Ashby Post", 4, &[
            "Ferry crews at Lindqvist harbour walked out on Monday, stranding 600 passengers on the island.",
            "“We have waited two years for a fair contract, and we will wait no longer,” union leader Mira Sandoval said.",
            "The ferry company said talks would resume on Friday.",
        ]),
        article("b", "Brook Times", 4, &[
            "Ferry crews walked out at Lindqvist harbour on Monday, leaving 600 passengers stranded on the island.",
            "“We waited two years for a fair contract. We will not wait any longer,” Mira Sandoval told reporters.",
            "A café owner on the quay said business had halved since the spring.",
        ]),
        article("c", "Cole Daily", 5, &[
            "The reckless walkout by ferry crews at Lindqvist harbour on Monday has raised concerns across the island, stranding 600 passengers.",
            "Many are left questioning whether the union ever wanted a deal.",
        ]),
    ]
}

#[test]
fn quote_variants_are_one_statement_across_outlets() {
    let view = compare_story(&story());
    let sandoval = view.quotes.iter().find(|q| q.speaker_name == "Mira Sandoval").expect("her quote");
    assert_eq!(sandoval.variants.len(), 2, "{:#?}", view.quotes);
    assert_eq!(sandoval.outlets, vec!["Ashby Post", "Brook Times"]);
    assert!(!sandoval.single_outlet);
}

#[test]
fn facts_summary_framing_and_timeline() {
    let view = compare_story(&story());
    let brook = view.single_outlet.iter().find(|f| f.outlet == "Brook Times").expect("Brook's own fact");
    assert!(brook.sentences.iter().any(|s| s.contains("café owner")), "{:#?}", view.single_outlet);
    let ashby = view.single_outlet.iter().find(|f| f.outlet == "Ashby Post").expect("Ashby's own fact");
    assert!(ashby.sentences.iter().any(|s| s.contains("Friday")));
    assert!(view.summary.len() <= 5 && !view.summary.is_empty());
    assert_eq!(view.summary[0].supported_by.len(), 3, "{:#?}", view.summary);
    assert_eq!(view.framing[0].outlet, "Cole Daily");
    assert!(view.framing[0].phrases.iter().any(|p| p == "raised concerns"));
    let monday = view.timeline.iter().find(|e| e.date == NaiveDate::from_ymd_opt(2025, 6, 2).unwrap()).unwrap();
    assert_eq!(monday.sources.len(), 3, "{:#?}", view.timeline);
    let passengers = view.claims.iter().find(|g| g.counts == "passenger").unwrap();
    assert_eq!((passengers.outlets, passengers.of), (3, 3));
    assert_eq!(view.outlets.len(), 3);
}

#[test]
fn a_very_large_story_is_compared_on_a_sample_spread_across_outlets() {
    let base = story();
    let many: Vec<SourceArticle> = (0..parallax_compare::MAX_COMPARED + 60)
        .map(|i| {
            let mut article = base[i % base.len()].clone();
            article.id = format!("{}-{i}", article.id);
            article
        })
        .collect();
    let view = compare_story(&many);
    assert_eq!(view.compared_articles, parallax_compare::MAX_COMPARED);
    let listed: usize = view.outlets.iter().map(|o| o.articles.len()).sum();
    assert_eq!(listed, many.len(), "every article is still listed under its outlet");
    assert_eq!(view.framing.len(), 3, "no outlet left out of the comparison");
}
