//! The online clusterer: storylines by topic, stories by event, merges with
//! redirects.

use crate::candidate_index::{CandidateIndex, INDEXED_TERMS, QUERY_TERMS};
use crate::doc_features::{DocFeatures, Vocabulary};
use crate::sparse_vector::SparseVector;
use chrono::{DateTime, Utc};

/// Thresholds and windows. The defaults come from the ECB+ development set
/// and the sample corpus; see ARCHITECTURE.md for how they were chosen.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Least topic similarity to join a storyline.
    pub storyline_threshold: f32,
    /// Least similarity of two storyline centroids to merge them.
    pub storyline_merge_threshold: f32,
    /// Least event similarity to join a story.
    pub story_threshold: f32,
    /// Least similarity of two story centroids (same storyline) to merge them.
    pub story_merge_threshold: f32,
    /// Longest gap, in days, between an article and a story's latest article
    /// for it to join (when both dates are known).
    pub story_window_days: i64,
    /// The same for storylines.
    pub storyline_window_days: i64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            storyline_threshold: 0.20,
            storyline_merge_threshold: 0.25,
            story_threshold: 0.25,
            story_merge_threshold: 0.50,
            story_window_days: 10,
            storyline_window_days: 400,
        }
    }
}

impl ClusterConfig {
    pub fn build(self) -> StoryClusterer {
        StoryClusterer {
            config: self,
            vocabulary: Vocabulary::default(),
            storylines: Vec::new(),
            stories: Vec::new(),
            doc_story: Vec::new(),
            changed_stories: Default::default(),
            changed_storylines: Default::default(),
            storyline_index: Default::default(),
        }
    }
}

/// An article as clustering sees it.
#[derive(Clone, Copy, Debug)]
pub struct ClusterDoc<'a> {
    pub title: Option<&'a str>,
    /// The body, paragraphs on their own lines.
    pub text: &'a str,
    pub published: Option<DateTime<Utc>>,
}

/// Position of an article in arrival order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocIndex(pub usize);

/// A story's id: the arrival number of the story that survives merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StorylineId(pub usize);

struct Storyline {
    centroid: SparseVector,
    stories: Vec<usize>,
    merged_into: Option<usize>,
    last: Option<DateTime<Utc>>,
}

struct Story {
    centroid: SparseVector,
    storyline: usize,
    merged_into: Option<usize>,
    last: Option<DateTime<Utc>>,
}

/// Assigns articles to stories and storylines as they arrive.
pub struct StoryClusterer {
    config: ClusterConfig,
    vocabulary: Vocabulary,
    storylines: Vec<Storyline>,
    stories: Vec<Story>,
    doc_story: Vec<usize>,
    changed_stories: std::collections::BTreeSet<usize>,
    changed_storylines: std::collections::BTreeSet<usize>,
    storyline_index: CandidateIndex,
}

/// A story as it stands: its storyline and, once merged, the story it became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryRow {
    pub story: StoryId,
    pub storyline: StorylineId,
    pub merged_into: Option<StoryId>,
}

/// A storyline as it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorylineRow {
    pub storyline: StorylineId,
    pub merged_into: Option<StorylineId>,
}

fn within(window_days: i64, a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= window_days,
        _ => true,
    }
}

fn later(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.max(b).or(a).or(b)
}

impl StoryClusterer {
    /// Places an article and returns its arrival index.
    pub fn assign(&mut self, doc: &ClusterDoc<'_>) -> DocIndex {
        let features = DocFeatures::extract(&mut self.vocabulary, doc.title, doc.text);
        let storyline = self.place_in_storyline(&features, doc.published);
        let story = self.place_in_story(storyline, &features, doc.published);
        self.merge_storylines_into(storyline);
        let story = self.merge_stories_into(self.resolve_story(story));
        self.doc_story.push(story);
        DocIndex(self.doc_story.len() - 1)
    }

    /// The story an article joined on arrival (before later merges).
    pub fn arrival_story(&self, doc: DocIndex) -> StoryId {
        StoryId(self.doc_story[doc.0])
    }

    /// The stories and storylines created or changed since the last call.
    pub fn drain_changes(&mut self) -> (Vec<StoryRow>, Vec<StorylineRow>) {
        let stories = std::mem::take(&mut self.changed_stories)
            .into_iter()
            .map(|index| {
                let story = &self.stories[index];
                StoryRow {
                    story: StoryId(index),
                    storyline: StorylineId(story.storyline),
                    merged_into: story.merged_into.map(StoryId),
                }
            })
            .collect();
        let storylines = std::mem::take(&mut self.changed_storylines)
            .into_iter()
            .map(|index| StorylineRow {
                storyline: StorylineId(index),
                merged_into: self.storylines[index].merged_into.map(StorylineId),
            })
            .collect();
        (stories, storylines)
    }

    /// The story an article belongs to now (after any merges).
    pub fn story_of(&self, doc: DocIndex) -> StoryId {
        StoryId(self.resolve_story(self.doc_story[doc.0]))
    }

    /// The storyline an article belongs to now.
    pub fn storyline_of(&self, doc: DocIndex) -> StorylineId {
        let story = self.resolve_story(self.doc_story[doc.0]);
        StorylineId(self.resolve_storyline(self.stories[story].storyline))
    }

    pub fn len(&self) -> usize {
        self.doc_story.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_story.is_empty()
    }

    fn resolve_story(&self, mut story: usize) -> usize {
        while let Some(next) = self.stories[story].merged_into {
            story = next;
        }
        story
    }

    fn resolve_storyline(&self, mut storyline: usize) -> usize {
        while let Some(next) = self.storylines[storyline].merged_into {
            storyline = next;
        }
        storyline
    }

    /// Live storylines sharing a heavy term with `vector`.
    fn storyline_candidates(&self, vector: &SparseVector, count: usize) -> Vec<usize> {
        let mut candidates: Vec<usize> = self
            .storyline_index
            .candidates(vector, count)
            .into_iter()
            .map(|line| self.resolve_storyline(line))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    fn place_in_storyline(&mut self, features: &DocFeatures, published: Option<DateTime<Utc>>) -> usize {
        let window = self.config.storyline_window_days;
        let best = self
            .storyline_candidates(&features.topic, QUERY_TERMS)
            .into_iter()
            .filter(|&index| within(window, published, self.storylines[index].last))
            .map(|index| (index, features.topic.cosine(&self.storylines[index].centroid)))
            .fold(None, |best: Option<(usize, f32)>, (index, score)| match best {
                Some((_, top)) if top >= score => best,
                _ => Some((index, score)),
            });
        let index = match best {
            Some((index, score)) if score >= self.config.storyline_threshold => index,
            _ => {
                self.storylines.push(Storyline {
                    centroid: SparseVector::default(),
                    stories: Vec::new(),
                    merged_into: None,
                    last: None,
                });
                self.changed_storylines.insert(self.storylines.len() - 1);
                self.storylines.len() - 1
            }
        };
        let line = &mut self.storylines[index];
        line.centroid.add_unit(&features.topic);
        line.last = later(line.last, published);
        self.storyline_index.index(index, &self.storylines[index].centroid);
        index
    }

    fn place_in_story(&mut self, storyline: usize, features: &DocFeatures, published: Option<DateTime<Utc>>) -> usize {
        let window = self.config.story_window_days;
        let best = self.storylines[storyline]
            .stories
            .iter()
            .map(|&story| self.resolve_story(story))
            .filter(|&story| within(window, published, self.stories[story].last))
            .map(|story| (story, features.event.cosine(&self.stories[story].centroid)))
            .fold(None, |best: Option<(usize, f32)>, (index, score)| match best {
                Some((top_index, top)) if top > score || (top == score && top_index < index) => best,
                _ => Some((index, score)),
            });
        let index = match best {
            Some((story, score)) if score >= self.config.story_threshold => story,
            _ => {
                self.stories.push(Story {
                    centroid: SparseVector::default(),
                    storyline,
                    merged_into: None,
                    last: None,
                });
                let index = self.stories.len() - 1;
                self.storylines[storyline].stories.push(index);
                self.changed_stories.insert(index);
                index
            }
        };
        let story = &mut self.stories[index];
        story.centroid.add_unit(&features.event);
        story.last = later(story.last, published);
        index
    }

    /// Merges every live storyline close to `target` into it.
    fn merge_storylines_into(&mut self, target: usize) {
        loop {
            let threshold = self.config.storyline_merge_threshold;
            let candidates = self.storyline_candidates(&self.storylines[target].centroid, INDEXED_TERMS);
            let close = candidates.into_iter().find(|&other| {
                other != target
                    && self.storylines[other].merged_into.is_none()
                    && within(
                        self.config.storyline_window_days,
                        self.storylines[target].last,
                        self.storylines[other].last,
                    )
                    && self.storylines[target].centroid.cosine(&self.storylines[other].centroid) >= threshold
            });
            let Some(other) = close else { return };
            let (absorbed, stories, last) = {
                let line = &mut self.storylines[other];
                line.merged_into = Some(target);
                (line.centroid.clone(), std::mem::take(&mut line.stories), line.last)
            };
            for &story in &stories {
                self.stories[story].storyline = target;
                self.changed_stories.insert(story);
            }
            self.changed_storylines.insert(other);
            let line = &mut self.storylines[target];
            line.centroid.add_sum(&absorbed);
            line.stories.extend(stories);
            line.last = later(line.last, last);
            self.storyline_index.index(target, &self.storylines[target].centroid);
        }
    }

    /// Merges every live story of the same storyline close to `target` into it.
    fn merge_stories_into(&mut self, target: usize) -> usize {
        let storyline = self.resolve_storyline(self.stories[target].storyline);
        loop {
            let threshold = self.config.story_merge_threshold;
            let close = self.storylines[storyline].stories.iter().copied().find(|&other| {
                other != target
                    && self.stories[other].merged_into.is_none()
                    && within(self.config.story_window_days, self.stories[target].last, self.stories[other].last)
                    && self.stories[target].centroid.cosine(&self.stories[other].centroid) >= threshold
            });
            let Some(other) = close else { return target };
            let (absorbed, last) = {
                let story = &mut self.stories[other];
                story.merged_into = Some(target);
                (story.centroid.clone(), story.last)
            };
            self.changed_stories.insert(other);
            let story = &mut self.stories[target];
            story.centroid.add_sum(&absorbed);
            story.last = later(story.last, last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> ClusterDoc<'_> {
        ClusterDoc { title: None, text, published: None }
    }

    #[test]
    fn related_articles_share_a_storyline_and_distinct_events_do_not_share_a_story() {
        let mut clusterer = ClusterConfig::default().build();
        let strike = clusterer.assign(&doc("Dockworkers at the Port of Calder walked off the job. The Calder Dockworkers Union wants a 9 percent pay rise from the harbour board."));
        let strike_again = clusterer.assign(&doc("Calder port dockworkers strike over pay. The Calder Dockworkers Union says the harbour board offer of 4 percent is too low."));
        let flood = clusterer.assign(&doc("The Tessaly River flooded Brennick after 140 millimetres of rain, and 1,200 residents were evacuated to shelters."));
        assert_eq!(clusterer.story_of(strike), clusterer.story_of(strike_again));
        assert_ne!(clusterer.storyline_of(strike), clusterer.storyline_of(flood));
    }

    #[test]
    fn time_windows_keep_distant_events_apart() {
        let mut clusterer = ClusterConfig::default().build();
        let text = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said.";
        let march: DateTime<Utc> = "2025-03-03T12:00:00Z".parse().unwrap();
        let october: DateTime<Utc> = "2025-10-21T12:00:00Z".parse().unwrap();
        let a = clusterer.assign(&ClusterDoc { title: None, text, published: Some(march) });
        let b = clusterer.assign(&ClusterDoc { title: None, text, published: Some(october) });
        assert_ne!(clusterer.story_of(a), clusterer.story_of(b));
        assert_eq!(clusterer.storyline_of(a), clusterer.storyline_of(b));
    }
}
