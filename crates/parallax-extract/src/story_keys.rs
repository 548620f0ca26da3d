//! One canonical key per entity across the articles of a story: an article
//! that names a person only by surname ("Renn said") or an organisation by
//! a shorter form gets the key the other articles give the full name, when
//! exactly one full name fits.

use crate::analyzer::Analysis;
use crate::entities::EntityKind;
use std::collections::{BTreeSet, HashMap};

/// Rewrites short-form keys (entities, quote and claim speakers) to the
/// one full-name key of the same kind that extends them.
pub fn unify_entity_keys(analyses: &mut [Analysis]) {
    let keys: BTreeSet<(EntityKind, String)> =
        analyses.iter().flat_map(|a| &a.entities).map(|e| (e.kind, e.key.clone())).collect();
    let mut renames: HashMap<String, String> = HashMap::new();
    for (kind, key) in &keys {
        let Some((_, name)) = key.split_once(':') else { continue };
        let extending: Vec<&String> = keys
            .iter()
            .filter(|(other_kind, other)| other != key && extends(*kind, name, *other_kind, other))
            .map(|(_, other)| other)
            .collect();
        if let [full] = extending.as_slice() {
            renames.insert(key.clone(), (*full).clone());
        }
    }
    for analysis in analyses.iter_mut() {
        rename_all(analysis, &renames);
    }
}

/// Whether `full_key` names the longer form of `short`: a person's full
/// name ending in the surname (a lone surname an article could not type
/// counts as a person's), an organisation's name starting with the short
/// form (of two words or more, whatever the article typed it as).
fn extends(kind: EntityKind, short: &str, full_kind: EntityKind, full_key: &str) -> bool {
    let full = full_key.split_once(':').map_or("", |(_, name)| name);
    let (short_words, full_words) = (short.split(' ').count(), full.split(' ').count());
    match (kind, full_kind) {
        (EntityKind::Person | EntityKind::Other, EntityKind::Person) => {
            short_words == 1 && full_words > 1 && full.ends_with(&format!(" {short}"))
        }
        (EntityKind::Organisation, EntityKind::Organisation) => {
            full_words > short_words && full.starts_with(&format!("{short} "))
        }
        // "the Lindqvist Ferry board": a two-word run typed as a person in
        // one article, the start of an organisation's name in another.
        (EntityKind::Person | EntityKind::Other, EntityKind::Organisation) => {
            short_words >= 2 && (full == short || full.starts_with(&format!("{short} ")))
        }
        _ => false,
    }
}

fn rename_all(analysis: &mut Analysis, renames: &HashMap<String, String>) {
    let rename = |key: &mut String| {
        if let Some(full) = renames.get(key.as_str()) {
            *key = full.clone();
        }
    };
    analysis.entities.iter_mut().for_each(|e| rename(&mut e.key));
    analysis.quotes.iter_mut().filter_map(|q| q.speaker.as_mut()).for_each(rename);
    analysis.claims.iter_mut().filter_map(|c| c.speaker.as_mut()).for_each(rename);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, ArticleText};

    fn analysis(paragraphs: &[&str]) -> Analysis {
        analyze(&ArticleText { title: "t", paragraphs, published: None })
    }

    #[test]
    fn short_forms_take_the_story_s_full_keys() {
        let mut analyses = [
            analysis(&["Premier Odile Marchetti met the Lindqvist Ferry Company on Monday."]),
            analysis(&["“We will not wait,” Marchetti said after meeting the Lindqvist Ferry board."]),
            analysis(&["Paul Marchetti, her brother, and Ines Vale watched."]),
        ];
        let before = analyses[1].quotes[0].speaker.clone();
        assert_eq!(before.as_deref(), Some("person:marchetti"));
        unify_entity_keys(&mut analyses[..2]);
        assert_eq!(analyses[1].quotes[0].speaker.as_deref(), Some("person:odile marchetti"));
        assert!(analyses[1].entities.iter().any(|e| e.key == "org:lindqvist ferry"), "{:?}", analyses[1].entities);
        // Two people share the surname: no guess.
        let mut ambiguous = vec![analyses[0].clone(), analysis(&["“Later,” Marchetti said."]), analyses[2].clone()];
        unify_entity_keys(&mut ambiguous);
        assert_eq!(ambiguous[1].quotes[0].speaker.as_deref(), Some("person:marchetti"));
    }
}
