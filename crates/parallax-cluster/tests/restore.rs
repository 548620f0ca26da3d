//! A clusterer saved and restored mid-stream goes on exactly as the one
//! that never stopped: the pipeline's snapshots rest on this.

use chrono::{DateTime, Duration, TimeZone, Utc};
use parallax_cluster::{ClusterConfig, ClusterDoc, DocIndex, StoryClusterer};
use proptest::prelude::*;

/// A deterministic stream of `count` articles: six topics of three events
/// each, every article mixing its topic's words, its event's names and
/// numbers and some words of its own, so that stories grow, merge and link
/// into storylines as in a real stream.
fn stream(count: usize, seed: u64) -> Vec<(String, String)> {
    const TOPICS: [&str; 6] = [
        "port strike dockworkers union wages harbour board pay talks walkout",
        "river flood rain evacuation shelters levee water rescue crews",
        "central bank interest rates inflation borrowing costs markets bonds",
        "mine collapse trapped miners rescue shaft tunnel drilling families",
        "election ballots count turnout candidates coalition parliament seats",
        "rail fares commuters ferry transport timetable operator tickets",
    ];
    const NAMES: [&str; 18] = [
        "Calder",
        "Orsk",
        "Vantry",
        "Brennick",
        "Tessaly",
        "Miro",
        "Halvard",
        "Quillon",
        "Deste",
        "Dravik",
        "Ombre",
        "Selk",
        "Paxton",
        "Ruelle",
        "Ynes",
        "Lindqvist",
        "Sundline",
        "Corva",
    ];
    const FILLER: &str =
        "said officials week statement reporters city council residents morning report spokesman agency";
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    let mut next = move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    let pick = |words: &str, n: usize, next: &mut dyn FnMut(usize) -> usize| {
        let words: Vec<&str> = words.split(' ').collect();
        (0..n).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" ")
    };
    (0..count)
        .map(|_| {
            let topic = next(TOPICS.len());
            let event = topic * 3 + next(3);
            let name = NAMES[event];
            let title = format!("{name} {}", pick(TOPICS[topic], 4, &mut next));
            let body = format!(
                "{name} {} {} {}.\n{} {name} {}.",
                pick(TOPICS[topic], 8, &mut next),
                event * 17 + 3,
                pick(FILLER, 5, &mut next),
                pick(TOPICS[topic], 6, &mut next),
                pick(FILLER, 4, &mut next)
            );
            (title, body)
        })
        .collect()
}

/// Every third article undated, the rest a day apart per five articles, so
/// that time windows and date bounds take part.
fn published(index: usize) -> Option<DateTime<Utc>> {
    (!index.is_multiple_of(3))
        .then(|| Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() + Duration::days(index as i64 / 5))
}

fn assign_all(clusterer: &mut StoryClusterer, articles: &[(String, String)], from: usize) -> Vec<DocIndex> {
    articles
        .iter()
        .enumerate()
        .skip(from)
        .map(|(index, (title, body))| {
            clusterer.assign(&ClusterDoc {
                title: Some(title),
                text: body,
                published: published(index),
                not_before: None,
            })
        })
        .collect()
}

fn placements(clusterer: &StoryClusterer, docs: usize) -> Vec<(usize, usize)> {
    (0..docs).map(|i| (clusterer.story_of(DocIndex(i)).0, clusterer.storyline_of(DocIndex(i)).0)).collect()
}

fn save_and_restore(clusterer: &StoryClusterer, config: ClusterConfig) -> StoryClusterer {
    let bytes = postcard::to_allocvec(clusterer).unwrap();
    config.restore(&mut postcard::Deserializer::from_bytes(&bytes)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_restored_clusterer_goes_on_as_the_one_that_never_stopped(split in 0usize..240, seed in 0u64..1000) {
        let articles = stream(240, seed);
        let mut straight = ClusterConfig::default().build();
        assign_all(&mut straight, &articles, 0);

        let mut first = ClusterConfig::default().build();
        assign_all(&mut first, &articles[..split], 0);
        let mut restored = save_and_restore(&first, ClusterConfig::default());
        assign_all(&mut restored, &articles, split);

        prop_assert_eq!(restored.len(), articles.len());
        prop_assert_eq!(placements(&restored, articles.len()), placements(&straight, articles.len()));
        prop_assert_eq!(restored.stats(), straight.stats());
    }
}

#[test]
fn the_stream_makes_stories_and_storylines_of_several_articles() {
    let articles = stream(240, 7);
    let mut clusterer = ClusterConfig::default().build();
    assign_all(&mut clusterer, &articles, 0);
    let stats = clusterer.stats();
    assert!(stats.stories < 120 && stats.storylines < stats.stories, "{stats:?}");
}

#[test]
fn a_damaged_state_is_an_error_not_a_panic() {
    let articles = stream(20, 1);
    let mut clusterer = ClusterConfig::default().build();
    assign_all(&mut clusterer, &articles, 0);
    let bytes = postcard::to_allocvec(&clusterer).unwrap();
    for cut in [0, 1, bytes.len() / 3, bytes.len() - 1] {
        let restored = ClusterConfig::default().restore(&mut postcard::Deserializer::from_bytes(&bytes[..cut]));
        assert!(restored.is_err(), "a state cut at {cut} of {} bytes was accepted", bytes.len());
    }
}
