//! Duplicates: exact copies (same normalised text) and near-duplicates
//! (syndicated copies, trimmed or lightly edited) found with word shingles,
//! MinHash signatures and banded LSH, then verified by the containment of
//! the smaller text's shingles in the larger's, estimated from the
//! signatures. A copy joins the group of the article it copies; the earliest
//! member of a group is its original. Pure and deterministic: the order of
//! arrival is the caller's.
//!
//! ```
//! use parallax_dedup::{DedupConfig, Verdict};
//!
//! let mut deduper = DedupConfig::default().build();
//! let wire = "Dockworkers at the Port of Calder walked off the job on Monday, leaving 38 ships at anchor outside the breakwater while the union and the harbour board argued over pay.";
//! assert_eq!(deduper.check("wire", wire), Verdict::Original);
//! let copy = format!("{wire} This story was first published by Meridian Wire.");
//! assert!(matches!(deduper.check("copy", &copy), Verdict::NearDuplicateOf { ref original, .. } if original == "wire"));
//! ```

mod deduper;
mod minhash;
mod shingles;

pub use deduper::{containment_from_jaccard, DedupConfig, Deduper, Fingerprint, Verdict};
pub use minhash::MinHasher;
pub use shingles::shingle_hashes;
