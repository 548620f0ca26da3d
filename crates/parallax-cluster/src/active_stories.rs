//! A storyline's live stories, kept by the date of their latest article so
//! that an article is compared only with the stories that had not ended
//! before its time window (in a stream that comes roughly in date order,
//! those of its last days): the cost of placing an article stays flat
//! however long a storyline runs, and the answer is exactly that of
//! scanning every story (whatever order the articles come in).

use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// Live stories: undated ones in a list, dated ones ordered by latest date.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ActiveStories {
    undated: Vec<usize>,
    dated: BTreeSet<(DateTime<Utc>, usize)>,
}

impl ActiveStories {
    pub fn len(&self) -> usize {
        self.undated.len() + self.dated.len()
    }

    pub fn insert(&mut self, story: usize, last: Option<DateTime<Utc>>) {
        match last {
            Some(at) => {
                self.dated.insert((at, story));
            }
            None => self.undated.push(story),
        }
    }

    pub fn remove(&mut self, story: usize, last: Option<DateTime<Utc>>) {
        match last {
            Some(at) => {
                self.dated.remove(&(at, story));
            }
            None => self.undated.retain(|&s| s != story),
        }
    }

    /// Moves a story from one latest date to another.
    pub fn update(&mut self, story: usize, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) {
        if from != to {
            self.remove(story, from);
            self.insert(story, to);
        }
    }

    /// Takes every story of `other`.
    pub fn absorb(&mut self, other: ActiveStories) {
        self.undated.extend(other.undated);
        self.dated.extend(other.dated);
    }

    /// Every story: the undated, then the dated by latest date.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.undated.iter().copied().chain(self.dated.iter().map(|(_, story)| *story))
    }

    /// Every story, in creation order.
    pub fn all(&self) -> Vec<usize> {
        self.near(None, 0)
    }

    /// The dated stories whose latest article is before `at`, the latest
    /// first.
    pub fn ended_before(&self, at: DateTime<Utc>) -> impl Iterator<Item = usize> + '_ {
        self.dated.range(..(at, 0)).rev().map(|(_, story)| *story)
    }

    /// The stories an article dated `at` may join, in creation order: the
    /// undated, and those whose latest article is at most `window_days`
    /// before it (or later: a story may have begun after it, its articles
    /// having come first; the caller checks the story's whole span).
    pub fn near(&self, at: Option<DateTime<Utc>>, window_days: i64) -> Vec<usize> {
        let mut found: Vec<usize> = self.undated.clone();
        match at {
            None => found.extend(self.dated.iter().map(|(_, story)| *story)),
            Some(at) => {
                // `within` compares whole days: widen by one and let the caller check exactly.
                let reach = Duration::days(window_days + 1);
                found.extend(self.dated.range((at - reach, 0)..).map(|(_, story)| *story));
            }
        }
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i64) -> Option<DateTime<Utc>> {
        Some(DateTime::<Utc>::UNIX_EPOCH + Duration::days(d))
    }

    #[test]
    fn near_finds_the_stories_not_ended_before_the_window_and_the_undated() {
        let mut stories = ActiveStories::default();
        stories.insert(0, day(0));
        stories.insert(1, day(100));
        stories.insert(2, None);
        stories.insert(3, day(104));
        assert_eq!(stories.iter().collect::<Vec<_>>(), vec![2, 0, 1, 3], "the undated, then by latest date");
        assert_eq!(stories.near(day(102), 10), vec![1, 2, 3]);
        assert_eq!(stories.all(), vec![0, 1, 2, 3]);
        stories.update(0, day(0), day(95));
        assert_eq!(stories.near(day(102), 10), vec![0, 1, 2, 3]);
        stories.remove(2, None);
        assert_eq!(stories.near(day(110), 10), vec![1, 3]);
        assert_eq!(stories.near(day(-5), 10), vec![0, 1, 3], "they may have begun before the window's end");
        assert_eq!(stories.near(day(200), 10), vec![]);
        assert_eq!(stories.len(), 3);
        assert_eq!(stories.ended_before(day(104).unwrap()).collect::<Vec<_>>(), vec![1, 0], "the latest first");
        assert_eq!(stories.ended_before(day(95).unwrap()).count(), 0, "a story ending that day is not before it");
    }
}
