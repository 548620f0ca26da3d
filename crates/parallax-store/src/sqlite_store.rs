//! The SQLite backend.

use crate::migrations::{latest_version, MIGRATIONS};
use crate::{Result, StoreError};
use parallax_model::{Article, ArticleId};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How long a connection waits for a lock another connection holds.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "parallax.sqlite3";

/// A store over one data directory.
pub struct SqliteStore {
    connection: Connection,
    path: PathBuf,
}

/// What one batch did: ids newly written and ids that were already there.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    pub stored: Vec<ArticleId>,
    pub already_stored: Vec<ArticleId>,
}

/// Whether a copy is the same text or a near copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateKind {
    Exact,
    Near,
}

impl DuplicateKind {
    pub fn name(self) -> &'static str {
        match self {
            DuplicateKind::Exact => "exact",
            DuplicateKind::Near => "near",
        }
    }

    /// The kind a stored name stands for (the schema allows only the two).
    fn from_name(name: &str) -> DuplicateKind {
        if name == "exact" {
            DuplicateKind::Exact
        } else {
            DuplicateKind::Near
        }
    }
}

/// A copy and the original of its group.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateLink {
    pub article: ArticleId,
    pub original: ArticleId,
    pub kind: DuplicateKind,
    /// Share of the smaller text's shingles found in the larger, estimated.
    pub containment: f64,
}

/// A story as the clustering stage left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryRecord {
    pub story: u64,
    pub storyline: u64,
    /// The story this one was merged into, if any.
    pub merged_into: Option<u64>,
}

/// A storyline as the clustering stage left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorylineRecord {
    pub storyline: u64,
    pub merged_into: Option<u64>,
}

/// A live story (one not merged away) with its live storyline and every
/// article in it, copies included, in ingest order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryGroup {
    pub story: u64,
    pub storyline: u64,
    pub articles: Vec<ArticleId>,
}

/// An article stored after a known ingest position, as a reader following
/// another process's writes catches up on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaterArticle {
    /// Its ingest position.
    pub seq: i64,
    pub id: ArticleId,
    /// The story it joined on arrival.
    pub story: u64,
    /// The original it copies, when it is a copy (its duplicate link).
    pub original: Option<ArticleId>,
}

/// A story record with its redirects resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryState {
    pub story: u64,
    /// Whether it was merged into another.
    pub merged: bool,
    /// Its live storyline (its record's, redirects followed).
    pub storyline: u64,
}

/// A live story as a catalog reads it whole (`story_members_of`).
#[derive(Clone, Debug, PartialEq)]
pub struct StoryMembers {
    pub group: StoryGroup,
    /// Its articles' listing columns, in ingest order.
    pub summaries: Vec<ArticleSummary>,
    /// The duplicate links of its articles that are copies, in ingest order.
    pub links: Vec<DuplicateLink>,
}

/// The columns `summary_row` reads, in its order.
const SUMMARY_COLUMNS: &str = "id, outlet, title, published, source_file";

/// An article's listing columns (none when its id is malformed).
fn summary_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<ArticleSummary>> {
    let id: String = row.get(0)?;
    let Some(id) = ArticleId::parse(&id) else { return Ok(None) };
    Ok(Some(ArticleSummary {
        id,
        outlet: row.get(1)?,
        title: row.get(2)?,
        published: row.get(3)?,
        source_file: row.get(4)?,
    }))
}

/// A row of `story_members_of`: an article's listing columns, then its
/// duplicate link's columns (null when it is no copy).
fn member_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<(ArticleSummary, Option<DuplicateLink>)>> {
    let Some(summary) = summary_row(row)? else { return Ok(None) };
    let original: Option<String> = row.get(5)?;
    let link = original.and_then(|original| ArticleId::parse(&original)).map(|original| -> rusqlite::Result<_> {
        Ok(DuplicateLink {
            article: summary.id.clone(),
            original,
            kind: DuplicateKind::from_name(&row.get::<_, String>(6)?),
            containment: row.get(7)?,
        })
    });
    Ok(Some((summary, link.transpose()?)))
}

/// Story and storyline merge redirects, to find what a story id is now.
struct Redirects {
    stories: HashMap<u64, StoryRecord>,
    storylines: HashMap<u64, Option<u64>>,
}

impl Redirects {
    fn live_story(&self, mut story: u64) -> u64 {
        for _ in 0..self.stories.len() + 1 {
            match self.stories.get(&story).and_then(|r| r.merged_into) {
                Some(next) => story = next,
                None => break,
            }
        }
        story
    }

    fn live_storyline(&self, mut line: u64) -> u64 {
        for _ in 0..self.storylines.len() + 1 {
            match self.storylines.get(&line).copied().flatten() {
                Some(next) => line = next,
                None => break,
            }
        }
        line
    }

    /// (article, story joined on arrival) rows, in ingest order, grouped by
    /// live story (ordered by story id), articles kept in order.
    fn group(&self, rows: impl Iterator<Item = (String, u64)>) -> Vec<StoryGroup> {
        let mut groups: std::collections::BTreeMap<u64, StoryGroup> = std::collections::BTreeMap::new();
        for (article, story) in rows {
            let Some(article) = ArticleId::parse(&article) else { continue };
            let story = self.live_story(story);
            let storyline = self.live_storyline(self.stories.get(&story).map_or(0, |r| r.storyline));
            groups
                .entry(story)
                .or_insert_with(|| StoryGroup { story, storyline, articles: Vec::new() })
                .articles
                .push(article);
        }
        groups.into_values().collect()
    }
}

/// The listing columns of a stored article (no JSON decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub outlet: Option<String>,
    pub title: String,
    /// The publication sort key (RFC 3339), when known.
    pub published: Option<String>,
    pub source_file: String,
}

/// Everything one pipeline batch writes, in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub duplicates: Vec<DuplicateLink>,
    /// The story each new article joined on arrival.
    pub article_stories: Vec<(ArticleId, u64)>,
    /// Stories and storylines created or changed by the batch.
    pub stories: Vec<StoryRecord>,
    pub storylines: Vec<StorylineRecord>,
    /// Each article's analysis as JSON (the store does not read it).
    pub analyses: Vec<(ArticleId, String)>,
    /// The version of the analyser that wrote `analyses`; a newer one
    /// replaces an older analysis.
    pub analyzer_version: u32,
}

/// Which articles to list, in ingest order.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    pub outlet: Option<String>,
    pub limit: Option<u64>,
    pub offset: u64,
    /// Only articles stored after this ingest position (`seq`): what a
    /// pipeline restored from a snapshot replays.
    pub after: Option<i64>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir` and brings its
    /// schema up to date.
    pub fn open(data_dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::CreateDir { path: data_dir.to_path_buf(), source })?;
        let path = data_dir.join(DATABASE_FILE);
        let connection = Connection::open(&path).map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
        let mut store = SqliteStore { connection, path };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; it never blocks the writer.
    pub fn open_read_only(data_dir: &Path) -> Result<SqliteStore> {
        let path = data_dir.join(DATABASE_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&path, flags)
            .map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
        let store = SqliteStore { connection, path };
        store.sqlite(store.connection.busy_timeout(BUSY_TIMEOUT))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite<T>(&self, result: rusqlite::Result<T>) -> Result<T> {
        result.map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }

    fn configure(&self) -> Result<()> {
        self.sqlite(self.connection.busy_timeout(BUSY_TIMEOUT))?;
        self.use_write_ahead_log()?;
        self.sqlite(self.connection.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"))
    }

    /// Switches the database to WAL (a setting kept in the file, so only a
    /// new store switches). The switch wants the database to itself, and
    /// SQLite answers "busy" at once, without waiting, while another
    /// process opening the same new store holds it: so wait here, as long
    /// as any other lock is waited for.
    fn use_write_ahead_log(&self) -> Result<()> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            let switched = self.connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get::<_, String>(0));
            match switched {
                Err(rusqlite::Error::SqliteFailure(failure, _))
                    if failure.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                other => return self.sqlite(other).map(drop),
            }
        }
    }

    /// A number that changes whenever another connection, in this process
    /// or another, commits to the database (SQLite's `PRAGMA
    /// data_version`): how a reader notices writes it did not make.
    pub fn data_version(&self) -> Result<i64> {
        self.sqlite(self.connection.query_row("PRAGMA data_version", [], |row| row.get(0)))
    }

    /// Runs `read` in one read transaction, so that its queries see one
    /// state of the database however many commits other connections make
    /// meanwhile (WAL). The transaction ends however `read` does (dropped,
    /// it rolls back).
    pub fn consistent<T>(&self, read: impl FnOnce(&SqliteStore) -> Result<T>) -> Result<T> {
        let transaction = self.sqlite(self.connection.unchecked_transaction())?;
        let value = read(self)?;
        self.sqlite(transaction.commit())?;
        Ok(value)
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        self.sqlite(self.connection.query_row("PRAGMA user_version", [], |row| row.get(0)))
    }

    /// Brings the schema up to date in one transaction that takes the
    /// write lock before it reads the version: two processes opening a new
    /// store at once (a server and an ingest) then migrate it once, the
    /// second finding the work done.
    fn migrate(&mut self) -> Result<()> {
        if self.schema_version()? == latest_version() {
            return Ok(());
        }
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite { path: path.clone(), source };
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(wrap)?;
        let found: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(wrap)?;
        if found > latest_version() {
            return Err(StoreError::SchemaTooNew { path: path.clone(), found, supported: latest_version() });
        }
        for sql in MIGRATIONS.iter().skip(found.max(0) as usize) {
            transaction.execute_batch(sql).map_err(wrap)?;
        }
        transaction.pragma_update(None, "user_version", latest_version()).map_err(wrap)?;
        transaction.commit().map_err(wrap)
    }

    /// Writes a batch of articles in one transaction. Articles whose id is
    /// already stored (also earlier in the same batch) are left as they are.
    pub fn insert_batch(&mut self, articles: &[Article]) -> Result<BatchOutcome> {
        self.insert_batch_with_duplicates(articles, &[])
    }

    /// Writes articles and the duplicate links found among them in one
    /// transaction, so that a killed run never keeps one without the other.
    pub fn insert_batch_with_duplicates(
        &mut self,
        articles: &[Article],
        links: &[DuplicateLink],
    ) -> Result<BatchOutcome> {
        let batch = Batch { articles: articles.to_vec(), duplicates: links.to_vec(), ..Batch::default() };
        self.write_batch(&batch)
    }

    /// Writes a whole batch (articles, duplicate links, story assignments and
    /// story changes) in one transaction.
    pub fn write_batch(&mut self, batch: &Batch) -> Result<BatchOutcome> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite { path: path.clone(), source };
        let transaction = self.connection.transaction().map_err(wrap)?;
        let mut outcome = BatchOutcome::default();
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, url, outlet, title, published, language, source_file, ingested_at, article_json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(wrap)?;
            for article in &batch.articles {
                let json = serde_json::to_string(article).expect("an article always serialises");
                let changed = insert
                    .execute(params![
                        article.id.as_str(),
                        article.url,
                        article.outlet,
                        article.title,
                        article.published.sort_key(),
                        article.language,
                        article.provenance.file,
                        article.ingested_at.to_rfc3339(),
                        json,
                    ])
                    .map_err(wrap)?;
                let list = if changed == 1 { &mut outcome.stored } else { &mut outcome.already_stored };
                list.push(article.id.clone());
            }
            let mut link_insert = transaction
                .prepare_cached("INSERT OR IGNORE INTO duplicates (article_id, original_id, kind, containment) VALUES (?1, ?2, ?3, ?4)")
                .map_err(wrap)?;
            for link in &batch.duplicates {
                link_insert
                    .execute(params![link.article.as_str(), link.original.as_str(), link.kind.name(), link.containment])
                    .map_err(wrap)?;
            }
            let mut assignment = transaction
                .prepare_cached("INSERT OR IGNORE INTO article_stories (article_id, story) VALUES (?1, ?2)")
                .map_err(wrap)?;
            for (article, story) in &batch.article_stories {
                assignment.execute(params![article.as_str(), *story as i64]).map_err(wrap)?;
            }
            let mut story_upsert = transaction
                .prepare_cached("INSERT OR REPLACE INTO stories (story, storyline, merged_into) VALUES (?1, ?2, ?3)")
                .map_err(wrap)?;
            for story in &batch.stories {
                story_upsert
                    .execute(params![story.story as i64, story.storyline as i64, story.merged_into.map(|m| m as i64)])
                    .map_err(wrap)?;
            }
            let mut storyline_upsert = transaction
                .prepare_cached("INSERT OR REPLACE INTO storylines (storyline, merged_into) VALUES (?1, ?2)")
                .map_err(wrap)?;
            for line in &batch.storylines {
                storyline_upsert
                    .execute(params![line.storyline as i64, line.merged_into.map(|m| m as i64)])
                    .map_err(wrap)?;
            }
            let mut analysis_insert = transaction
                .prepare_cached(
                    "INSERT INTO analyses (article_id, analysis_json, analyzer_version) VALUES (?1, ?2, ?3)
                     ON CONFLICT(article_id) DO UPDATE SET analysis_json = excluded.analysis_json,
                        analyzer_version = excluded.analyzer_version
                     WHERE excluded.analyzer_version > analyses.analyzer_version",
                )
                .map_err(wrap)?;
            for (article, json) in &batch.analyses {
                analysis_insert.execute(params![article.as_str(), json, batch.analyzer_version]).map_err(wrap)?;
            }
        }
        transaction.commit().map_err(wrap)?;
        Ok(outcome)
    }

    /// The story each article joined on arrival.
    pub fn article_stories(&self) -> Result<Vec<(ArticleId, u64)>> {
        let mut statement = self.sqlite(self.connection.prepare("SELECT article_id, story FROM article_stories"))?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)));
        let rows: Vec<(String, i64)> = self.sqlite(rows.and_then(Iterator::collect))?;
        Ok(rows.into_iter().filter_map(|(id, story)| Some((ArticleId::parse(&id)?, story as u64))).collect())
    }

    /// Live stories with their articles, redirects resolved, ordered by story id.
    pub fn story_groups(&self) -> Result<Vec<StoryGroup>> {
        let redirects = self.redirects()?;
        let mut statement = self.sqlite(self.connection.prepare(
            "SELECT s.article_id, s.story FROM article_stories s JOIN articles a ON a.id = s.article_id ORDER BY a.seq",
        ))?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)));
        let rows: Vec<(String, i64)> = self.sqlite(rows.and_then(Iterator::collect))?;
        Ok(redirects.group(rows.into_iter().map(|(article, story)| (article, story as u64))))
    }

    /// The live stories that `stories` (any story ids, merged away or not)
    /// now are, with all their articles: what [`Self::story_groups`] gives
    /// for them. Reads only those stories: their redirect chains by key,
    /// the stories merged into them through the index on `merged_into`,
    /// and their articles through the index on the story column (a write
    /// touching one story costs the same in a store of any size).
    pub fn story_groups_of(&self, stories: &std::collections::BTreeSet<u64>) -> Result<Vec<StoryGroup>> {
        Ok(self.story_members_of(stories)?.into_iter().map(|members| members.group).collect())
    }

    /// [`Self::story_groups_of`] with, in the same query, each article's
    /// listing columns and duplicate link: all a story catalog reads to
    /// show a story, in one statement per story instead of two per article
    /// (the catalog re-reads a story whole when a write merges it).
    pub fn story_members_of(&self, stories: &std::collections::BTreeSet<u64>) -> Result<Vec<StoryMembers>> {
        let mut live = std::collections::BTreeSet::new();
        for &story in stories {
            live.insert(self.follow_redirects("stories", "story", story)?);
        }
        let mut statement = self.sqlite(self.connection.prepare_cached(
            "WITH RECURSIVE merged(story) AS (
                 SELECT ?1 UNION SELECT s.story FROM stories s JOIN merged m ON s.merged_into = m.story
             )
             SELECT a.id, a.outlet, a.title, a.published, a.source_file, d.original_id, d.kind, d.containment
             FROM merged m
             JOIN article_stories x ON x.story = m.story
             JOIN articles a ON a.id = x.article_id
             LEFT JOIN duplicates d ON d.article_id = a.id
             ORDER BY a.seq",
        ))?;
        let mut found = Vec::new();
        for story in live {
            let rows = statement.query_map([story as i64], member_row);
            let rows: Vec<Option<(ArticleSummary, Option<DuplicateLink>)>> =
                self.sqlite(rows.and_then(Iterator::collect))?;
            let (summaries, links): (Vec<ArticleSummary>, Vec<Option<DuplicateLink>>) =
                rows.into_iter().flatten().unzip();
            if summaries.is_empty() {
                continue;
            }
            let storyline = match self.story_state(story)? {
                Some(state) => state.storyline,
                None => self.follow_redirects("storylines", "storyline", 0)?,
            };
            let articles = summaries.iter().map(|summary| summary.id.clone()).collect();
            found.push(StoryMembers {
                group: StoryGroup { story, storyline, articles },
                summaries,
                links: links.into_iter().flatten().collect(),
            });
        }
        Ok(found)
    }

    /// Where a story's or storyline's merge redirects lead (itself when
    /// it was never merged), read link by link. `table` and `key` are
    /// this module's own names, never input.
    fn follow_redirects(&self, table: &str, key: &str, start: u64) -> Result<u64> {
        let mut statement =
            self.sqlite(self.connection.prepare_cached(&format!("SELECT merged_into FROM {table} WHERE {key} = ?1")))?;
        let mut seen = std::collections::HashSet::new();
        let mut current = start;
        while seen.insert(current) {
            let next: Option<Option<i64>> =
                self.sqlite(statement.query_row([current as i64], |row| row.get(0)).optional())?;
            match next.flatten() {
                Some(next) => current = next as u64,
                None => break,
            }
        }
        Ok(current)
    }

    fn redirects(&self) -> Result<Redirects> {
        Ok(Redirects {
            stories: self.story_records()?.into_iter().map(|r| (r.story, r)).collect(),
            storylines: self.storyline_records()?.into_iter().map(|r| (r.storyline, r.merged_into)).collect(),
        })
    }

    /// Every story, with whether it was merged away and its live storyline:
    /// what a reader compares with the stories it knows to find those
    /// another process merged or moved.
    pub fn story_states(&self) -> Result<Vec<StoryState>> {
        let redirects = self.redirects()?;
        let mut states: Vec<StoryState> = redirects
            .stories
            .values()
            .map(|record| StoryState {
                story: record.story,
                merged: record.merged_into.is_some(),
                storyline: redirects.live_storyline(record.storyline),
            })
            .collect();
        states.sort_unstable_by_key(|state| state.story);
        Ok(states)
    }

    /// The states of these stories (those recorded), read by key, as
    /// [`Self::story_states`] gives them.
    pub fn story_states_of(&self, stories: &std::collections::BTreeSet<u64>) -> Result<Vec<StoryState>> {
        let mut states = Vec::with_capacity(stories.len());
        for &story in stories {
            states.extend(self.story_state(story)?);
        }
        Ok(states)
    }

    /// One story's state, read by key (`None` when it has no record).
    fn story_state(&self, story: u64) -> Result<Option<StoryState>> {
        let Some((storyline, merged)) = self.story_record(story)? else { return Ok(None) };
        let storyline = self.follow_redirects("storylines", "storyline", storyline)?;
        Ok(Some(StoryState { story, merged, storyline }))
    }

    /// One story's record, read by key: its storyline (as recorded, not
    /// followed) and whether it was merged away.
    fn story_record(&self, story: u64) -> Result<Option<(u64, bool)>> {
        let mut statement =
            self.sqlite(self.connection.prepare_cached("SELECT storyline, merged_into FROM stories WHERE story = ?1"))?;
        let row = statement
            .query_row([story as i64], |row| {
                Ok((row.get::<_, i64>(0)? as u64, row.get::<_, Option<i64>>(1)?.is_some()))
            })
            .optional();
        self.sqlite(row)
    }

    /// The articles stored after ingest position `seq` that joined a story,
    /// in ingest order, each with the original it copies (if any).
    pub fn articles_after(&self, seq: i64) -> Result<Vec<LaterArticle>> {
        let mut statement = self.sqlite(self.connection.prepare_cached(
            "SELECT a.seq, a.id, x.story, d.original_id
             FROM articles a JOIN article_stories x ON x.article_id = a.id
             LEFT JOIN duplicates d ON d.article_id = a.id
             WHERE a.seq > ?1 ORDER BY a.seq",
        ))?;
        let rows = statement.query_map([seq], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        });
        let rows: Vec<(i64, String, i64, Option<String>)> = self.sqlite(rows.and_then(Iterator::collect))?;
        Ok(rows
            .into_iter()
            .filter_map(|(seq, id, story, original)| {
                let original = original.and_then(|original| ArticleId::parse(&original));
                Some(LaterArticle { seq, id: ArticleId::parse(&id)?, story: story as u64, original })
            })
            .collect())
    }

    /// The ingest position of the latest stored article; 0 when none is.
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self.last_article()?.map_or(0, |(seq, _)| seq))
    }

    /// The listing columns of these articles (those stored), in the given order.
    pub fn summaries_of(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>> {
        let mut statement = self
            .sqlite(self.connection.prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM articles WHERE id = ?1")))?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let row = statement.query_row([id.as_str()], summary_row).optional();
            found.extend(self.sqlite(row)?.flatten());
        }
        Ok(found)
    }

    /// The duplicate links of these articles (as copies), in the given order.
    pub fn duplicate_links_of(&self, ids: &[ArticleId]) -> Result<Vec<DuplicateLink>> {
        let mut statement = self.sqlite(
            self.connection
                .prepare_cached("SELECT original_id, kind, containment FROM duplicates WHERE article_id = ?1"),
        )?;
        let mut links = Vec::new();
        for id in ids {
            let row = statement
                .query_row([id.as_str()], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, f64>(2)?))
                })
                .optional();
            let Some((original, kind, containment)) = self.sqlite(row)? else { continue };
            let Some(original) = ArticleId::parse(&original) else { continue };
            links.push(DuplicateLink {
                article: id.clone(),
                original,
                kind: DuplicateKind::from_name(&kind),
                containment,
            });
        }
        Ok(links)
    }

    /// Every stored article's listing columns, in ingest order.
    pub fn article_summaries(&self) -> Result<Vec<ArticleSummary>> {
        let mut statement =
            self.sqlite(self.connection.prepare(&format!("SELECT {SUMMARY_COLUMNS} FROM articles ORDER BY seq")))?;
        let rows = statement.query_map([], summary_row);
        let rows: Vec<Option<ArticleSummary>> = self.sqlite(rows.and_then(Iterator::collect))?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// The articles with these exact ids (those stored), in the given order.
    pub fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<Article>> {
        let mut statement =
            self.sqlite(self.connection.prepare_cached("SELECT article_json FROM articles WHERE id = ?1"))?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let json: Option<String> = self.sqlite(statement.query_row([id.as_str()], |row| row.get(0)).optional())?;
            if let Some(json) = json {
                found.push(self.decode(id.as_str(), &json)?);
            }
        }
        Ok(found)
    }

    /// Every story record.
    pub fn story_records(&self) -> Result<Vec<StoryRecord>> {
        let mut statement =
            self.sqlite(self.connection.prepare("SELECT story, storyline, merged_into FROM stories ORDER BY story"))?;
        let rows = statement.query_map([], |row| {
            Ok(StoryRecord {
                story: row.get::<_, i64>(0)? as u64,
                storyline: row.get::<_, i64>(1)? as u64,
                merged_into: row.get::<_, Option<i64>>(2)?.map(|m| m as u64),
            })
        });
        self.sqlite(rows.and_then(Iterator::collect))
    }

    /// Every storyline record.
    pub fn storyline_records(&self) -> Result<Vec<StorylineRecord>> {
        let mut statement =
            self.sqlite(self.connection.prepare("SELECT storyline, merged_into FROM storylines ORDER BY storyline"))?;
        let rows = statement.query_map([], |row| {
            Ok(StorylineRecord {
                storyline: row.get::<_, i64>(0)? as u64,
                merged_into: row.get::<_, Option<i64>>(1)?.map(|m| m as u64),
            })
        });
        self.sqlite(rows.and_then(Iterator::collect))
    }

    pub fn article_count(&self) -> Result<u64> {
        self.sqlite(self.connection.query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0)))
    }

    /// The article with this id, or with this unique id prefix (4 or more hex digits).
    pub fn article(&self, id_or_prefix: &str) -> Result<Option<Article>> {
        let prefix = id_or_prefix.trim().to_ascii_lowercase();
        if prefix.len() < 4 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut statement = self
            .sqlite(self.connection.prepare_cached("SELECT id, article_json FROM articles WHERE id LIKE ?1 LIMIT 2"))?;
        let rows: Vec<(String, String)> = self.sqlite(
            statement
                .query_map([format!("{prefix}%")], |row| Ok((row.get(0)?, row.get(1)?)))
                .and_then(Iterator::collect),
        )?;
        match rows.as_slice() {
            [] => Ok(None),
            [(id, json)] => self.decode(id, json).map(Some),
            _ => Err(StoreError::AmbiguousId { prefix, count: rows.len() }),
        }
    }

    /// The stored analysis (JSON) of the article with this exact id, if one
    /// by analyser `min_version` or newer is stored.
    pub fn analysis_json(&self, id: &ArticleId, min_version: u32) -> Result<Option<String>> {
        let mut statement = self
            .sqlite(self.connection.prepare_cached(
                "SELECT analysis_json FROM analyses WHERE article_id = ?1 AND analyzer_version >= ?2",
            ))?;
        self.sqlite(statement.query_row(params![id.as_str(), min_version], |row| row.get(0)).optional())
    }

    /// Stored articles with no analysis, or one by an analyser older than
    /// `version`, in ingest order.
    pub fn articles_needing_analysis(&self, version: u32) -> Result<Vec<Article>> {
        let mut statement = self.sqlite(self.connection.prepare(
            "SELECT a.id, a.article_json FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
             WHERE n.article_id IS NULL OR n.analyzer_version < ?1 ORDER BY a.seq",
        ))?;
        let rows: Vec<(String, String)> = self
            .sqlite(statement.query_map([version], |row| Ok((row.get(0)?, row.get(1)?))).and_then(Iterator::collect))?;
        rows.iter().map(|(id, json)| self.decode(id, json)).collect()
    }

    /// Writes analyses for articles already stored, in one transaction.
    pub fn write_analyses(&mut self, analyses: &[(ArticleId, String)], analyzer_version: u32) -> Result<()> {
        self.write_batch(&Batch { analyses: analyses.to_vec(), analyzer_version, ..Batch::default() }).map(|_| ())
    }

    /// Articles in ingest order.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<Article>> {
        let mut articles = Vec::new();
        self.for_each_article(query, |article| articles.push(article))?;
        Ok(articles)
    }

    /// The ingest position and id of the latest stored article.
    pub fn last_article(&self) -> Result<Option<(i64, String)>> {
        let row: Option<(i64, String)> = self.sqlite(
            self.connection
                .query_row("SELECT seq, id FROM articles ORDER BY seq DESC LIMIT 1", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional(),
        )?;
        Ok(row)
    }

    /// How many articles were stored up to ingest position `seq`, and the
    /// id of the one at `seq` (if any).
    pub fn articles_through(&self, seq: i64) -> Result<(u64, Option<String>)> {
        let count: u64 =
            self.sqlite(
                self.connection.query_row("SELECT COUNT(*) FROM articles WHERE seq <= ?1", [seq], |row| row.get(0)),
            )?;
        let id: Option<String> = self.sqlite(
            self.connection.query_row("SELECT id FROM articles WHERE seq = ?1", [seq], |row| row.get(0)).optional(),
        )?;
        Ok((count, id))
    }

    /// Streams articles in ingest order without holding them all.
    pub fn for_each_article(&self, query: &ArticleQuery, mut visit: impl FnMut(Article)) -> Result<()> {
        let mut statement = self.sqlite(self.connection.prepare(
            "SELECT id, article_json FROM articles WHERE (?1 IS NULL OR outlet = ?1) AND seq > ?4
             ORDER BY seq LIMIT ?2 OFFSET ?3",
        ))?;
        let limit = query.limit.map_or(-1, |l| l as i64);
        let after = query.after.unwrap_or(i64::MIN);
        let mut rows = self.sqlite(statement.query(params![query.outlet, limit, query.offset as i64, after]))?;
        while let Some(row) = self.sqlite(rows.next())? {
            let id: String = self.sqlite(row.get(0))?;
            let json: String = self.sqlite(row.get(1))?;
            visit(self.decode(&id, &json)?);
        }
        Ok(())
    }

    /// Whether an article with this exact id is stored.
    pub fn contains(&self, id: &ArticleId) -> Result<bool> {
        let found: Option<i64> = self.sqlite(
            self.connection
                .query_row("SELECT 1 FROM articles WHERE id = ?1", [id.as_str()], |row| row.get(0))
                .optional(),
        )?;
        Ok(found.is_some())
    }

    /// Every duplicate link, ordered by original then by the copy's ingest order.
    pub fn duplicate_links(&self) -> Result<Vec<DuplicateLink>> {
        let mut statement = self.sqlite(self.connection.prepare(
            "SELECT d.article_id, d.original_id, d.kind, d.containment FROM duplicates d JOIN articles a ON a.id = d.article_id ORDER BY d.original_id, a.seq",
        ))?;
        let rows = statement.query_map([], |row| {
            let kind: String = row.get(2)?;
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, kind, row.get::<_, f64>(3)?))
        });
        let rows: Vec<(String, String, String, f64)> = self.sqlite(rows.and_then(Iterator::collect))?;
        Ok(rows
            .into_iter()
            .filter_map(|(article, original, kind, containment)| {
                Some(DuplicateLink {
                    article: ArticleId::parse(&article)?,
                    original: ArticleId::parse(&original)?,
                    kind: DuplicateKind::from_name(&kind),
                    containment,
                })
            })
            .collect())
    }

    /// Runs SQLite's own consistency check; `Ok(true)` when the file is sound.
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self.sqlite(self.connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)))?;
        Ok(verdict == "ok")
    }

    fn decode(&self, id: &str, json: &str) -> Result<Article> {
        serde_json::from_str(json).map_err(|source| StoreError::CorruptRow {
            path: self.path.clone(),
            id: id.to_string(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use parallax_model::{Paragraph, Provenance, Published, RecordLocator, SourceFormat};

    fn article(text: &str) -> Article {
        let mut article = Article {
            id: ArticleId::from_text(None, text),
            outlet: Some("Valecrest Daily".into()),
            url: None,
            title: text.into(),
            title_inferred: false,
            standfirst: vec![],
            byline: None,
            published: Published::Unknown,
            modified: Published::Unknown,
            language: Some("en".into()),
            paragraphs: vec![Paragraph::body(text)],
            debris: vec![],
            repeats_removed: 0,
            extraction_confidence: None,
            provenance: Provenance { file: "a.txt".into(), record: RecordLocator::Whole, format: SourceFormat::Text },
            ingested_at: Utc::now(),
        };
        article.id = article.compute_id();
        article
    }

    #[test]
    fn inserts_are_idempotent_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let (a, b) = (article("first story"), article("second story"));
        let outcome = store.insert_batch(&[a.clone(), b.clone(), a.clone()]).unwrap();
        assert_eq!(outcome.stored, vec![a.id.clone(), b.id.clone()]);
        assert_eq!(outcome.already_stored, vec![a.id.clone()]);
        let again = store.insert_batch(std::slice::from_ref(&b)).unwrap();
        assert_eq!(again.stored.len(), 0);
        assert_eq!(store.article_count().unwrap(), 2);
        assert_eq!(store.article(a.id.as_str()).unwrap(), Some(a.clone()));
        assert_eq!(store.article(&a.id.as_str()[..6]).unwrap().map(|x| x.id), Some(a.id.clone()));
        assert_eq!(store.articles(&ArticleQuery::default()).unwrap(), vec![a, b]);
        assert!(store.integrity_ok().unwrap());
    }

    #[test]
    fn a_reader_notices_commits_and_reads_one_state_within_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SqliteStore::open(dir.path()).unwrap();
        writer.insert_batch(&[article("first story")]).unwrap();
        let reader = SqliteStore::open_read_only(dir.path()).unwrap();
        let seen = reader.data_version().unwrap();
        assert_eq!(reader.data_version().unwrap(), seen, "nothing was written");
        let counts = reader
            .consistent(|store| {
                let before = store.article_count()?;
                writer.insert_batch(&[article("second story")]).unwrap();
                Ok((before, store.article_count()?))
            })
            .unwrap();
        assert_eq!(counts, (1, 1), "one state within");
        assert_eq!(reader.article_count().unwrap(), 2, "the commit is seen after");
        assert_ne!(reader.data_version().unwrap(), seen, "another connection committed");
        let failed = reader.consistent(|store| {
            store.article_count()?;
            Err::<(), _>(StoreError::SchemaTooNew { path: store.path().to_path_buf(), found: 0, supported: 0 })
        });
        assert!(failed.is_err());
        writer.insert_batch(&[article("third story")]).unwrap();
        assert_eq!(reader.article_count().unwrap(), 3, "the transaction ended after an error too");
    }

    /// Stories 2 -> 1 -> 0 merged in a chain, story 0's storyline merged
    /// into storyline 7, story 3 live on its own: the groups read for a
    /// few stories are the whole store's groups for those stories.
    #[test]
    fn groups_of_a_few_stories_follow_merges_like_all_groups() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let articles: Vec<Article> = (0..6).map(|i| article(&format!("report number {i}"))).collect();
        let joined = [0, 1, 2, 0, 3, 2];
        let record = |story, storyline, merged_into| StoryRecord { story, storyline, merged_into };
        store
            .write_batch(&Batch {
                article_stories: articles.iter().zip(joined).map(|(a, story)| (a.id.clone(), story)).collect(),
                stories: vec![record(0, 4, None), record(1, 4, Some(0)), record(2, 5, Some(1)), record(3, 6, None)],
                storylines: vec![
                    StorylineRecord { storyline: 4, merged_into: Some(7) },
                    StorylineRecord { storyline: 7, merged_into: None },
                ],
                articles: articles.clone(),
                ..Batch::default()
            })
            .unwrap();
        let all = store.story_groups().unwrap();
        let ids = |indices: &[usize]| indices.iter().map(|&i| articles[i].id.clone()).collect::<Vec<_>>();
        assert_eq!(
            all,
            vec![
                StoryGroup { story: 0, storyline: 7, articles: ids(&[0, 1, 2, 3, 5]) },
                StoryGroup { story: 3, storyline: 6, articles: ids(&[4]) },
            ]
        );
        for (asked, live) in
            [(vec![2], vec![0]), (vec![1, 3], vec![0, 3]), (vec![0, 1, 2, 3], vec![0, 3]), (vec![9], vec![])]
        {
            let wanted: Vec<StoryGroup> = all.iter().filter(|g| live.contains(&g.story)).cloned().collect();
            assert_eq!(store.story_groups_of(&asked.iter().copied().collect()).unwrap(), wanted, "{asked:?}");
        }
    }

    #[test]
    fn duplicate_links_are_written_with_their_articles() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let (a, b) = (article("wire copy"), article("wire copy, reprinted"));
        let link = DuplicateLink {
            article: b.id.clone(),
            original: a.id.clone(),
            kind: DuplicateKind::Near,
            containment: 0.9,
        };
        store.insert_batch_with_duplicates(&[a, b], std::slice::from_ref(&link)).unwrap();
        assert_eq!(store.duplicate_links().unwrap(), vec![link]);
    }

    #[test]
    fn schema_is_versioned_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        drop(SqliteStore::open(dir.path()).unwrap());
        let store = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        let mode: String = store.connection.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn processes_opening_a_new_store_at_once_all_find_one_schema() {
        // A server and an ingest started together both open a store that
        // does not exist yet; each connection here stands for one process.
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let start = std::sync::Barrier::new(4);
            let opened: Vec<Result<i64>> = std::thread::scope(|scope| {
                let openers: Vec<_> = (0..4)
                    .map(|_| {
                        scope.spawn(|| {
                            start.wait();
                            SqliteStore::open(dir.path())?.schema_version()
                        })
                    })
                    .collect();
                openers.into_iter().map(|opener| opener.join().unwrap()).collect()
            });
            for version in opened {
                assert_eq!(version.unwrap(), latest_version());
            }
        }
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.connection.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(SqliteStore::open(dir.path()), Err(StoreError::SchemaTooNew { found: 99, .. })));
    }
}
