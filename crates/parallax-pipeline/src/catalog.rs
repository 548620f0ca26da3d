//! The story catalog: every live story with its storyline, original
//! articles and the syndicated copies folded under them, built from the
//! store's listing columns (no article decoded), and the story view's
//! input (articles with their stored analyses) loaded for one story at a
//! time. The CLI and the server read stories through it.

use crate::{NewCopy, StoryChanges};
use parallax_compare::{ArticleRef, SourceArticle};
use parallax_model::{Article, ArticleId};
use parallax_store::{ArticleSummary, SqliteStore, StoreError, StoryGroup, StoryMembers};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// One live story.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogStory {
    pub story: u64,
    pub storyline: u64,
    /// Originals in ingest order, each with the copies folded under it.
    pub originals: Vec<(ArticleRef, Vec<ArticleRef>)>,
}

impl CatalogStory {
    /// The earliest original's title.
    pub fn title(&self) -> &str {
        self.originals
            .iter()
            .min_by_key(|(a, _)| (a.published.is_none(), a.published))
            .map_or("", |(a, _)| a.title.as_str())
    }

    pub fn articles(&self) -> impl Iterator<Item = &ArticleRef> {
        self.originals.iter().flat_map(|(original, copies)| std::iter::once(original).chain(copies))
    }

    /// Outlets covering it (copies included), sorted.
    pub fn outlets(&self) -> Vec<String> {
        let outlets: std::collections::BTreeSet<&str> = self.articles().map(|a| a.outlet.as_str()).collect();
        outlets.into_iter().map(str::to_string).collect()
    }

    pub fn first(&self) -> Option<chrono::NaiveDate> {
        self.articles().filter_map(|a| a.published).min()
    }

    pub fn last(&self) -> Option<chrono::NaiveDate> {
        self.articles().filter_map(|a| a.published).max()
    }
}

/// Every live story of a store, by id.
///
/// Cheap to clone, so that a server can bring a copy up to date after a
/// write while readers keep the old one: stories are shared (a refresh
/// replaces the ones it touched), and articles are known by their id's
/// 64 bits, so the article index copies as one block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryCatalog {
    pub stories: BTreeMap<u64, Arc<CatalogStory>>,
    /// The live story of every article (copies included), by [`article_key`].
    story_of: HashMap<u64, u64>,
}

/// An article id's 64 bits (ids are 16 hex digits), the catalog's key.
fn article_key(id: &str) -> Option<u64> {
    ArticleId::parse(id).and_then(|id| u64::from_str_radix(id.as_str(), 16).ok())
}

/// The name an article is shown under: its outlet, else its file's name
/// (two captures of unknown outlets are two sources, not one).
pub fn source_name(outlet: Option<&str>, source_file: &str) -> String {
    outlet.map(str::to_string).unwrap_or_else(|| {
        let file = Path::new(source_file);
        file.file_name().map_or_else(|| source_file.to_string(), |name| name.to_string_lossy().into_owned())
    })
}

fn reference(summary: &ArticleSummary) -> ArticleRef {
    ArticleRef {
        id: summary.id.to_string(),
        outlet: source_name(summary.outlet.as_deref(), &summary.source_file),
        title: summary.title.clone(),
        published: summary.published.as_deref().and_then(|p| p.get(..10)).and_then(|d| d.parse().ok()),
    }
}

impl StoryCatalog {
    pub fn build(store: &SqliteStore) -> Result<StoryCatalog, StoreError> {
        let summaries: HashMap<ArticleId, ArticleSummary> =
            store.article_summaries()?.into_iter().map(|s| (s.id.clone(), s)).collect();
        let links = store.duplicate_links()?;
        let folding = Folding::new(&links, &summaries);
        let mut catalog = StoryCatalog::default();
        for group in store.story_groups()? {
            catalog.insert(folding.story(&group));
        }
        Ok(catalog)
    }

    /// The catalog built whole, with the ingest position of the latest
    /// article it shows (0 for an empty store): where [`Self::catch_up`]
    /// goes on from. Call it inside one read (`SqliteStore::consistent`).
    pub fn build_through(store: &SqliteStore) -> Result<(StoryCatalog, i64), StoreError> {
        Ok((StoryCatalog::build(store)?, store.last_seq()?))
    }

    /// Brings a catalog that showed the store through ingest position
    /// `through` up to date with what another process wrote since, without
    /// rebuilding it: the changes a writer would have handed to
    /// [`Self::refresh`] are read back from the store (the articles after
    /// `through`, and the stories merged away, new, or moved to another
    /// storyline). Returns what `refresh` returns and the new position.
    /// Call it inside one read (`SqliteStore::consistent`).
    pub fn catch_up(&mut self, store: &SqliteStore, through: i64) -> Result<(Vec<Arc<CatalogStory>>, i64), StoreError> {
        let later = store.articles_after(through)?;
        let mut changes = StoryChanges::default();
        for state in store.story_states()? {
            let changed = match self.stories.get(&state.story) {
                Some(known) => state.merged || known.storyline != state.storyline,
                None => !state.merged,
            };
            if changed {
                changes.restructured.insert(state.story);
            }
        }
        for article in &later {
            changes.add_article(&article.id, article.original.as_ref(), article.story);
        }
        let through = later.last().map_or(through, |article| article.seq);
        Ok((self.refresh(store, &changes)?, through))
    }

    /// Replaces a known story with an edited copy (readers of the old
    /// catalog keep the old one); returns it as it was and as it is
    /// (nothing when it is not in the catalog).
    fn edit_story(&mut self, story: u64, edit: impl FnOnce(&mut CatalogStory)) -> Vec<Arc<CatalogStory>> {
        let Some(before) = self.stories.get(&story).cloned() else { return Vec::new() };
        let mut after = CatalogStory::clone(&before);
        edit(&mut after);
        let after = Arc::new(after);
        self.stories.insert(story, after.clone());
        vec![before, after]
    }

    /// Brings the catalog up to date after a write, reading from the store
    /// only what the write touched (`Pipeline::take_changes`): a story that
    /// only gained articles gets them appended, read by id, and its new
    /// copies folded under their originals; one moved to another storyline
    /// is relabelled in place (a storyline link moves hundreds at once);
    /// every other touched story (created, merged into or away, or given a
    /// copy shown in place of its original) is re-read whole. The result is
    /// what [`Self::build`] would give (a test holds the two equal).
    /// Returns the stories it dropped or rebuilt, as they were and as they
    /// are (for the views cached on them).
    pub fn refresh(
        &mut self,
        store: &SqliteStore,
        changes: &StoryChanges,
    ) -> Result<Vec<Arc<CatalogStory>>, StoreError> {
        let (mut whole, relabels) = self.split_restructured(store, &changes.restructured)?;
        let mut appended: BTreeMap<u64, Vec<ArticleId>> = BTreeMap::new();
        for (article, story) in &changes.appended {
            if whole.contains(story) || !self.stories.contains_key(story) {
                whole.insert(*story);
            } else {
                appended.entry(*story).or_default().push(article.clone());
            }
        }
        let mut copied = self.foldable_copies(store, changes, &appended, &mut whole)?;
        let (mut changed, reread) = self.reread_whole(store, &whole)?;
        // A story merged into one that also gained articles is re-read as
        // the survivor, whole: nothing left to add to it.
        appended.retain(|story, _| !whole.contains(story) && !reread.contains(story));
        copied.retain(|story, _| !reread.contains(story));
        for (story, storyline) in relabels {
            if self.stories.get(&story).is_some_and(|known| known.storyline != storyline) {
                changed.extend(self.edit_story(story, |moved| moved.storyline = storyline));
            }
        }
        for (story, articles) in appended {
            changed.extend(self.append(store, story, &articles)?);
        }
        for (story, copies) in copied {
            changed.extend(self.fold_copies(story, copies));
        }
        Ok(changed)
    }

    /// Sorts the stories whose records a write changed: a live story the
    /// catalog knows needs only its live storyline set, returned as (story,
    /// storyline), since its articles change only by arrivals (appended or
    /// folded after) or by a merge (the story merged away is re-read whole,
    /// which reads its survivor); the rest (created, merged away) are to be
    /// re-read whole, returned as a set.
    #[allow(clippy::type_complexity)]
    fn split_restructured(
        &self,
        store: &SqliteStore,
        restructured: &std::collections::BTreeSet<u64>,
    ) -> Result<(std::collections::BTreeSet<u64>, Vec<(u64, u64)>), StoreError> {
        let mut whole = restructured.clone();
        let mut relabels = Vec::new();
        for state in store.story_states_of(restructured)? {
            if !state.merged && self.stories.contains_key(&state.story) {
                whole.remove(&state.story);
                relabels.push((state.story, state.storyline));
            }
        }
        Ok((whole, relabels))
    }

    /// The new copies that fold under an original their story shows (the
    /// original, old or new, stays the member of its group shown: no copy
    /// is published before it), by story, each with its original's id. A
    /// story with any other copy goes into `whole`.
    fn foldable_copies(
        &self,
        store: &SqliteStore,
        changes: &StoryChanges,
        appended: &BTreeMap<u64, Vec<ArticleId>>,
        whole: &mut std::collections::BTreeSet<u64>,
    ) -> Result<BTreeMap<u64, Vec<(ArticleRef, String)>>, StoreError> {
        let wanted: Vec<ArticleId> =
            changes.copied.iter().flat_map(|copy| [copy.article.clone(), copy.original.clone()]).collect();
        let summaries: HashMap<ArticleId, ArticleSummary> =
            store.summaries_of(&wanted)?.into_iter().map(|s| (s.id.clone(), s)).collect();
        let shown_first = |summary: &ArticleSummary| (summary.published.is_none(), summary.published.clone());
        let fold = |copy: &NewCopy| {
            let (story, original) = (copy.story, &copy.original);
            let shown = self.stories.get(&story)?.originals.iter().any(|(o, _)| o.id == original.as_str())
                || appended.get(&story).is_some_and(|new| new.contains(original));
            let (copy, original) = (summaries.get(&copy.article)?, summaries.get(original)?);
            (shown && shown_first(copy) >= shown_first(original)).then(|| (reference(copy), original.id.to_string()))
        };
        let mut copied: BTreeMap<u64, Vec<(ArticleRef, String)>> = BTreeMap::new();
        for copy in &changes.copied {
            match fold(copy) {
                Some(folded) if !whole.contains(&copy.story) => copied.entry(copy.story).or_default().push(folded),
                _ => {
                    whole.insert(copy.story);
                }
            }
        }
        copied.retain(|story, _| !whole.contains(story));
        Ok(copied)
    }

    /// Drops the stories `whole` names and reads the live stories they now
    /// are, whole; returns the stories dropped or read, and the ids read.
    fn reread_whole(
        &mut self,
        store: &SqliteStore,
        whole: &std::collections::BTreeSet<u64>,
    ) -> Result<(Vec<Arc<CatalogStory>>, std::collections::BTreeSet<u64>), StoreError> {
        let mut changed: Vec<Arc<CatalogStory>> = whole.iter().filter_map(|&gone| self.drop_story(gone)).collect();
        let mut reread = std::collections::BTreeSet::new();
        for StoryMembers { group, summaries, links } in store.story_members_of(whole)? {
            reread.insert(group.story);
            changed.extend(self.drop_story(group.story));
            let summaries: HashMap<ArticleId, ArticleSummary> =
                summaries.into_iter().map(|s| (s.id.clone(), s)).collect();
            changed.push(self.insert(Folding::new(&links, &summaries).story(&group)));
        }
        Ok((changed, reread))
    }

    /// Adds new originals at a story's end; returns it as it was and is.
    fn append(
        &mut self,
        store: &SqliteStore,
        story: u64,
        articles: &[ArticleId],
    ) -> Result<Vec<Arc<CatalogStory>>, StoreError> {
        let added = store.summaries_of(articles)?;
        self.story_of.extend(added.iter().filter_map(|s| article_key(s.id.as_str())).map(|key| (key, story)));
        Ok(self.edit_story(story, |grown| grown.originals.extend(added.iter().map(|s| (reference(s), Vec::new())))))
    }

    /// Folds new copies under their originals (by id) in a story; returns
    /// it as it was and is.
    fn fold_copies(&mut self, story: u64, copies: Vec<(ArticleRef, String)>) -> Vec<Arc<CatalogStory>> {
        self.story_of.extend(copies.iter().filter_map(|(copy, _)| article_key(&copy.id)).map(|key| (key, story)));
        self.edit_story(story, |folding| {
            for (copy, original) in copies {
                if let Some((_, folded)) = folding.originals.iter_mut().find(|(o, _)| o.id == original) {
                    folded.push(copy);
                }
            }
        })
    }

    /// Adds a story and its articles' entries.
    fn insert(&mut self, story: CatalogStory) -> Arc<CatalogStory> {
        let keys = story.articles().filter_map(|article| article_key(&article.id));
        self.story_of.extend(keys.map(|key| (key, story.story)));
        let story = Arc::new(story);
        self.stories.insert(story.story, story.clone());
        story
    }

    /// Removes a story and its articles' entries.
    fn drop_story(&mut self, id: u64) -> Option<Arc<CatalogStory>> {
        let story = self.stories.remove(&id)?;
        for key in story.articles().filter_map(|article| article_key(&article.id)) {
            self.story_of.remove(&key);
        }
        Some(story)
    }

    /// The stories of a storyline in time order: dated stories by their
    /// first date, and undated ones where they arrived among them (a
    /// story's id is its arrival number, and articles arrive in
    /// publication order where dates are known, in ingest order where not).
    pub fn storyline(&self, storyline: u64) -> Vec<&CatalogStory> {
        let members: Vec<&CatalogStory> =
            self.stories.values().map(Arc::as_ref).filter(|s| s.storyline == storyline).collect();
        in_time_order(members)
    }

    /// The live story an article belongs to.
    pub fn story_of(&self, article: &str) -> Option<&CatalogStory> {
        let story = self.story_of.get(&article_key(article)?)?;
        self.stories.get(story).map(Arc::as_ref)
    }
}

/// Which articles are folded under which: built from duplicate links and
/// the articles' listing columns, then applied story by story.
struct Folding<'a> {
    summaries: &'a HashMap<ArticleId, ArticleSummary>,
    folded: HashSet<ArticleId>,
    original_of: HashMap<&'a ArticleId, &'a ArticleId>,
}

impl<'a> Folding<'a> {
    fn new(links: &'a [parallax_store::DuplicateLink], summaries: &'a HashMap<ArticleId, ArticleSummary>) -> Self {
        let folded = folded_copies(links, summaries);
        let original_of = links.iter().map(|l| (&l.article, &l.original)).collect();
        Folding { summaries, folded, original_of }
    }

    /// A story group's originals in order, each with its folded copies.
    fn story(&self, group: &StoryGroup) -> CatalogStory {
        let folded = &self.folded;
        let originals: Vec<&ArticleId> = group.articles.iter().filter(|id| !folded.contains(*id)).collect();
        let original_set: HashSet<&ArticleId> = originals.iter().copied().collect();
        let mut copies_of: HashMap<&ArticleId, Vec<ArticleRef>> = HashMap::new();
        for copy in group.articles.iter().filter(|id| folded.contains(*id)) {
            let Some(home) = copy_home(copy, &self.original_of, &original_set, &originals) else { continue };
            if let Some(summary) = self.summaries.get(copy) {
                copies_of.entry(home).or_default().push(reference(summary));
            }
        }
        let with_copies = originals
            .iter()
            .filter_map(|original| {
                Some((reference(self.summaries.get(*original)?), copies_of.remove(*original).unwrap_or_default()))
            })
            .collect();
        CatalogStory { story: group.story, storyline: group.storyline, originals: with_copies }
    }
}

/// Stories (in arrival order, as the catalog keeps them) reordered so the
/// dated ones run by first date, each undated one keeping its slot.
fn in_time_order(mut stories: Vec<&CatalogStory>) -> Vec<&CatalogStory> {
    let slots: Vec<usize> = (0..stories.len()).filter(|&i| stories[i].first().is_some()).collect();
    let mut dated: Vec<&CatalogStory> = slots.iter().map(|&i| stories[i]).collect();
    dated.sort_by_key(|story| (story.first(), story.story));
    for (slot, story) in slots.into_iter().zip(dated) {
        stories[slot] = story;
    }
    stories
}

/// The members of each duplicate group other than its earliest published
/// one: the articles every view folds under their original.
pub fn folded_copies(
    links: &[parallax_store::DuplicateLink],
    summaries: &HashMap<ArticleId, ArticleSummary>,
) -> HashSet<ArticleId> {
    let mut groups: HashMap<&ArticleId, Vec<&ArticleId>> = HashMap::new();
    for link in links {
        groups.entry(&link.original).or_insert_with(|| vec![&link.original]).push(&link.article);
    }
    let mut copies = HashSet::new();
    for members in groups.values() {
        let key = |id: &&ArticleId| summaries.get(*id).map(|s| (s.published.is_none(), s.published.clone()));
        let original = members.iter().min_by_key(|id| key(id));
        copies.extend(members.iter().filter(|id| Some(*id) != original).map(|id| (*id).clone()));
    }
    copies
}

/// The original a folded copy goes under: the one its duplicate link
/// names, or the story's first original when that one was itself folded.
fn copy_home<'a>(
    copy: &ArticleId,
    original_of: &HashMap<&ArticleId, &'a ArticleId>,
    originals: &HashSet<&ArticleId>,
    in_order: &[&'a ArticleId],
) -> Option<&'a ArticleId> {
    match original_of.get(copy) {
        Some(target) if originals.contains(target) => Some(*target),
        _ => in_order.first().copied(),
    }
}

/// An article and its analysis as the story view takes them (the stored
/// analysis when the current analyser wrote it, else made afresh).
pub fn source_article(
    store: &SqliteStore,
    article: &Article,
    copies: Vec<ArticleRef>,
) -> Result<SourceArticle, StoreError> {
    let stored = store.analysis_json(&article.id, parallax_extract::ANALYZER_VERSION)?;
    let analysis = stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| parallax_extract::analyze_article(article));
    Ok(SourceArticle {
        id: article.id.to_string(),
        outlet: source_name(article.outlet.as_deref(), &article.provenance.file),
        title: article.title.clone(),
        published: article.published.date(),
        paragraphs: article.body().map(str::to_string).collect(),
        analysis,
        copies,
    })
}

/// The story view's input for one catalogued story (an original the store
/// no longer holds is left out, its copies with it).
pub fn story_sources(store: &SqliteStore, story: &CatalogStory) -> Result<Vec<SourceArticle>, StoreError> {
    let ids: Vec<ArticleId> = story.originals.iter().filter_map(|(a, _)| ArticleId::parse(&a.id)).collect();
    let mut articles: HashMap<String, Article> =
        store.articles_by_id(&ids)?.into_iter().map(|a| (a.id.to_string(), a)).collect();
    story
        .originals
        .iter()
        .filter_map(|(original, copies)| articles.remove(&original.id).map(|article| (article, copies)))
        .map(|(article, copies)| source_article(store, &article, copies.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: u64, published: Option<&str>) -> CatalogStory {
        let article = ArticleRef {
            id: format!("a{id}"),
            outlet: "The Calder Post".into(),
            title: format!("Story {id}"),
            published: published.map(|d| d.parse().unwrap()),
        };
        CatalogStory { story: id, storyline: 0, originals: vec![(article, Vec::new())] }
    }

    /// An article as ingest builds it from a plain-text capture.
    fn article(name: &str) -> Article {
        let text = format!("Harbour report {name}\n\nThe harbour office of Calder published report {name} on the state of the northern quay, where cranes stood idle.\n");
        let provenance = parallax_model::Provenance {
            file: format!("{name}.txt"),
            record: parallax_model::RecordLocator::Whole,
            format: parallax_model::SourceFormat::Text,
        };
        let record = parallax_ingest::RawRecord { provenance, payload: parallax_ingest::RawPayload::Text(text) };
        record.build(chrono::Utc::now()).expect("an article")
    }

    /// One write in which an article joins story 0 while story 1, just
    /// joined by another, is merged into story 0: story 0 is re-read whole
    /// (through the merged story) and must not get its new article twice.
    #[test]
    fn a_story_both_appended_to_and_merged_into_holds_each_article_once() {
        use parallax_store::{Batch, StoryRecord};
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let [u, t, y, x] = ["u", "t", "y", "x"].map(article);
        let record = |story, merged_into| StoryRecord { story, storyline: 0, merged_into };
        let first = Batch {
            article_stories: vec![(u.id.clone(), 0), (t.id.clone(), 1)],
            stories: vec![record(0, None), record(1, None)],
            articles: vec![u, t],
            ..Batch::default()
        };
        store.write_batch(&first).unwrap();
        let mut catalog = StoryCatalog::build(&store).unwrap();
        let second = Batch {
            article_stories: vec![(y.id.clone(), 0), (x.id.clone(), 1)],
            stories: vec![record(1, Some(0))],
            articles: vec![y.clone(), x.clone()],
            ..Batch::default()
        };
        store.write_batch(&second).unwrap();
        let changes =
            StoryChanges { restructured: [1].into(), appended: vec![(y.id, 0), (x.id, 1)], copied: Vec::new() };
        catalog.refresh(&store, &changes).unwrap();
        assert_eq!(catalog, StoryCatalog::build(&store).unwrap());
    }

    #[test]
    fn dated_stories_run_by_date_and_undated_ones_keep_their_arrival_slot() {
        let stories = [story(0, None), story(1, Some("2025-08-09")), story(2, None), story(3, Some("2025-03-01"))];
        let ordered: Vec<u64> = in_time_order(stories.iter().collect()).iter().map(|s| s.story).collect();
        assert_eq!(ordered, vec![0, 3, 2, 1]);
    }
}
