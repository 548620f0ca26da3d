//! What the pipeline's test files share: the sample corpus and its files.

use std::path::PathBuf;

pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// Every corpus file, in path order (the order a folder walk visits them).
#[allow(dead_code)] // not every test file walks the corpus
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![corpus()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Stories (with their articles) and duplicate links of a store: what two
/// ways of ingesting the same articles must agree on.
#[allow(dead_code)] // not every test file compares stores
pub fn story_state(data: &std::path::Path) -> (Vec<parallax_store::StoryGroup>, Vec<(String, String)>) {
    let store = parallax_store::SqliteStore::open_read_only(data).unwrap();
    let links =
        store.duplicate_links().unwrap().into_iter().map(|l| (l.article.to_string(), l.original.to_string())).collect();
    (store.story_groups().unwrap(), links)
}

/// A copy of the first `count` corpus files, same relative paths.
#[allow(dead_code)] // not every test file splits the corpus
pub fn prefix_of_corpus(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in corpus_files().into_iter().take(count) {
        let target = dir.path().join(file.strip_prefix(corpus()).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    dir
}
