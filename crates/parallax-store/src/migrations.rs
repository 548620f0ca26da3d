//! The schema, as an ordered list of migrations. `PRAGMA user_version`
//! records how many have run; each runs in its own transaction.

/// Migration `n` (1-based) takes the schema from version `n - 1` to `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, their identity, the columns we filter and sort on, and the whole article as JSON.
    "CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        outlet TEXT,
        title TEXT NOT NULL,
        published TEXT,
        language TEXT,
        source_file TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        article_json TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);",
    // 2: duplicate links: each copy points at the original of its group.
    "CREATE TABLE duplicates (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        original_id TEXT NOT NULL REFERENCES articles(id),
        kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
        containment REAL NOT NULL
    );
    CREATE INDEX duplicates_original ON duplicates(original_id);",
    // 3: stories and storylines: the story each article joined on arrival,
    // and each story's storyline and merge redirect.
    "CREATE TABLE article_stories (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story INTEGER NOT NULL
    );
    CREATE TABLE stories (
        story INTEGER PRIMARY KEY,
        storyline INTEGER NOT NULL,
        merged_into INTEGER
    );
    CREATE TABLE storylines (
        storyline INTEGER PRIMARY KEY,
        merged_into INTEGER
    );",
    // 4: each article's analysis (entities, quotes, claims, dates, framing)
    // as JSON, written in the same transaction as the article.
    "CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        analysis_json TEXT NOT NULL
    );",
    // 5: which analyser wrote each analysis, so that a better one redoes
    // them when a store is opened.
    "ALTER TABLE analyses ADD COLUMN analyzer_version INTEGER NOT NULL DEFAULT 0;",
    // 6: articles by the story they joined, so that one story's articles
    // are found without a scan (the catalog's update after a write).
    "CREATE INDEX article_stories_story ON article_stories(story);",
    // 7: stories by the story they were merged into, so that the stories
    // behind one live story are found without reading them all.
    "CREATE INDEX stories_merged_into ON stories(merged_into);",
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
