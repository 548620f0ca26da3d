//! The deduper: exact copies by a hash of the whole shingle set, near
//! copies by banded LSH over MinHash signatures, verified by the estimated
//! containment of the smaller text in the larger.

use crate::minhash::{estimated_jaccard, MinHasher};
use crate::shingles::shingle_hashes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::hash_map::Entry as Slot;
use std::collections::HashMap;

/// How duplicates are found. Every field has a default meant for news text.
#[derive(Clone, Debug)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// LSH bands; `permutations = bands * rows_per_band`.
    pub bands: usize,
    /// Rows per LSH band. With 32 bands of 4 rows, pairs with Jaccard 0.5
    /// become candidates with probability 0.87, pairs at 0.3 with 0.23.
    pub rows_per_band: usize,
    /// Least estimated containment of the smaller text's shingles in the
    /// larger one's for a near-duplicate (a trimmed syndicated copy is
    /// contained whole).
    pub min_containment: f64,
    /// Fewest shingles a text needs before it can be a near-duplicate.
    pub min_shingles: usize,
    pub seed: u64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_words: 5,
            bands: 32,
            rows_per_band: 4,
            min_containment: 0.8,
            min_shingles: 8,
            seed: 0x5eed,
        }
    }
}

impl DedupConfig {
    pub fn build(self) -> Deduper {
        let hasher = MinHasher::new(self.bands * self.rows_per_band, self.seed);
        let bands = (0..self.bands).map(|_| HashMap::new()).collect();
        Deduper { config: self, hasher, entries: Vec::new(), exact: HashMap::new(), bands }
    }

    /// A deduper saved (serialised) under this configuration, restored: it
    /// goes on exactly as the saved one would have. Its LSH bands are
    /// rebuilt from the saved signatures, in the order they were filled.
    pub fn restore<'de, D: Deserializer<'de>>(self, saved: D) -> Result<Deduper, D::Error> {
        let Saved { entries, exact } = Saved::deserialize(saved)?;
        let mut deduper = self.build();
        let length = deduper.config.bands * deduper.config.rows_per_band;
        if let Some(entry) = entries.iter().find(|entry| entry.signature.len() != length) {
            return Err(serde::de::Error::custom(format!(
                "saved signature of {} has {} values, this configuration makes {length}",
                entry.id,
                entry.signature.len()
            )));
        }
        for (index, entry) in entries.iter().enumerate() {
            if entry.original == index {
                deduper.index_bands(index, &entry.signature);
            }
        }
        deduper.entries = entries;
        deduper.exact = exact;
        Ok(deduper)
    }
}

/// What a deduper keeps between runs: every entry and the exact-copy table.
#[derive(Serialize)]
struct SavedRef<'a> {
    entries: &'a [Entry],
    exact: &'a HashMap<u64, usize>,
}

/// [`SavedRef`] read back.
#[derive(Deserialize)]
struct Saved {
    entries: Vec<Entry>,
    exact: HashMap<u64, usize>,
}

/// Saves the deduper without its configuration (see [`DedupConfig::restore`]).
impl Serialize for Deduper {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SavedRef { entries: &self.entries, exact: &self.exact }.serialize(serializer)
    }
}

/// What an arriving article is.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Not a copy of anything seen before.
    Original,
    /// The same text as `original`.
    ExactDuplicateOf { original: String },
    /// A near copy of `original` (the earliest article of its group).
    NearDuplicateOf { original: String, containment: f64 },
}

#[derive(Serialize, Deserialize)]
struct Entry {
    id: String,
    signature: Vec<u64>,
    shingles: usize,
    /// Index of the group's original.
    original: usize,
}

/// The originals listed under one band key: nearly always one, kept inline
/// (a vector per key made rebuilding the bands of 100,000 articles, three
/// million keys, mostly allocation).
#[derive(Clone, Debug)]
enum Bucket {
    One(u32),
    Many(Vec<u32>),
}

impl Bucket {
    fn push(&mut self, index: u32) {
        match self {
            Bucket::One(first) => *self = Bucket::Many(vec![*first, index]),
            Bucket::Many(indices) => indices.push(index),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Bucket::One(index) => std::slice::from_ref(index),
            Bucket::Many(indices) => indices,
        }
    }
}

/// Most candidates verified per article.
const MAX_CANDIDATES: usize = 256;

/// Stateful duplicate finder; feed it articles in arrival order.
pub struct Deduper {
    config: DedupConfig,
    hasher: MinHasher,
    entries: Vec<Entry>,
    exact: HashMap<u64, usize>,
    bands: Vec<HashMap<u64, Bucket>>,
}

/// What the deduper keeps of a text: computed by [`Deduper::fingerprint`],
/// which is pure (callers compute many in parallel), then checked in
/// arrival order by [`Deduper::check_fingerprint`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    shingles: usize,
    whole: u64,
    signature: Vec<u64>,
}

impl Deduper {
    /// Checks an article and remembers it.
    pub fn check(&mut self, id: &str, text: &str) -> Verdict {
        let fingerprint = self.fingerprint(text);
        self.check_fingerprint(id, fingerprint)
    }

    /// A text's shingle count, whole-text hash and MinHash signature.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let shingles = shingle_hashes(text, self.config.shingle_words);
        Fingerprint {
            shingles: shingles.len(),
            whole: whole_text_hash(&shingles),
            signature: self.hasher.signature(&shingles),
        }
    }

    /// [`Self::check`] for a text fingerprinted beforehand.
    pub fn check_fingerprint(&mut self, id: &str, fingerprint: Fingerprint) -> Verdict {
        let Fingerprint { shingles, whole, signature } = fingerprint;
        let index = self.entries.len();
        if let Some(&seen) = self.exact.get(&whole) {
            let original = self.entries[seen].original;
            self.remember(id, signature, shingles, original, whole);
            return Verdict::ExactDuplicateOf { original: self.entries[original].id.clone() };
        }
        let best = self.best_candidate(&signature, shingles);
        match best {
            Some((candidate, containment)) => {
                let original = self.entries[candidate].original;
                self.remember(id, signature, shingles, original, whole);
                Verdict::NearDuplicateOf { original: self.entries[original].id.clone(), containment }
            }
            None => {
                self.remember(id, signature, shingles, index, whole);
                Verdict::Original
            }
        }
    }

    /// How many articles have been checked.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn band_keys<'s>(&self, signature: &'s [u64]) -> impl Iterator<Item = u64> + 's {
        signature.chunks(self.config.rows_per_band).map(|rows| {
            rows.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, value| (hash ^ value).wrapping_mul(0x0000_0100_0000_01b3))
        })
    }

    /// The seen article this one most contains or is contained by, if above
    /// the threshold; ties go to the earliest.
    fn best_candidate(&self, signature: &[u64], shingles: usize) -> Option<(usize, f64)> {
        if shingles < self.config.min_shingles {
            return None;
        }
        let mut candidates: Vec<u32> = Vec::new();
        for (band, key) in self.band_keys(signature).enumerate() {
            if let Some(bucket) = self.bands[band].get(&key) {
                candidates.extend_from_slice(bucket.as_slice());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Pathological streams (one text reprinted thousands of times with
        // small changes) would make this quadratic: look at the most recent only.
        let keep_from = candidates.len().saturating_sub(MAX_CANDIDATES);
        let candidates = candidates.split_off(keep_from);
        let mut best: Option<(usize, f64)> = None;
        for candidate in candidates {
            let entry = &self.entries[candidate as usize];
            if entry.shingles < self.config.min_shingles {
                continue;
            }
            let jaccard = estimated_jaccard(signature, &entry.signature);
            let containment = containment_from_jaccard(jaccard, shingles, entry.shingles);
            if containment >= self.config.min_containment && best.is_none_or(|(_, c)| containment > c) {
                best = Some((candidate as usize, containment));
            }
        }
        best
    }

    /// Remembers an article. Only originals enter the LSH index: a copy of
    /// a copy still shares its bands with the original, and buckets stay
    /// small when a story is reprinted many times.
    fn remember(&mut self, id: &str, signature: Vec<u64>, shingles: usize, original: usize, whole: u64) {
        let index = self.entries.len();
        if original == index {
            self.index_bands(index, &signature);
        }
        self.exact.entry(whole).or_insert(index);
        self.entries.push(Entry { id: id.to_string(), signature, shingles, original });
    }

    /// Lists an original under its signature's band keys.
    fn index_bands(&mut self, index: usize, signature: &[u64]) {
        let keys: Vec<u64> = self.band_keys(signature).collect();
        for (band, key) in keys.into_iter().enumerate() {
            match self.bands[band].entry(key) {
                Slot::Occupied(mut bucket) => bucket.get_mut().push(index as u32),
                Slot::Vacant(slot) => {
                    slot.insert(Bucket::One(index as u32));
                }
            }
        }
    }
}

/// |A ∩ B| / min(|A|, |B|) from the Jaccard similarity and the set sizes.
pub fn containment_from_jaccard(jaccard: f64, a: usize, b: usize) -> f64 {
    let intersection = jaccard * (a + b) as f64 / (1.0 + jaccard);
    (intersection / a.min(b).max(1) as f64).min(1.0)
}

fn whole_text_hash(shingles: &[u64]) -> u64 {
    shingles
        .iter()
        .fold(0x8422_2325_cbf2_9ce4u64, |hash, s| (hash ^ s).wrapping_mul(0x0000_0100_0000_01b3))
        .wrapping_add(shingles.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Dockworkers at the Port of Calder walked off the job on Monday, leaving 38 ships at anchor outside the breakwater. The union is seeking a nine percent rise and the harbour board has offered four percent over two years. Exporters warned that a long strike would cost the economy tens of millions of crowns.";
    const OTHER: &str = "The Tessaly River burst its banks overnight after two days of heavy rain, and about 1,200 residents of Brennick were moved to shelters in the school sports hall while two bridges were closed.";

    fn check(deduper: &mut Deduper, id: &str, text: &str) -> Verdict {
        deduper.check(id, text)
    }

    #[test]
    fn exact_near_and_original() {
        let mut deduper = DedupConfig::default().build();
        assert_eq!(check(&mut deduper, "wire", WIRE), Verdict::Original);
        assert_eq!(check(&mut deduper, "other", OTHER), Verdict::Original);
        assert_eq!(
            check(&mut deduper, "copy", &WIRE.to_uppercase()),
            Verdict::ExactDuplicateOf { original: "wire".into() }
        );
        let trimmed = WIRE.rsplit_once(" Exporters").unwrap().0;
        assert!(
            matches!(check(&mut deduper, "trimmed", trimmed), Verdict::NearDuplicateOf { original, .. } if original == "wire")
        );
        let rewritten = "Calder's dockworkers went on strike on Monday over pay, the union said, and ships queued at sea while the harbour board said its offer was final.";
        assert_eq!(check(&mut deduper, "rewritten", rewritten), Verdict::Original);
    }

    #[test]
    fn copies_of_copies_point_at_the_first_original() {
        let mut deduper = DedupConfig::default().build();
        check(&mut deduper, "a", WIRE);
        check(&mut deduper, "b", &format!("{WIRE} Reporting by the Meridian Wire desk in Calder."));
        let verdict =
            check(&mut deduper, "c", &format!("{WIRE} Reporting by the Meridian Wire desk in Calder, edited."));
        assert!(matches!(&verdict, Verdict::NearDuplicateOf { original, .. } if original == "a"), "{verdict:?}");
    }

    #[test]
    fn containment_formula() {
        assert!((containment_from_jaccard(0.75, 100, 75) - 1.0).abs() < 1e-9);
        assert!((containment_from_jaccard(1.0, 50, 50) - 1.0).abs() < 1e-9);
        assert!(containment_from_jaccard(0.1, 100, 100) < 0.2);
    }
}
