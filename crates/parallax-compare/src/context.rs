//! Context contradictions: one outlet calling a sitting official "former"
//! while the others do not, giving an office to another person than the
//! rest do, or naming a different administration than the rest for the
//! same government. Flagged with both sides shown.

use crate::{sentences, SourceArticle};
use parallax_extract::EntityKind;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextSide {
    pub outlets: Vec<String>,
    pub sentence: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextConflict {
    /// "former", "office holder" or "administration".
    pub kind: String,
    /// The person or administration concerned.
    pub subject: String,
    /// The outlet that stands apart.
    pub claim: ContextSide,
    /// What the other outlets say.
    pub others: ContextSide,
}

pub fn contradictions(articles: &[SourceArticle]) -> Vec<ContextConflict> {
    let mut found = former_officials(articles);
    found.extend(office_holders(articles));
    found.extend(administrations(articles));
    found
}

/// One office ("finance minister") given to a person by one outlet and to
/// another person by the other outlets.
fn office_holders(articles: &[SourceArticle]) -> Vec<ContextConflict> {
    let mut holders: Vec<(String, String, &SourceArticle, String)> = Vec::new();
    for article in articles {
        for entity in article.analysis.entities.iter().filter(|e| e.kind == EntityKind::Person) {
            for role in entity.roles.iter().filter(|r| r.split_whitespace().count() >= 2 && !r.starts_with("former")) {
                let sentence = entity
                    .mentions
                    .first()
                    .map(|m| crate::sentence_at(article, m.paragraph, m.start))
                    .unwrap_or_default();
                holders.push((role.clone(), entity.key.clone(), article, sentence));
            }
        }
    }
    let mut found: Vec<ContextConflict> = Vec::new();
    for (role, person, article, sentence) in &holders {
        let same_office =
            |other: &&(String, String, &SourceArticle, String)| &other.0 == role && other.2.outlet != article.outlet;
        let others: Vec<&(String, String, &SourceArticle, String)> = holders.iter().filter(same_office).collect();
        let anyone_agrees = others.iter().any(|other| &other.1 == person);
        let Some(first_other) = others.first() else { continue };
        let others_agree = others.iter().all(|other| other.1 == first_other.1);
        if anyone_agrees || !others_agree || found.iter().any(|c| c.kind == "office holder" && c.subject == *role) {
            continue;
        }
        let sides: Vec<(&SourceArticle, String)> = others.iter().map(|o| (o.2, o.3.clone())).collect();
        found.push(ContextConflict {
            kind: "office holder".into(),
            subject: role.clone(),
            claim: ContextSide { outlets: vec![article.outlet.clone()], sentence: sentence.clone() },
            others: ContextSide { outlets: outlets_of(&sides), sentence: first_other.3.clone() },
        });
    }
    found
}

/// A person one outlet calls "former <title>" whom another outlet names
/// with the title and no "former".
fn former_officials(articles: &[SourceArticle]) -> Vec<ContextConflict> {
    let mut found: Vec<ContextConflict> = Vec::new();
    for article in articles {
        for entity in article.analysis.entities.iter().filter(|e| e.kind == EntityKind::Person) {
            let Some(former) = mention_sentence(article, entity, true) else { continue };
            let sitting: Vec<(&SourceArticle, String)> = articles
                .iter()
                .filter(|other| other.outlet != article.outlet)
                .filter_map(|other| {
                    let same = other.analysis.entities.iter().find(|e| e.key == entity.key)?;
                    Some((other, mention_sentence(other, same, false)?))
                })
                .collect();
            let Some((_, sentence)) = sitting.first() else { continue };
            if found.iter().any(|c| c.subject == entity.name && c.claim.outlets.contains(&article.outlet)) {
                continue;
            }
            found.push(ContextConflict {
                kind: "former".into(),
                subject: entity.name.clone(),
                claim: ContextSide { outlets: vec![article.outlet.clone()], sentence: former },
                others: ContextSide { outlets: outlets_of(&sitting), sentence: sentence.clone() },
            });
        }
    }
    found
}

fn outlets_of(sides: &[(&SourceArticle, String)]) -> Vec<String> {
    let mut outlets: Vec<String> = Vec::new();
    for (article, _) in sides {
        if !outlets.contains(&article.outlet) {
            outlets.push(article.outlet.clone());
        }
    }
    outlets
}

/// The sentence where the entity is named with a title preceded by
/// "former" (`former` true) or with a title and no "former" (false).
fn mention_sentence(article: &SourceArticle, entity: &parallax_extract::Entity, former: bool) -> Option<String> {
    entity.mentions.iter().find_map(|mention| {
        let paragraph = article.paragraphs.get(mention.paragraph)?;
        let before = paragraph.get(..mention.start)?.to_lowercase();
        let last_words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
        let titled = mention.text.split_whitespace().count() > entity.name.split_whitespace().count()
            || last_words.first().is_some_and(|w| parallax_extract::is_title(w));
        let called_former = last_words.contains(&"former") || mention.text.to_lowercase().starts_with("former ");
        (titled && called_former == former).then(|| crate::sentence_at(article, mention.paragraph, mention.start))
    })
}

/// "the <Name> administration": a name fewer outlets use than another of
/// the same government (the name's person holds the same office, or no
/// office is known for them), flagged against the most widely used one. A
/// president of Mexico's administration is not the United States'.
fn administrations(articles: &[SourceArticle]) -> Vec<ContextConflict> {
    let mut named: Vec<(String, &SourceArticle, String)> = Vec::new();
    for article in articles {
        for (_, sentence) in sentences(article) {
            for name in administration_names(&sentence) {
                if person_named(articles, &name) || !names_something_else(articles, &name) {
                    named.push((name, article, sentence.clone()));
                }
            }
        }
    }
    let outlets_naming = |name: &str| -> Vec<String> {
        let mut outlets: Vec<String> = Vec::new();
        for (other, article, _) in &named {
            if other == name && !outlets.contains(&article.outlet) {
                outlets.push(article.outlet.clone());
            }
        }
        outlets
    };
    let mut names: Vec<&String> = Vec::new();
    for (name, _, _) in &named {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut found = Vec::new();
    for name in names.iter().copied() {
        let own = outlets_naming(name);
        let roles = roles_of(articles, name);
        let rival = names
            .iter()
            .copied()
            .filter(|other| *other != name && (roles.is_empty() || roles == roles_of(articles, other)))
            .map(|other| (outlets_naming(other), other))
            .filter(|(outlets, _)| outlets.len() > own.len() && outlets.iter().all(|o| !own.contains(o)))
            .max_by_key(|(outlets, _)| outlets.len());
        let (Some((rival_outlets, rival_name)), Some((_, _, sentence))) = (rival, named.iter().find(|n| &n.0 == name))
        else {
            continue;
        };
        if found.iter().any(|c: &ContextConflict| c.subject == format!("{name} administration")) {
            continue;
        }
        let rival_sentence = named.iter().find(|n| &n.0 == rival_name).map(|n| n.2.clone()).unwrap_or_default();
        found.push(ContextConflict {
            kind: "administration".into(),
            subject: format!("{name} administration"),
            claim: ContextSide { outlets: own, sentence: sentence.clone() },
            others: ContextSide { outlets: rival_outlets, sentence: rival_sentence },
        });
    }
    found
}

/// Whether a person with this surname is named in the story.
fn person_named(articles: &[SourceArticle], surname: &str) -> bool {
    !people_with_surname(articles, surname).is_empty()
}

/// Whether the name is known as a place or organisation (a place like
/// "Mexico" heads no administration).
fn names_something_else(articles: &[SourceArticle], name: &str) -> bool {
    articles
        .iter()
        .flat_map(|a| &a.analysis.entities)
        .any(|e| e.name == name && matches!(e.kind, EntityKind::Place | EntityKind::Organisation))
}

fn people_with_surname<'a>(articles: &'a [SourceArticle], surname: &str) -> Vec<&'a parallax_extract::Entity> {
    articles
        .iter()
        .flat_map(|a| &a.analysis.entities)
        .filter(|e| e.kind == EntityKind::Person && e.name.rsplit(' ').next() == Some(surname))
        .collect()
}

/// The offices the story gives the person with this surname.
fn roles_of(articles: &[SourceArticle], surname: &str) -> Vec<String> {
    let mut roles: Vec<String> = people_with_surname(articles, surname)
        .iter()
        .flat_map(|e| &e.roles)
        .filter(|r| r.contains(" of "))
        .cloned()
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Capitalised names right before "administration" ("Trump's" -> "Trump").
fn administration_names(sentence: &str) -> Vec<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    words
        .windows(2)
        .filter(|pair| pair[1].trim_matches(|c: char| !c.is_alphabetic()).eq_ignore_ascii_case("administration"))
        .map(|pair| {
            let name = pair[0].trim_matches(|c: char| !c.is_alphanumeric());
            name.trim_end_matches("’s").trim_end_matches("'s").to_string()
        })
        .filter(|name| {
            name.chars().count() > 2
                && name.chars().next().is_some_and(char::is_uppercase)
                && name.chars().all(char::is_alphabetic)
                && !matches!(name.as_str(), "The" | "This" | "That")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_article as article;

    #[test]
    fn former_other_office_holders_and_other_administrations_are_flagged() {
        let articles = [
            article("a", "Ashby Post", &["Premier Odile Marchetti met Trade Minister Paul Dorn. The Marchetti administration said little."]),
            article("b", "Brook Times", &["Premier Odile Marchetti spoke as Trade Minister Paul Dorn listened. The Marchetti administration agreed."]),
            article("c", "Cole Daily", &["Former Premier Odile Marchetti met Trade Minister Ana Kell. The Voss administration objected."]),
        ];
        let found = contradictions(&articles);
        let kinds: Vec<(&str, &str)> = found.iter().map(|c| (c.kind.as_str(), c.claim.outlets[0].as_str())).collect();
        assert!(kinds.contains(&("former", "Cole Daily")), "{found:#?}");
        assert!(kinds.contains(&("office holder", "Cole Daily")), "{found:#?}");
        assert!(kinds.contains(&("administration", "Cole Daily")), "{found:#?}");
        assert_eq!(found.len(), 3, "{found:#?}");
        let former = found.iter().find(|c| c.kind == "former").unwrap();
        assert_eq!(former.others.outlets, vec!["Ashby Post", "Brook Times"]);
    }
}
