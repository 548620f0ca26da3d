//! The online clusterer: storylines by topic, stories by event, merges with
//! redirects.

use crate::active_stories::ActiveStories;
use crate::candidate_index::{CandidateIndex, INDEXED_TERMS, MOST_CANDIDATES, QUERY_TERMS};
use crate::centroid::Centroid;
use crate::doc_features::{DocFeatures, DocTerms, Vocabulary, YearSet};
use crate::sparse_vector::SparseVector;
use chrono::{DateTime, Datelike, Utc, Weekday};
use serde::{Deserialize, Deserializer, Serialize};

/// Thresholds and windows. The defaults come from the ECB+ development set
/// and the sample corpus; see ARCHITECTURE.md for how they were chosen.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Least topic similarity to join a storyline.
    pub storyline_threshold: f32,
    /// Least average lead similarity between the stories of two storylines
    /// to link them into one (see `link_storylines`).
    pub storyline_link_threshold: f32,
    /// Least event similarity to join a story.
    pub story_threshold: f32,
    /// Least similarity of two story centroids (same storyline) to merge them.
    pub story_merge_threshold: f32,
    /// Least similarity of the names alone of two stories of one
    /// storyline, dated more than a story window apart, for them to merge
    /// as one event's reports (see `far_story_to_merge`).
    pub far_merge_names_threshold: f32,
    /// Added to the join and merge thresholds when the leads on one side
    /// name only days the other side's leads do not (see `lead_day.rs`).
    pub day_conflict_margin: f32,
    /// Taken from them when both sides' leads name a common day.
    pub day_match_margin: f32,
    /// Added to them when one side is dated and the other, undated, names
    /// no year later than `YEARS_APART` before it (see `years_apart`).
    pub year_conflict_margin: f32,
    /// Longest gap, in days, between an article and a story's latest article
    /// for it to join (when both dates are known).
    pub story_window_days: i64,
    /// Gap, in days, past which a storyline's similarities to an article
    /// or another storyline are scaled by window / gap (`time_decay`).
    pub storyline_window_days: i64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            storyline_threshold: 0.20,
            storyline_link_threshold: 0.12,
            story_threshold: 0.21,
            story_merge_threshold: 0.40,
            far_merge_names_threshold: 0.30,
            day_conflict_margin: 0.25,
            day_match_margin: 0.10,
            year_conflict_margin: 0.20,
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

    /// A clusterer saved (serialised) under this configuration, restored:
    /// it goes on exactly as the saved one would have. Restoring under
    /// another configuration gives a clusterer whose past placements
    /// followed the old one; callers keep the two together (the pipeline
    /// stores a digest of the configuration beside the state).
    pub fn restore<'de, D: Deserializer<'de>>(self, saved: D) -> Result<StoryClusterer, D::Error> {
        let saved = SavedClusterer::deserialize(saved)?;
        Ok(StoryClusterer {
            config: self,
            vocabulary: saved.vocabulary,
            storylines: saved.storylines,
            stories: saved.stories,
            doc_story: saved.doc_story,
            changed_stories: Default::default(),
            changed_storylines: Default::default(),
            storyline_index: saved.storyline_index,
        })
    }
}

/// An article as clustering sees it.
#[derive(Clone, Copy, Debug)]
pub struct ClusterDoc<'a> {
    pub title: Option<&'a str>,
    /// The body, paragraphs on their own lines.
    pub text: &'a str,
    pub published: Option<DateTime<Utc>>,
    /// For an undated article, the earliest it can have been published
    /// (the latest date its text names); ignored when `published` is known.
    pub not_before: Option<DateTime<Utc>>,
}

/// An article tokenised for clustering, ready for
/// [`StoryClusterer::assign_prepared`].
#[derive(Clone, Debug)]
pub struct PreparedDoc {
    terms: DocTerms,
    published: Option<DateTime<Utc>>,
    not_before: Option<DateTime<Utc>>,
}

impl PreparedDoc {
    pub fn new(doc: &ClusterDoc<'_>) -> PreparedDoc {
        PreparedDoc {
            terms: DocTerms::extract(doc.title, doc.text),
            published: doc.published,
            not_before: if doc.published.is_some() { None } else { doc.not_before },
        }
    }

    /// What the article says of its time, its lead's weekday counted in
    /// `named`.
    fn days<'d>(&self, named: &'d DayCounts) -> Days<'d> {
        Days {
            named,
            published: (self.published, self.published),
            latest_undated_year: self.terms.years.latest().filter(|_| self.published.is_none()),
        }
    }

    /// Whether a cluster whose articles span the dates `(first, last)`
    /// is within `window_days` of this article: of its date when known (an
    /// article may come after later ones: a folder read outlet by outlet),
    /// else of its earliest possible date (an article naming September
    /// cannot join a story that ended in early August).
    fn may_reach(&self, window_days: i64, span: Span) -> bool {
        self.days_to(span).is_none_or(|gap| gap <= window_days)
    }

    /// Days between this article and a cluster spanning `(first, last)`
    /// (0 when it falls within), measured as `may_reach` does; `None` when
    /// either side's time is unknown.
    fn days_to(&self, span: Span) -> Option<i64> {
        match (self.published, self.not_before, span.1) {
            (Some(_), _, _) => span_gap((self.published, self.published), span),
            (None, Some(bound), Some(last)) => Some((bound - last).num_days().max(0)),
            _ => None,
        }
    }
}

/// Position of an article in arrival order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocIndex(pub usize);

/// A story's id: the arrival number of the story that survives merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StorylineId(pub usize);

#[derive(Serialize, Deserialize)]
struct Storyline {
    centroid: Centroid,
    /// Its stories that are not merged away, by latest date.
    stories: ActiveStories,
    articles: usize,
    merged_into: Option<usize>,
    /// The dates of its earliest and latest dated articles.
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// The sum of its live stories' lead directions, each times its
    /// article count (`Story::lead_in_line`).
    lead_sum: Centroid,
    /// The article counts `lead_sum` was weighted by, summed.
    lead_articles: usize,
    /// Its centroid's heaviest terms as last listed in the candidate index
    /// (`reindex_storyline`): what its links look up.
    top_terms: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
struct Story {
    centroid: Centroid,
    storyline: usize,
    merged_into: Option<usize>,
    last: Option<DateTime<Utc>>,
    articles: usize,
    /// The sum of its articles' unit lead vectors.
    lead: Centroid,
    /// Its lead direction as last added to its storyline's `lead_sum`...
    lead_in_line: SparseVector,
    /// ...times this, its article count then.
    lead_articles: usize,
    /// How many of its articles' leads name each weekday.
    lead_weekdays: DayCounts,
    /// Its earliest article's date: with `last`, the span it covers.
    first: Option<DateTime<Utc>>,
    /// What its undated articles' texts say of how early they can be.
    text_bounds: TextBounds,
    /// The years and months its articles' texts name.
    named_times: NamedTimes,
    /// While it holds at most `MOVABLE_ARTICLES` articles, the sum of their
    /// topic vectors as added to its storyline's centroid, so that the
    /// story can move to another storyline whole (`adopt_small_stories`);
    /// empty once it holds more.
    young_topic: Centroid,
}

/// The years and months a story's articles name: its undated articles'
/// years tell its era (`years_apart`), its dated articles' years and months
/// what it looks back at (`looks_back`).
#[derive(Default, Serialize, Deserialize)]
struct NamedTimes {
    undated_years: YearSet,
    years: YearSet,
    /// As `month_index`es, each month read as the latest such month up to
    /// its article's date; sorted, once each.
    months: Vec<i32>,
}

impl NamedTimes {
    fn add(&mut self, terms: &DocTerms, published: Option<DateTime<Utc>>) {
        match published {
            None => self.undated_years = self.undated_years.union(terms.years),
            Some(at) => {
                self.years = self.years.union(terms.years);
                add_months(&mut self.months, months_named_before(terms.months, at));
            }
        }
    }

    fn absorb(&mut self, other: NamedTimes) {
        self.undated_years = self.undated_years.union(other.undated_years);
        self.years = self.years.union(other.years);
        add_months(&mut self.months, other.months.into_iter());
    }

    /// Whether the dated articles, the earliest of `own_first`, name a year
    /// of `first..=last` before their own year, or such a month before
    /// their own month.
    fn name_before_own(&self, first: DateTime<Utc>, last: DateTime<Utc>, own_first: DateTime<Utc>) -> bool {
        let months = month_index(first)..=month_index(last).min(month_index(own_first) - 1);
        self.years.any_within(first.year(), last.year().min(own_first.year() - 1))
            || self.months.iter().any(|month| months.contains(month))
    }

    /// Whether they name any year or month before `own_first`'s.
    fn name_any_before(&self, own_first: DateTime<Utc>) -> bool {
        self.years.any_within(i32::MIN, own_first.year() - 1)
            || self.months.first().is_some_and(|&month| month < month_index(own_first))
    }
}

/// The two latest lower bounds a story's undated articles put on their
/// publication (each the latest date its text reports, `not_before`). The
/// story is held to the earlier of the two: a bound read from text can be
/// wrong (a release date told in the present tense), two that agree
/// seldom are. A dated article more than a window before it cannot join,
/// nor a story ending that early merge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct TextBounds([Option<DateTime<Utc>>; 2]);

impl TextBounds {
    fn add(&mut self, bound: Option<DateTime<Utc>>) {
        let [latest, second] = &mut self.0;
        if bound > *latest {
            *second = *latest;
            *latest = bound;
        } else if bound > *second {
            *second = bound;
        }
    }

    fn absorb(&mut self, other: TextBounds) {
        for bound in other.0 {
            self.add(bound);
        }
    }

    /// Whether articles up to `last` may share a story with these.
    fn admit(&self, window_days: i64, last: Option<DateTime<Utc>>) -> bool {
        match (last, self.0[1]) {
            (Some(last), Some(bound)) => (bound - last).num_days() <= window_days,
            _ => true,
        }
    }
}

/// How the days of two sides (an article, a story) relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayRelation {
    /// One side names no day.
    Unknown,
    /// They were published within a day of each other, or their leads
    /// name a common day.
    Same,
    /// Both name days, none in common.
    Other,
}

/// The first and last publication dates of an article or story.
type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// What one side (an article, a story) says of its time: the weekdays its
/// leads name, the span of its known publication dates, and the latest
/// year its undated text names.
#[derive(Clone, Copy, Debug)]
struct Days<'a> {
    named: &'a DayCounts,
    published: Span,
    latest_undated_year: Option<i32>,
}

/// Weekday counts, Monday first.
type DayCounts = [u32; 7];

fn day_counts(weekday: Option<Weekday>) -> DayCounts {
    let mut counts = [0; 7];
    if let Some(day) = weekday {
        counts[day.num_days_from_monday() as usize] = 1;
    }
    counts
}

/// Reports of one event come out within a day or two of each other and
/// name its day; two events of one kind seldom share either.
fn day_relation(a: Days<'_>, b: Days<'_>) -> DayRelation {
    if span_gap(a.published, b.published).is_some_and(|gap| gap <= 1) {
        return DayRelation::Same;
    }
    let (a, b) = (a.named, b.named);
    if a.iter().all(|&n| n == 0) || b.iter().all(|&n| n == 0) {
        DayRelation::Unknown
    } else if a.iter().zip(b).any(|(&x, &y)| x > 0 && y > 0) {
        DayRelation::Same
    } else {
        DayRelation::Other
    }
}

impl Story {
    fn span(&self) -> Span {
        (self.first, self.last)
    }

    fn days(&self) -> Days<'_> {
        Days {
            named: &self.lead_weekdays,
            published: self.span(),
            latest_undated_year: self.named_times.undated_years.latest(),
        }
    }

    /// Adds to `young_topic` while the story, `articles` counting what is
    /// added, is small enough to move (`MOVABLE_ARTICLES`); empties it once
    /// it is not.
    fn grow_young_topic(&mut self, add: impl FnOnce(&mut Centroid)) {
        if self.articles <= MOVABLE_ARTICLES {
            add(&mut self.young_topic);
        } else if self.young_topic.len() > 0 {
            self.young_topic = Centroid::default();
        }
    }

    fn count_days(&mut self, days: &DayCounts) {
        for (count, more) in self.lead_weekdays.iter_mut().zip(days) {
            *count += more;
        }
    }
}

/// Assigns articles to stories and storylines as they arrive.
///
/// Its state serialises (serde) without its configuration: save it with
/// any serde format and bring it back with [`ClusterConfig::restore`],
/// which continues exactly as the saved clusterer would have. (It has no
/// `Deserialize` of its own: one would bring it back under the default
/// configuration.)
#[derive(Serialize)]
pub struct StoryClusterer {
    #[serde(skip)]
    config: ClusterConfig,
    vocabulary: Vocabulary,
    storylines: Vec<Storyline>,
    stories: Vec<Story>,
    doc_story: Vec<usize>,
    #[serde(skip)]
    changed_stories: std::collections::BTreeSet<usize>,
    #[serde(skip)]
    changed_storylines: std::collections::BTreeSet<usize>,
    storyline_index: CandidateIndex,
}

/// What [`StoryClusterer`] serialises, in its order: the state
/// [`ClusterConfig::restore`] reads back.
#[derive(Deserialize)]
struct SavedClusterer {
    vocabulary: Vocabulary,
    storylines: Vec<Storyline>,
    stories: Vec<Story>,
    doc_story: Vec<usize>,
    storyline_index: CandidateIndex,
}

/// Sizes of the clusterer's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterStats {
    pub storylines: usize,
    pub stories: usize,
    pub most_active_stories: usize,
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

/// How much a storyline similarity counts across a gap of `gap` days: in
/// full within the window, then in proportion to window / gap. A storyline
/// quiet for twice its window needs twice the similarity to take an article
/// or another storyline: a dispute may flare up again after a long silence
/// (ECB+ files the second event of a topic up to two years after the first),
/// but only on strong evidence.
fn time_decay(window_days: i64, gap: Option<i64>) -> f32 {
    match gap {
        Some(gap) if gap > window_days => window_days as f32 / gap as f32,
        _ => 1.0,
    }
}

/// The similarity times `decay` when it reaches `threshold`. The
/// similarity is computed only when the decay leaves it room to: it may
/// walk a whole centroid.
fn decayed(decay: f32, threshold: f32, similarity: impl FnOnce() -> f32) -> Option<f32> {
    if decay < threshold {
        return None;
    }
    Some(decay * similarity()).filter(|&score| score >= threshold)
}

/// Articles up to which a story may still move to another storyline
/// (`adopt_small_stories`). On ECB+ in its file's order every bound from 1
/// to 8 gives the same; over nine random orders of the file storylines
/// average 0.918 without moves, 0.920 moving single articles, 0.927 up to
/// 4 and 0.929 up to 8, but 8 costs `bench cluster` 14% of its speed and
/// 58 MiB (each story keeps its topic sum until it outgrows the bound),
/// and 16 loses 0.016 on the file's reverse order.
const MOVABLE_ARTICLES: usize = 4;

/// Articles up to which a storyline (or story) is young: checked for links
/// on every article, and linked even beside a thread running at its side.
const YOUNG_ARTICLES: usize = 16;

/// Whether a storyline that has just reached `articles` articles is
/// re-listed in the candidate index and checked for links (or a story has
/// its lead direction refreshed in its storyline's sum): every article
/// while it is young, then every 16th, and past 1,024 articles every 256th
/// (its heaviest terms have settled, and each check walks its whole
/// centroid).
fn due_for_reindex(articles: usize) -> bool {
    articles <= YOUNG_ARTICLES || (articles <= 1024 && articles.is_multiple_of(16)) || articles.is_multiple_of(256)
}

fn earlier(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.min(b).or(a).or(b)
}

/// Whether two date spans (first, last) come within `window_days` of each
/// other; an undated side meets anything.
fn spans_meet(window_days: i64, a: Span, b: Span) -> bool {
    span_gap(a, b).is_none_or(|gap| gap <= window_days)
}

/// Whole days between two date spans (first, last), 0 when they overlap;
/// `None` when either side is undated.
fn span_gap((a_first, a_last): Span, (b_first, b_last): Span) -> Option<i64> {
    match (a_first, a_last, b_first, b_last) {
        (Some(a_first), Some(a_last), Some(b_first), Some(b_last)) => {
            Some((a_first - b_last).num_days().max((b_first - a_last).num_days()).max(0))
        }
        _ => None,
    }
}

fn later(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.max(b).or(a).or(b)
}

/// How many years before a dated side's first article the latest year an
/// undated side names must lie for the two to be told apart by era.
const YEARS_APART: i32 = 2;

/// Whether one side is dated and the other, undated, names no year later
/// than `YEARS_APART` before the dated side's first article. Reports name
/// the year they are written in or the years just before far more often
/// than they name none but older ones, so an undated report naming 2008
/// at the latest is seldom about an event of 2013, however alike the two
/// events read (two patches of one browser, two injuries of one team). On
/// ECB+ pairs of one topic, a dated article and an undated one naming
/// years at most this far before it report the same event in 98 of 1,355
/// pairs; closer, in 634 of 940. Evidence against, not a wall: a report
/// may name only the background years of its event.
fn years_apart(a: Days<'_>, b: Days<'_>) -> bool {
    let earlier = |dated: Days<'_>, undated: Days<'_>| match (
        dated.published.0,
        undated.published.0,
        undated.latest_undated_year,
    ) {
        (Some(first), None, Some(year)) => first.year() - year >= YEARS_APART,
        _ => false,
    };
    earlier(a, b) || earlier(b, a)
}

/// A month as a number that counts on across years.
fn month_index(date: DateTime<Utc>) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The months of `mask` (bit 0: January) named in an article of `at`, each
/// read as the latest such month up to `at`'s own ("on Nov. 30" in a
/// January report is the November before), as `month_index`es.
fn months_named_before(mask: u16, at: DateTime<Utc>) -> impl Iterator<Item = i32> {
    let now = month_index(at);
    let january = now - at.month0() as i32;
    (0..12).filter(move |month| mask & (1 << month) != 0).map(move |month| {
        let named = january + month;
        if named > now {
            named - 12
        } else {
            named
        }
    })
}

/// Adds months to the sorted, distinct `months` (a story's articles name
/// the same few: most add none, and nothing is allocated then).
fn add_months(months: &mut Vec<i32>, more: impl Iterator<Item = i32>) {
    for month in more {
        if let Err(at) = months.binary_search(&month) {
            months.insert(at, month);
        }
    }
}

/// Whether a story that began `later` (dated, more than a story window
/// after `earlier` ended) looks back at it: its articles name a year, or a
/// month, of `earlier`'s span that is before their own. Reports of an
/// event's later steps say when it happened ("convicted of the 2005
/// murder", "the Nov. 30 escape"); a dispute that flares up again is
/// reported as news of its own.
fn looks_back(later: &Story, earlier: &Story) -> bool {
    let (Some(later_first), Some(first), Some(last)) = (later.first, earlier.first, earlier.last) else {
        return false;
    };
    later.named_times.name_before_own(first, last, later_first)
}

/// The candidate with the highest score, the first of equals.
fn highest(scored: impl Iterator<Item = (usize, f32)>) -> Option<(usize, f32)> {
    scored.fold(None, |best, (index, score)| match best {
        Some((_, top)) if top >= score => best,
        _ => Some((index, score)),
    })
}

impl StoryClusterer {
    /// Places an article and returns its arrival index.
    pub fn assign(&mut self, doc: &ClusterDoc<'_>) -> DocIndex {
        self.assign_prepared(&PreparedDoc::new(doc))
    }

    /// Places an article tokenised beforehand ([`PreparedDoc::new`] is pure
    /// and may run on any thread); the same result as [`Self::assign`].
    pub fn assign_prepared(&mut self, doc: &PreparedDoc) -> DocIndex {
        let features = DocFeatures::weigh(&mut self.vocabulary, &doc.terms);
        let storyline = self.place_in_storyline(&features, doc);
        let story = self.place_in_story(storyline, &features, doc);
        if due_for_reindex(self.stories[story].articles) {
            self.refresh_lead_in_line(story);
        }
        if due_for_reindex(self.storylines[storyline].articles) {
            self.link_storylines(storyline);
            self.adopt_small_stories(storyline);
        }
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

    /// Live (not merged away) storylines and stories, and the most live
    /// stories in one storyline.
    pub fn stats(&self) -> ClusterStats {
        ClusterStats {
            storylines: self.storylines.iter().filter(|line| line.merged_into.is_none()).count(),
            stories: self.stories.iter().filter(|story| story.merged_into.is_none()).count(),
            most_active_stories: self.storylines.iter().map(|line| line.stories.len()).max().unwrap_or(0),
        }
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

    fn place_in_storyline(&mut self, features: &DocFeatures, doc: &PreparedDoc) -> usize {
        let (window, published) = (self.config.storyline_window_days, doc.published);
        let candidates = self.storyline_index.candidates(features.topic.heaviest_terms(QUERY_TERMS));
        let best = highest(candidates.iter().filter_map(|&index| {
            // A storyline's window runs from its latest article only.
            let last = self.storylines[index].last;
            let decay = time_decay(window, doc.days_to((last, last)));
            let similarity = || self.storylines[index].centroid.cosine(&features.topic);
            decayed(decay, self.config.storyline_threshold, similarity).map(|score| (index, score))
        }));
        let best = best.or_else(|| self.storyline_of_closest_story(&candidates, features, doc));
        let index = match best {
            Some((index, _)) => index,
            None => {
                self.storylines.push(Storyline {
                    centroid: Centroid::default(),
                    stories: ActiveStories::default(),
                    articles: 0,
                    merged_into: None,
                    first: None,
                    last: None,
                    lead_sum: Centroid::default(),
                    lead_articles: 0,
                    top_terms: Vec::new(),
                });
                self.changed_storylines.insert(self.storylines.len() - 1);
                self.storylines.len() - 1
            }
        };
        let line = &mut self.storylines[index];
        line.centroid.add_unit(&features.topic);
        line.articles += 1;
        line.last = later(line.last, published);
        line.first = earlier(line.first, published);
        if due_for_reindex(line.articles) {
            self.reindex_storyline(index);
        }
        index
    }

    /// For an article no storyline takes by topic: the storyline of the
    /// story among `candidates`' that it matches by event as closely as two
    /// stories must to merge. A report whose wording strays from its
    /// storyline's (a columnist's aside, a short brief) but names the same
    /// people, places and numbers as one of its stories belongs with that
    /// story; opening a storyline of its own would strand it there, since
    /// the two stories could then only merge if their storylines linked.
    fn storyline_of_closest_story(
        &self,
        candidates: &[usize],
        features: &DocFeatures,
        doc: &PreparedDoc,
    ) -> Option<(usize, f32)> {
        let close = candidates.iter().filter_map(|&storyline| {
            let (_, score) = self.closest_story(storyline, features, doc)?;
            (score >= self.config.story_merge_threshold).then_some((storyline, score))
        });
        highest(close)
    }

    /// Lists a storyline under its centroid's heaviest terms, now.
    fn reindex_storyline(&mut self, storyline: usize) {
        let line = &mut self.storylines[storyline];
        line.top_terms = line.centroid.top_terms(INDEXED_TERMS);
        line.top_terms.shrink_to_fit();
        self.storyline_index.index(storyline, &line.top_terms);
    }

    fn place_in_story(&mut self, storyline: usize, features: &DocFeatures, doc: &PreparedDoc) -> usize {
        let (published, days) = (doc.published, day_counts(doc.terms.lead_weekday));
        let best = self.closest_story(storyline, features, doc);
        let index = match best {
            Some((story, _)) => story,
            None => {
                self.stories.push(Story {
                    centroid: Centroid::default(),
                    storyline,
                    merged_into: None,
                    last: None,
                    articles: 0,
                    lead: Centroid::default(),
                    lead_in_line: SparseVector::default(),
                    lead_articles: 0,
                    lead_weekdays: [0; 7],
                    first: None,
                    text_bounds: TextBounds::default(),
                    named_times: NamedTimes::default(),
                    young_topic: Centroid::default(),
                });
                let index = self.stories.len() - 1;
                self.storylines[storyline].stories.insert(index, None);
                self.changed_stories.insert(index);
                index
            }
        };
        let story = &mut self.stories[index];
        story.centroid.add_unit(&features.event);
        story.lead.add_unit(&features.lead);
        story.articles += 1;
        story.grow_young_topic(|topic| topic.add_unit(&features.topic));
        story.count_days(&days);
        story.text_bounds.add(doc.not_before);
        story.named_times.add(&doc.terms, published);
        let before = story.last;
        story.first = earlier(story.first, published);
        story.last = later(story.last, published);
        self.storylines[storyline].stories.update(index, before, story.last);
        index
    }

    /// The story of `storyline` closest to the article by event, if one is
    /// close enough to join.
    fn closest_story(&self, storyline: usize, features: &DocFeatures, doc: &PreparedDoc) -> Option<(usize, f32)> {
        let (published, named) = (doc.published, day_counts(doc.terms.lead_weekday));
        let article_days = doc.days(&named);
        let window = self.config.story_window_days;
        // `near` lists stories in creation order: of equals, the oldest wins.
        let close = self.storylines[storyline]
            .stories
            .near(published, window)
            .into_iter()
            .filter(|&story| doc.may_reach(window, self.stories[story].span()))
            .filter(|&story| self.stories[story].text_bounds.admit(window, published))
            .map(|story| (story, self.stories[story].centroid.cosine(&features.event)))
            .filter(|&(story, score)| {
                score >= self.with_days(self.config.story_threshold, self.stories[story].days(), article_days)
            });
        highest(close)
    }

    /// A join or merge threshold moved by what the two sides say of their
    /// time: up when their leads name different days, down when they name
    /// the same or were published within a day of each other; up again
    /// when they are years apart (`years_apart`).
    fn with_days(&self, threshold: f32, a: Days<'_>, b: Days<'_>) -> f32 {
        let threshold = match day_relation(a, b) {
            DayRelation::Unknown => threshold,
            DayRelation::Same => threshold - self.config.day_match_margin,
            DayRelation::Other => threshold + self.config.day_conflict_margin,
        };
        if years_apart(a, b) {
            threshold + self.config.year_conflict_margin
        } else {
            threshold
        }
    }

    /// Links into `target` every storyline whose stories' leads are, on
    /// average, close to its stories' leads: the average-link similarity of
    /// the two groups of stories. Two flare-ups of one dispute, or two
    /// events of one kind, are told in different words but open alike.
    fn link_storylines(&mut self, target: usize) {
        loop {
            let candidates = self.storyline_index.candidates(self.storylines[target].top_terms.iter().copied());
            let best = highest(
                candidates.into_iter().filter(|&other| self.may_join_storylines(target, other)).filter_map(|other| {
                    let similarity = || self.average_lead_similarity(target, other);
                    let decay = self.storyline_decay(target, other);
                    decayed(decay, self.config.storyline_link_threshold, similarity).map(|score| (other, score))
                }),
            );
            let Some((other, _)) = best else { return };
            self.absorb_storyline(target, other);
        }
    }

    /// Moves into `target` every small story (`MOVABLE_ARTICLES` articles
    /// or fewer) of another storyline whose lead now reads closer to
    /// `target`'s stories than to the rest of its own, and close enough to
    /// link (the average lead similarity of `link_storylines`, with the
    /// small story as one side). An article is placed once, on arrival, in
    /// the storyline it reads closest to then; reports that came before
    /// their own thread began sit in the nearest other thread until they
    /// are moved. A larger story holds its storyline's course. A target of
    /// one article does not pull (one lead against one is what linking
    /// storylines decides), and a story alone in its storyline moves only
    /// by a link.
    fn adopt_small_stories(&mut self, target: usize) {
        if self.storylines[target].articles < 2 {
            return;
        }
        let candidates = self.storyline_index.candidates(self.storylines[target].top_terms.iter().copied());
        let this = &*self;
        let strays: Vec<(usize, usize)> = candidates
            .into_iter()
            .filter(|&other| other != target && this.storylines[other].merged_into.is_none())
            .flat_map(|other| {
                let stories = this.storylines[other].stories.iter();
                stories
                    .filter(move |&story| this.reads_closer_to(story, other, target))
                    .map(move |story| (story, other))
            })
            .collect();
        for (story, from) in strays {
            self.move_small_story(story, from, target);
        }
    }

    /// Whether a small story of storyline `own` reads closer to storyline
    /// `other` than to the rest of `own`, and close enough to link to
    /// `other`: the average lead similarity of its articles to the other
    /// side's, as `average_lead_similarity` weighs them.
    fn reads_closer_to(&self, story: usize, own: usize, other: usize) -> bool {
        let small = &self.stories[story];
        let articles = small.articles;
        if articles > MOVABLE_ARTICLES || small.lead_articles != articles || small.young_topic.len() == 0 {
            return false;
        }
        let (own, other) = (&self.storylines[own], &self.storylines[other]);
        let rest = own.lead_articles - articles;
        let lead = &small.lead_in_line;
        let there = self.decay_between(small.last, other.last) * other.lead_sum.dot_vector(lead)
            / other.lead_articles.max(1) as f32;
        rest > 0
            && there >= self.config.storyline_link_threshold
            && there > (own.lead_sum.dot_vector(lead) - articles as f32) / rest as f32
    }

    /// Moves a small story, its topic and lead, from one storyline to
    /// another. The source keeps its dates (a bound on its span).
    fn move_small_story(&mut self, story: usize, from: usize, to: usize) {
        let small = &mut self.stories[story];
        small.storyline = to;
        let (first, last, topic, lead) = (small.first, small.last, &small.young_topic, &small.lead_in_line);
        let weight = small.articles;
        let source = &mut self.storylines[from];
        source.stories.remove(story, last);
        source.centroid.remove_centroid(topic);
        source.lead_sum.add_scaled(lead, -(weight as f32));
        source.lead_articles -= weight;
        source.articles -= weight;
        let line = &mut self.storylines[to];
        line.stories.insert(story, last);
        line.centroid.add_centroid(topic);
        line.lead_sum.add_scaled(lead, weight as f32);
        line.lead_articles += weight;
        line.articles += weight;
        line.first = earlier(line.first, first);
        line.last = later(line.last, last);
        self.changed_stories.insert(story);
    }

    fn may_join_storylines(&self, target: usize, other: usize) -> bool {
        other != target && self.storylines[other].merged_into.is_none() && !self.side_by_side(target, other)
    }

    /// Whether two storylines have each grown past their youth while
    /// running side by side (their dated spans overlap): then they are
    /// parallel threads of one kind (earthquakes in two regions in one
    /// season, two courts' trials), however alike their stories open, and
    /// are not linked. A young fragment still links to a thread running
    /// beside it, a flare-up to its thread's earlier span, and undated
    /// storylines to anything. On a month-long stream recombined from ECB+
    /// (`parallax eval cluster --recombine 20000`) this moves storyline
    /// BCubed F1 from 0.837 to 0.867; ECB+ itself, whose topics do not run
    /// side by side, is unchanged.
    fn side_by_side(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.storylines[a], &self.storylines[b]);
        a.articles.min(b.articles) > YOUNG_ARTICLES && span_gap((a.first, a.last), (b.first, b.last)) == Some(0)
    }

    /// `time_decay` between two storylines' latest articles.
    fn storyline_decay(&self, a: usize, b: usize) -> f32 {
        self.decay_between(self.storylines[a].last, self.storylines[b].last)
    }

    /// `time_decay`, over the storyline window, between two dates.
    fn decay_between(&self, a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> f32 {
        time_decay(self.config.storyline_window_days, span_gap((a, a), (b, b)))
    }

    /// The mean lead similarity over every pair of stories, one from each,
    /// each pair weighted by the product of their article counts: a story
    /// split into fragments weighs what it weighed whole, so how the
    /// articles are divided into stories barely moves it.
    fn average_lead_similarity(&self, a: usize, b: usize) -> f32 {
        let (a, b) = (&self.storylines[a], &self.storylines[b]);
        let pairs = (a.lead_articles * b.lead_articles).max(1) as f32;
        a.lead_sum.dot(&b.lead_sum) / pairs
    }

    /// Moves every story of `other` into `target`, leaving a redirect.
    fn absorb_storyline(&mut self, target: usize, other: usize) {
        let first = self.storylines[other].first;
        let (absorbed, stories, articles, last, lead_sum, lead_articles) = {
            let line = &mut self.storylines[other];
            line.merged_into = Some(target);
            (
                std::mem::take(&mut line.centroid),
                std::mem::take(&mut line.stories),
                line.articles,
                line.last,
                std::mem::take(&mut line.lead_sum),
                std::mem::take(&mut line.lead_articles),
            )
        };
        self.storylines[other].top_terms = Vec::new();
        for story in stories.all() {
            self.stories[story].storyline = target;
            self.changed_stories.insert(story);
        }
        self.changed_storylines.insert(other);
        self.storyline_index.merge(other, target);
        let line = &mut self.storylines[target];
        line.centroid.add_centroid(&absorbed);
        line.lead_sum.add_centroid(&lead_sum);
        line.lead_articles += lead_articles;
        line.stories.absorb(stories);
        line.articles += articles;
        line.last = later(line.last, last);
        line.first = earlier(line.first, first);
        self.reindex_storyline(target);
    }

    /// Replaces the story's weighted lead direction in its storyline's sum
    /// with its current one.
    fn refresh_lead_in_line(&mut self, story: usize) {
        let storyline = self.resolve_storyline(self.stories[story].storyline);
        let story = &mut self.stories[story];
        let articles = story.articles;
        let previous = std::mem::replace(&mut story.lead_in_line, story.lead.unit_vector());
        let previous_articles = std::mem::replace(&mut story.lead_articles, articles);
        let line = &mut self.storylines[storyline];
        line.lead_sum.add_scaled(&previous, -(previous_articles as f32));
        line.lead_sum.add_scaled(&story.lead_in_line, articles as f32);
        line.lead_articles = line.lead_articles + articles - previous_articles;
    }

    /// The first live story of `storyline` (in creation order) within a
    /// story window of `target`'s span and close enough to merge into it.
    /// The candidates are those not ended before the span's first date: a
    /// story merged across the window (`far_story_to_merge`) spans months,
    /// and the stories that ended inside that span meet it too.
    fn story_to_merge(&self, storyline: usize, target: usize) -> Option<usize> {
        let target_story = &self.stories[target];
        let window = self.config.story_window_days;
        self.storylines[storyline].stories.near(target_story.first.or(target_story.last), window).into_iter().find(
            |&other| {
                let other_story = &self.stories[other];
                let threshold =
                    self.with_days(self.config.story_merge_threshold, target_story.days(), other_story.days());
                other != target
                    && spans_meet(window, target_story.span(), other_story.span())
                    && target_story.text_bounds.admit(window, other_story.last)
                    && other_story.text_bounds.admit(window, target_story.last)
                    && target_story.centroid.cosine_centroid(&other_story.centroid) >= threshold
            },
        )
    }

    /// The story of `storyline` dated more than a story window from
    /// `target` (of the `MOST_CANDIDATES` ended closest before it, and
    /// those begun after it) that reports the same event: an event's later
    /// steps (the charges weeks after a killing, the trial, the verdict)
    /// are reported months apart, in the words and names of its first
    /// reports, and say when it happened. The two merge when their events
    /// are as close as two stories' must be to merge in a window (without
    /// `with_days`'s margins: weeks apart, the weekdays leads name say
    /// nothing), their names alone agree (`far_merge_names_threshold`), and
    /// the later one names a year or month of the earlier one's span before
    /// its own (`looks_back`): a dispute that flares up again reads like its first
    /// flare-up, with the same names, but is news of its own. The closest
    /// such story, if any.
    fn far_story_to_merge(&self, storyline: usize, target: usize) -> Option<usize> {
        let target_story = &self.stories[target];
        let (window, span) = (self.config.story_window_days, target_story.span());
        let (first, last) = (target_story.first?, target_story.last?);
        let line = &self.storylines[storyline];
        // Only a story naming a year or month before its own looks back at
        // an earlier one; only a storyline running past the window after
        // `target` holds a later one. Both checks spare the walks.
        let ended_before = target_story
            .named_times
            .name_any_before(first)
            .then(|| line.stories.ended_before(first - chrono::Duration::days(window)).take(MOST_CANDIDATES))
            .into_iter()
            .flatten();
        let begun_after = (line.last.is_some_and(|end| (end - last).num_days() > window))
            .then(|| line.stories.near(target_story.last, window))
            .into_iter()
            .flatten();
        let far = ended_before.chain(begun_after).filter(|&other| {
            let other_span = self.stories[other].span();
            other_span.0.is_some() && !spans_meet(window, span, other_span)
        });
        let close = far.filter_map(|other| {
            let other_story = &self.stories[other];
            let (earlier, later) = if other_story.last < target_story.first {
                (other_story, target_story)
            } else {
                (target_story, other_story)
            };
            if !looks_back(later, earlier) {
                return None;
            }
            let score = target_story.centroid.cosine_centroid(&other_story.centroid);
            let names = || {
                let is_name = |term: u32| self.vocabulary.is_name(term);
                target_story.centroid.cosine_centroid_over(&other_story.centroid, is_name)
            };
            (score >= self.config.story_merge_threshold && names() >= self.config.far_merge_names_threshold)
                .then_some((other, score))
        });
        highest(close).map(|(story, _)| story)
    }

    /// Merges every live story of the same storyline close to `target` into
    /// it: those within a story window and, while it is young and then on
    /// `due_for_reindex`'s schedule, those of the same event further away
    /// (`far_story_to_merge`).
    fn merge_stories_into(&mut self, target: usize) -> usize {
        let storyline = self.resolve_storyline(self.stories[target].storyline);
        let far_due = due_for_reindex(self.stories[target].articles);
        let mut merged_any = false;
        loop {
            let close = self
                .story_to_merge(storyline, target)
                .or_else(|| far_due.then(|| self.far_story_to_merge(storyline, target)).flatten());
            let Some(other) = close else {
                if merged_any {
                    self.refresh_lead_in_line(target);
                }
                return target;
            };
            merged_any = true;
            let named_times = std::mem::take(&mut self.stories[other].named_times);
            let (
                young_topic,
                absorbed,
                first,
                last,
                weekdays,
                lead,
                lead_in_line,
                lead_articles,
                articles,
                text_bounds,
            ) = {
                let story = &mut self.stories[other];
                story.merged_into = Some(target);
                (
                    std::mem::take(&mut story.young_topic),
                    std::mem::take(&mut story.centroid),
                    story.first,
                    story.last,
                    story.lead_weekdays,
                    std::mem::take(&mut story.lead),
                    std::mem::take(&mut story.lead_in_line),
                    std::mem::take(&mut story.lead_articles),
                    story.articles,
                    story.text_bounds,
                )
            };
            self.storylines[storyline].stories.remove(other, last);
            self.storylines[storyline].lead_sum.add_scaled(&lead_in_line, -(lead_articles as f32));
            self.storylines[storyline].lead_articles -= lead_articles;
            self.changed_stories.insert(other);
            let story = &mut self.stories[target];
            story.centroid.add_centroid(&absorbed);
            story.lead.add_centroid(&lead);
            story.articles += articles;
            story.grow_young_topic(|topic| topic.add_centroid(&young_topic));
            story.count_days(&weekdays);
            story.text_bounds.absorb(text_bounds);
            story.named_times.absorb(named_times);
            let before = story.last;
            story.first = earlier(story.first, first);
            story.last = later(story.last, last);
            self.storylines[storyline].stories.update(target, before, story.last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> ClusterDoc<'_> {
        ClusterDoc { title: None, text, published: None, not_before: None }
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
    fn the_day_a_lead_names_weighs_on_joining_a_story() {
        let config = ClusterConfig { story_threshold: 0.3, story_merge_threshold: 2.0, ..ClusterConfig::default() };
        let walkout = "Dockworkers at the Port of Calder walked off the job on Thursday over pay.\nThe Calder Dockworkers Union wants a 9 percent rise.";
        let second = "Dockworkers at the Port of Calder walked off the job on Monday over pay.\nThe Calder Dockworkers Union wants a 9 percent rise.";
        let score = {
            let mut probe = ClusterConfig { story_threshold: 2.0, ..config.clone() }.build();
            probe.assign(&doc(walkout));
            let features = DocFeatures::weigh(&mut probe.vocabulary, &DocTerms::extract(None, second));
            probe.stories[0].centroid.cosine(&features.event)
        };
        let placed = |conflict: f32, text: &str| {
            let margin = conflict - config.story_threshold;
            let mut clusterer = ClusterConfig { day_conflict_margin: margin, ..config.clone() }.build();
            let a = clusterer.assign(&doc(walkout));
            let b = clusterer.assign(&doc(text));
            clusterer.story_of(a) == clusterer.story_of(b)
        };
        assert!(score >= 0.3, "close enough to join by words alone: {score}");
        assert!(placed(score, second), "a match at the conflict threshold joins");
        assert!(!placed(score + 0.01, second), "another day needs the closer match");
        assert!(placed(score + 0.01, walkout), "the same day does not");
    }

    #[test]
    fn articles_published_within_a_day_of_a_story_need_a_looser_match() {
        let walkout = "Dockworkers at the Port of Calder walked off the job over pay.\nThe Calder Dockworkers Union wants a 9 percent rise.";
        let later = "Calder dockworkers stayed out as the harbour board refused to talk.\nUnion leader Maren Oduya said the 9 percent claim stands.";
        let score = {
            let mut probe = ClusterConfig { story_threshold: 2.0, ..ClusterConfig::default() }.build();
            probe.assign(&doc(walkout));
            let features = DocFeatures::weigh(&mut probe.vocabulary, &DocTerms::extract(None, later));
            probe.stories[0].centroid.cosine(&features.event)
        };
        let day = |d: i64| Some("2025-03-03T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::hours(d));
        let joined = |first: Option<DateTime<Utc>>, second: Option<DateTime<Utc>>| {
            let config = ClusterConfig {
                story_threshold: score + 0.05,
                story_merge_threshold: 2.0,
                day_match_margin: 0.1,
                ..ClusterConfig::default()
            };
            let mut clusterer = config.build();
            let a = clusterer.assign(&ClusterDoc { published: first, ..doc(walkout) });
            let b = clusterer.assign(&ClusterDoc { published: second, ..doc(later) });
            clusterer.story_of(a) == clusterer.story_of(b)
        };
        assert!(joined(day(0), day(30)), "published the next day: the looser threshold");
        assert!(!joined(day(0), day(72)), "three days on: the usual one");
        assert!(!joined(None, day(30)), "an undated side says nothing of its day");
    }

    #[test]
    fn storyline_lead_sums_follow_their_stories_through_merges_and_links() {
        let config = ClusterConfig {
            storyline_threshold: 2.0,
            story_threshold: 2.0,
            story_merge_threshold: 0.3,
            storyline_link_threshold: 0.0,
            ..ClusterConfig::default()
        };
        let mut clusterer = config.build();
        for text in [
            "Dockworkers at the Port of Calder walked off the job over pay.",
            "Calder dockworkers strike over pay at the port.",
            "The Tessaly River flooded Brennick after heavy rain.",
            "Dockworkers at the Port of Calder stayed off the job over pay.",
            "Brennick residents were evacuated as the Tessaly River flooded.",
            "Calder dockworkers stayed on strike over pay at the port.",
            "The Port of Calder strike over dockworkers pay goes on.",
        ] {
            clusterer.assign(&doc(text));
        }
        let merged_whole = clusterer.stories.iter().filter(|story| story.merged_into.is_some()).map(|s| s.articles);
        assert!(merged_whole.max() >= Some(2), "a story of several articles merged away");
        assert!(clusterer.storylines.iter().any(|line| line.merged_into.is_some()), "some storylines linked");
        for (index, line) in clusterer.storylines.iter().enumerate().filter(|(_, line)| line.merged_into.is_none()) {
            let stories: Vec<&Story> = line.stories.all().into_iter().map(|story| &clusterer.stories[story]).collect();
            assert!(stories.iter().all(|story| story.merged_into.is_none() && story.storyline == index));
            assert_eq!(line.lead_articles, stories.iter().map(|story| story.lead_articles).sum::<usize>());
            let mut expected = Centroid::default();
            for story in &stories {
                expected.add_scaled(&story.lead_in_line, story.lead_articles as f32);
            }
            let (norm, cross) = (expected.dot(&expected), expected.dot(&line.lead_sum));
            assert!((norm - cross).abs() <= 1e-3 * norm.max(1.0), "lead sum of storyline {index}: {norm} vs {cross}");
        }
    }

    #[test]
    fn storylines_whose_stories_open_alike_are_linked() {
        let articles = [
            ("Dockworkers strike shuts the port of Calder", "Dockworkers walked out at the port of Calder.\nThe Calder Dockworkers Union wants a nine percent rise from the Harbour Board, whose chairman Tobias Wren called the demand ruinous.\nUnion leader Maren Oduya said grain exporters in Veyra would miss contracts, and that cranes stood idle along the northern quay.\nInsurers in Tessaly priced the delay at millions, according to brokers at Orlen Mutual."),
            ("Calder port strike", "Dockworkers walked out at the port of Calder.\nMaren Oduya of the Calder Dockworkers Union said the Harbour Board offered four percent, and Tobias Wren refused more.\nGrain from Veyra waited in silos while Orlen Mutual brokers counted insurance losses along the northern quay."),
            ("Dockworkers strike shuts the port of Lindqvist", "Dockworkers walked out at the port of Lindqvist.\nThe Norrland Stevedores Guild demands shorter shifts from Brask Terminals after two accidents with forklifts in March.\nGuild secretary Oskar Halme said managers ignored fatigue rules, and ferry operator Sundline rerouted boats to Hallby.\nTimber mills upriver in Skarn stockpiled pine boards."),
            ("Lindqvist port strike", "Dockworkers walked out at the port of Lindqvist.\nOskar Halme of the Norrland Stevedores Guild blamed Brask Terminals for fatigue and forklift accidents.\nSundline ferries sailed to Hallby and Skarn timber mills stockpiled pine."),
        ];
        let cluster = |link: f32| {
            let mut clusterer = ClusterConfig { storyline_link_threshold: link, ..ClusterConfig::default() }.build();
            let placed: Vec<DocIndex> = articles
                .iter()
                .map(|(title, text)| {
                    clusterer.assign(&ClusterDoc { title: Some(title), text, published: None, not_before: None })
                })
                .collect();
            let story = |i: usize| clusterer.story_of(placed[i]);
            let line = |i: usize| clusterer.storyline_of(placed[i]);
            assert_eq!((story(0), story(2)), (story(1), story(3)), "two strikes, two stories");
            assert_ne!(story(0), story(2));
            line(0) == line(2)
        };
        assert!(!cluster(f32::INFINITY), "their words and names differ: apart without linking");
        assert!(cluster(ClusterConfig::default().storyline_link_threshold), "their leads are alike: one storyline");
    }

    #[test]
    fn a_story_is_compared_for_merging_with_every_story_that_ended_inside_its_span() {
        // No article joins a story on arrival: stories grow by merges alone.
        let config = ClusterConfig {
            story_threshold: 2.0,
            story_merge_threshold: 0.5,
            day_conflict_margin: 0.0,
            day_match_margin: 0.0,
            ..ClusterConfig::default()
        };
        let mut clusterer = config.build();
        let day = |d: i64| Some("2025-03-03T12:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::days(d));
        let mut place = |text: &str, d: i64| {
            clusterer.assign(&ClusterDoc { title: None, text, published: day(d), not_before: None })
        };
        let quay = [place("quay crane quay crane", 0), place("quay crane quay crane", 8)];
        let ferry = place("ferry timetable ferry timetable", 3);
        // Reports that tell of both, from day 15 on: the quay story takes
        // them and drifts towards the ferry story, which ended on day 3,
        // more than a window before the quay story's latest article but
        // inside its span.
        let both: Vec<DocIndex> = (15..25).map(|d| place("quay crane ferry timetable", d)).collect();
        assert_eq!(clusterer.story_of(quay[0]), clusterer.story_of(quay[1]));
        assert_eq!(clusterer.story_of(both[0]), clusterer.story_of(quay[0]));
        assert_eq!(clusterer.story_of(ferry), clusterer.story_of(quay[0]), "the ferry story is met and merged");
    }

    #[test]
    fn months_named_are_read_as_the_latest_such_month_up_to_the_article() {
        let january: DateTime<Utc> = "2010-01-12T12:00:00Z".parse().unwrap();
        let named: Vec<i32> = months_named_before(1 << 10 | 1 << 0 | 1 << 2, january).collect();
        let month = |year: i32, month0: i32| year * 12 + month0;
        assert_eq!(
            named,
            vec![month(2010, 0), month(2009, 2), month(2009, 10)],
            "January, the March and November before"
        );
        let mut months = vec![month(2009, 10)];
        add_months(&mut months, named.into_iter());
        assert_eq!(months, vec![month(2009, 2), month(2009, 10), month(2010, 0)], "sorted, once each");
    }

    #[test]
    fn a_report_weeks_or_months_later_that_names_when_a_storys_event_was_joins_it() {
        let day = |date: &str| Some(format!("{date}T12:00:00Z").parse::<DateTime<Utc>>().unwrap());
        let killing = [
            ("Deputy Jorun Vale shot dead outside the Marrow Creek substation", "Deputy Jorun Vale, 41, was shot dead outside the Marrow Creek substation.\nPolice arrested Tamsin Orle, 24, of the Eastgate crew, and the Halden County prosecutor charged her with murder.", "2024-03-03"),
            ("Eastgate crew member charged with killing Deputy Jorun Vale", "Tamsin Orle, 24, was charged with the murder of Deputy Jorun Vale, 41, outside the Marrow Creek substation.\nThe Halden County prosecutor said the Eastgate crew had threatened deputies.", "2024-03-04"),
        ];
        let verdict = |when: &str| {
            format!("A Halden County jury convicted Tamsin Orle, 24, of the murder of Deputy Jorun Vale, 41, outside the Marrow Creek substation {when}.\nThe Eastgate crew member faces life in prison, the prosecutor said.")
        };
        let other = "A Brask County jury convicted Oskar Halme, 24, of the murder of Deputy Ilse Morrow, 41, outside the Skarn depot in 2024.\nThe Saltmarsh gang member faces life in prison, the prosecutor said.";
        let joins = |config: ClusterConfig, text: &str| {
            let mut clusterer = config.build();
            let first = killing.map(|(title, text, date)| {
                clusterer.assign(&ClusterDoc { title: Some(title), text, published: day(date), not_before: None })
            });
            let later =
                clusterer.assign(&ClusterDoc { title: None, text, published: day("2025-02-10"), not_before: None });
            assert_eq!(clusterer.story_of(first[0]), clusterer.story_of(first[1]));
            assert_eq!(clusterer.storyline_of(first[0]), clusterer.storyline_of(later), "one thread");
            clusterer.story_of(first[0]) == clusterer.story_of(later)
        };
        assert!(joins(ClusterConfig::default(), &verdict("in March 2024")), "it names the year of the killing");
        let never = ClusterConfig { far_merge_names_threshold: f32::INFINITY, ..ClusterConfig::default() };
        assert!(!joins(never, &verdict("in March 2024")), "eleven months on, only the rule joins it");
        assert!(!joins(ClusterConfig::default(), &verdict("last spring")), "it names no year: news of its own");
        assert!(!joins(ClusterConfig::default(), other), "other people, the same kind of verdict");
        let in_may = |text: &str| {
            let mut clusterer = ClusterConfig::default().build();
            let first = killing.map(|(title, text, date)| {
                clusterer.assign(&ClusterDoc { title: Some(title), text, published: day(date), not_before: None })
            });
            let later =
                clusterer.assign(&ClusterDoc { title: None, text, published: day("2024-05-20"), not_before: None });
            clusterer.story_of(first[0]) == clusterer.story_of(later)
        };
        assert!(in_may(&verdict("on March 3")), "weeks on, in the same year, it names the month");
        assert!(!in_may(&verdict("last week")), "and without it, it is news of its own");
        // A folder read outlet by outlet: the verdict arrives first.
        let mut clusterer = ClusterConfig::default().build();
        let text = verdict("in March 2024");
        let later =
            clusterer.assign(&ClusterDoc { title: None, text: &text, published: day("2025-02-10"), not_before: None });
        let first = killing.map(|(title, text, date)| {
            clusterer.assign(&ClusterDoc { title: Some(title), text, published: day(date), not_before: None })
        });
        assert_eq!(clusterer.story_of(first[1]), clusterer.story_of(later), "the later story is found too");
    }

    #[test]
    fn an_article_off_its_storylines_words_joins_the_story_whose_names_and_numbers_it_shares() {
        let reports = [
            "Dockworkers at the Port of Calder walked off the job over pay.\nMaren Oduya of the Calder Dockworkers Union wants 9 percent from the Harbour Board and Tobias Wren.",
            "Calder dockworkers strike over pay at the port.\nMaren Oduya said the Calder Dockworkers Union holds to 9 percent; Tobias Wren of the Harbour Board offered 4.",
        ];
        let aside =
            "Opinion: Maren Oduya against Tobias Wren, 9 against 4, and the Calder Dockworkers Union in between.\n\
            our columnist remembers summers of lemonade stands, kites, bicycles, radio serials, marbles, picnics, \
            orchards, rowing boats, village fairs, brass bands, fireworks, jam jars and a grandmother's garden.";
        let clustered = |config: ClusterConfig| {
            let mut clusterer = config.build();
            let placed: Vec<DocIndex> = reports.iter().map(|text| clusterer.assign(&doc(text))).collect();
            let features = DocFeatures::weigh(&mut clusterer.vocabulary.clone(), &DocTerms::extract(None, aside));
            let line = clusterer.resolve_storyline(clusterer.stories[clusterer.story_of(placed[0]).0].storyline);
            let topic = clusterer.storylines[line].centroid.cosine(&features.topic);
            let event = clusterer.stories[clusterer.story_of(placed[0]).0].centroid.cosine(&features.event);
            let aside = clusterer.assign(&doc(aside));
            (
                clusterer.story_of(placed[0]) == clusterer.story_of(placed[1]),
                topic,
                event,
                clusterer.story_of(aside) == clusterer.story_of(placed[0]),
            )
        };
        let config = ClusterConfig::default();
        let (one_story, topic, event, joined) = clustered(config.clone());
        assert!(one_story, "the two reports are one story");
        assert!(topic < config.storyline_threshold, "its words place it in no storyline: {topic}");
        assert!(event >= config.story_merge_threshold, "its names and numbers match the story: {event}");
        assert!(joined, "so it joins that story");
        let (_, _, _, joined) = clustered(ClusterConfig { story_merge_threshold: event + 0.01, ..config });
        assert!(!joined, "a weaker match opens a storyline of its own");
    }

    #[test]
    fn storylines_grown_side_by_side_stay_apart_and_a_later_flare_up_links() {
        let reports = |port: &str| {
            match port {
            "Calder" => "Dockworkers walked out at the port of Calder.\nThe Calder Dockworkers Union wants a nine percent rise from the Harbour Board, whose chairman Tobias Wren called the demand ruinous.\nGrain exporters in Veyra would miss contracts, and cranes stood idle along the northern quay.",
            "Lindqvist" => "Dockworkers walked out at the port of Lindqvist.\nThe Norrland Stevedores Guild demands shorter shifts from Brask Terminals after two accidents with forklifts.\nFerry operator Sundline rerouted boats to Hallby, and timber mills upriver in Skarn stockpiled pine boards.",
            "Orlen" => "Dockworkers walked out at the port of Orlen.\nMembers of the Orlen Lascars Federation accuse Pellam Shipping of hiring crews through agencies abroad.\nFishing trawlers crowded the southern basin while refrigerated containers of shrimp thawed on the docks.",
            _ => "Dockworkers walked out at the port of Hallby.\nThe Hallby Longshore Brotherhood protests automated straddle carriers bought from Quillon Robotics.\nCoal barges queued along the estuary, and the municipal power station rationed its furnace stock.",
        }
        };
        let strike = |port: &str, day: i64| {
            let published = "2025-03-01T12:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::days(day);
            (reports(port).to_string(), published)
        };
        let mut clusterer =
            ClusterConfig { storyline_link_threshold: f32::INFINITY, ..ClusterConfig::default() }.build();
        let place = |clusterer: &mut StoryClusterer, port: &str, days: std::ops::Range<i64>| {
            let placed: Vec<DocIndex> = days
                .map(|day| {
                    let (text, published) = strike(port, day);
                    clusterer.assign(&ClusterDoc {
                        title: None,
                        text: &text,
                        published: Some(published),
                        not_before: None,
                    })
                })
                .collect();
            clusterer.storyline_of(placed[0]).0
        };
        let calder = place(&mut clusterer, "Calder", 0..17);
        let lindqvist = place(&mut clusterer, "Lindqvist", 0..17);
        let young = place(&mut clusterer, "Orlen", 0..16);
        let later = place(&mut clusterer, "Hallby", 200..217);
        assert_eq!(
            vec![calder, lindqvist, young, later].into_iter().collect::<std::collections::BTreeSet<_>>().len(),
            4
        );
        assert!(clusterer.side_by_side(calder, lindqvist), "both past their youth, their spans overlapping");
        assert!(!clusterer.may_join_storylines(calder, lindqvist));
        assert!(!clusterer.side_by_side(calder, young), "a young fragment may join a thread beside it");
        assert!(!clusterer.side_by_side(calder, later), "a later flare-up may join its thread");
        clusterer.config.storyline_link_threshold = 0.0;
        clusterer.link_storylines(calder);
        let line = |index: usize| clusterer.resolve_storyline(index);
        assert_eq!((line(young), line(later)), (line(calder), line(calder)), "linked once links are allowed");
        assert_ne!(line(lindqvist), line(calder), "the parallel thread is not");
    }

    #[test]
    fn an_article_older_than_a_story_joins_when_it_falls_within_the_story_span_window() {
        let text = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said.";
        let day = |d: i64| Some("2025-03-01T12:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::days(d));
        let dated = |d: i64| ClusterDoc { title: None, text, published: day(d), not_before: None };
        let mut clusterer = ClusterConfig::default().build();
        let placed: Vec<DocIndex> = [0, 8, 16, -3].into_iter().map(|d| clusterer.assign(&dated(d))).collect();
        let stories: Vec<StoryId> = placed.iter().map(|&doc| clusterer.story_of(doc)).collect();
        assert!(stories.iter().all(|&story| story == stories[0]), "three days before its first article: {stories:?}");
        let late = clusterer.assign(&dated(-20));
        assert_ne!(clusterer.story_of(late), stories[0], "more than a window before its first article");
    }

    #[test]
    fn similarity_across_a_storyline_gap_decays_with_its_length() {
        assert_eq!(time_decay(400, None), 1.0);
        assert_eq!(time_decay(400, Some(400)), 1.0);
        assert_eq!(time_decay(400, Some(800)), 0.5);
        assert_eq!(decayed(0.1, 0.2, || unreachable!("the decay alone rules it out")), None);
        assert_eq!(decayed(0.5, 0.2, || 0.5), Some(0.25));
        assert_eq!(decayed(0.5, 0.3, || 0.5), None);
        let strike = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said. The Harbour Board called the demand ruinous.";
        let again = "The Calder Dockworkers Union called a new strike at the Port of Calder over pensions. Grain ships waited in the roads off Veyra.";
        let day = |d: i64| Some("2025-03-03T12:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::days(d));
        let one_storyline = |first: &str, second: &str, gap: i64| {
            let mut clusterer = ClusterConfig::default().build();
            let a = clusterer.assign(&ClusterDoc { title: None, text: first, published: day(0), not_before: None });
            let b = clusterer.assign(&ClusterDoc { title: None, text: second, published: day(gap), not_before: None });
            clusterer.storyline_of(a) == clusterer.storyline_of(b)
        };
        assert!(one_storyline(strike, again, 300), "within the window the topic is enough");
        assert!(!one_storyline(strike, again, 1600), "four windows later it is not");
        assert!(one_storyline(strike, strike, 1600), "the same report is");
        assert!(!one_storyline(strike, strike, 4000), "until its similarity has decayed below the thresholds");
    }

    #[test]
    fn a_small_story_filed_before_its_thread_began_moves_to_it_once_the_thread_grows() {
        let firing = [
            "The Harbourside Gulls fired head coach Miro Lasko on Saturday after the basketball team lost nine of its first twelve games this season. General manager Petra Sund said the team needed a new voice.",
            "Gulls dismiss coach Lasko. Harbourside's basketball team fired its head coach Miro Lasko after a 3-9 start to the season, general manager Petra Sund announced.",
            "Miro Lasko is out as head coach of the Harbourside Gulls. The team fired him after a poor start to the season; Petra Sund, the general manager, named assistant Ivo Brand interim coach.",
            "Harbourside Gulls coach Miro Lasko fired. The basketball team's general manager Petra Sund fired the head coach after twelve games of a losing season.",
        ];
        let first_report = "Westfield head coach Anka Veld said the basketball team's forward will miss the rest of the season, a blow after a poor start of nine losses in twelve games, the kind of start that got coaches fired this season. The team placed its forward on injured reserve after his knee gave way in practice; the general manager will look for a trade.";
        let injury = [
            "Dario Pell out for the season. The Rovers forward tore a knee ligament in practice and goes on injured reserve.",
            "Dario Pell knee injury ends his season. An MRI showed the Rovers forward tore a ligament; the Rovers put Pell on injured reserve.",
            "Rovers place forward Dario Pell on injured reserve with a torn knee ligament after an MRI, ending his season.",
            "Injured reserve for Pell: the Rovers forward needs knee surgery after tearing a ligament in practice.",
            "The Rovers will play without Dario Pell; the forward's torn knee ligament puts him on injured reserve for the season.",
        ];
        let second_report = "Westfield head coach Anka Veld placed the forward on injured reserve after his knee gave way in practice; he will miss the rest of the season.";
        let mut clusterer = ClusterConfig::default().build();
        let firing: Vec<DocIndex> = firing.iter().map(|text| clusterer.assign(&doc(text))).collect();
        let lone = clusterer.assign(&doc(first_report));
        let again = clusterer.assign(&doc(second_report));
        let firing_line = clusterer.storyline_of(firing[0]);
        assert_eq!(
            clusterer.storyline_of(lone),
            firing_line,
            "on arrival it reads closest to the only thread there is"
        );
        assert_eq!(clusterer.story_of(again), clusterer.story_of(lone), "two reports of one event: a small story");
        let opening = clusterer.assign(&doc(injury[0]));
        assert_eq!(clusterer.storyline_of(lone), firing_line, "one report does not pull another");
        let injury: Vec<DocIndex> =
            std::iter::once(opening).chain(injury[1..].iter().map(|text| clusterer.assign(&doc(text)))).collect();
        let injury_line = clusterer.storyline_of(opening);
        assert_ne!(injury_line, firing_line);
        assert!(injury.iter().all(|&article| clusterer.storyline_of(article) == injury_line));
        assert_eq!(clusterer.storyline_of(lone), injury_line, "its own thread now reads closer");
        assert_eq!(clusterer.storyline_of(again), injury_line, "the story moves whole");
        assert!(firing.iter().all(|&article| clusterer.storyline_of(article) == firing_line));
    }

    #[test]
    fn time_windows_keep_distant_events_apart() {
        let mut clusterer = ClusterConfig::default().build();
        let text = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said.";
        let march: DateTime<Utc> = "2025-03-03T12:00:00Z".parse().unwrap();
        let october: DateTime<Utc> = "2025-10-21T12:00:00Z".parse().unwrap();
        let a = clusterer.assign(&ClusterDoc { title: None, text, published: Some(march), not_before: None });
        let b = clusterer.assign(&ClusterDoc { title: None, text, published: Some(october), not_before: None });
        assert_ne!(clusterer.story_of(a), clusterer.story_of(b));
        assert_eq!(clusterer.storyline_of(a), clusterer.storyline_of(b));
        let undated = |not_before| ClusterDoc { title: None, text, published: None, not_before };
        let c = clusterer.assign(&undated(Some(october + chrono::Duration::days(30))));
        assert_ne!(clusterer.story_of(c), clusterer.story_of(b), "it names a date a month after the story");
        let d = clusterer.assign(&undated(Some(october - chrono::Duration::days(60))));
        assert_eq!(clusterer.story_of(d), clusterer.story_of(b), "its bound is no bar to a later story");
    }

    #[test]
    fn what_two_undated_articles_say_of_their_time_keeps_an_earlier_article_out() {
        let text = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said.";
        let october: DateTime<Utc> = "2025-10-21T12:00:00Z".parse().unwrap();
        let march: DateTime<Utc> = "2025-03-03T12:00:00Z".parse().unwrap();
        let undated = |not_before| ClusterDoc { title: None, text, published: None, not_before };
        let dated = ClusterDoc { title: None, text, published: Some(march), not_before: None };
        let joins_after = |bounds: &[Option<DateTime<Utc>>]| {
            let mut clusterer = ClusterConfig::default().build();
            let undated: Vec<DocIndex> = bounds.iter().map(|&bound| clusterer.assign(&undated(bound))).collect();
            let early = clusterer.assign(&dated);
            clusterer.story_of(undated[0]) == clusterer.story_of(early)
        };
        assert!(!joins_after(&[Some(october), Some(october), None]), "two articles report October events");
        assert!(joins_after(&[Some(october), None, None]), "one bound alone may be a misread date");
        assert!(joins_after(&[Some(march), Some(march)]), "bounds that admit it");
        let mut clusterer = ClusterConfig::default().build();
        let late_story = [undated(Some(october)), undated(Some(october))].map(|doc| clusterer.assign(&doc));
        let early = clusterer.assign(&dated);
        let more = clusterer.assign(&undated(None));
        assert_ne!(clusterer.story_of(early), clusterer.story_of(late_story[0]));
        assert_eq!(clusterer.story_of(more), clusterer.story_of(late_story[0]), "the undated still join");
        assert_eq!(clusterer.stats().stories, 2, "and the two stories do not merge");
    }

    #[test]
    fn an_undated_report_naming_only_years_long_before_a_dated_story_is_held_apart() {
        let text = |year: &str| {
            format!(
                "The Calder harbour board approved a dredging contract for the Port of Calder on Wednesday, \
                 said Ida Moor of the board. The channel was last dredged in {year}."
            )
        };
        let september: DateTime<Utc> = "2013-09-18T12:00:00Z".parse().unwrap();
        let joins = |margin: f32, dated_first: bool, undated_text: &str| {
            let mut clusterer = ClusterConfig { year_conflict_margin: margin, ..ClusterConfig::default() }.build();
            let dated_text = text("2012");
            let dated = ClusterDoc { title: None, text: &dated_text, published: Some(september), not_before: None };
            let undated = doc(undated_text);
            let (dated, undated) = if dated_first {
                let dated = clusterer.assign(&dated);
                (dated, clusterer.assign(&undated))
            } else {
                let undated = clusterer.assign(&undated);
                (clusterer.assign(&dated), undated)
            };
            clusterer.story_of(dated) == clusterer.story_of(undated)
        };
        let (naming_2008, naming_2012) = (text("2008"), text("2012"));
        let naming_none = text("spring");
        for dated_first in [true, false] {
            assert!(joins(0.0, dated_first, &naming_2008), "alike enough to join without the margin");
            assert!(!joins(1.0, dated_first, &naming_2008), "naming 2008 at the latest, five years before");
            assert!(joins(1.0, dated_first, &naming_2012), "naming the year before");
            assert!(joins(1.0, dated_first, &naming_none), "naming no year");
        }
    }
}
