//! Online clustering of articles into **stories** (one event) and
//! **storylines** (one thread over weeks).
//!
//! Each article arrives once, in the caller's order, with its time (or
//! none). It is first placed in a storyline by its topic words (weighted
//! TF-IDF against storyline centroids), then in a story of that storyline
//! by its event signature: names, numbers and years, with a little of the
//! topic words. A new storyline or story opens when nothing is close enough;
//! storylines and stories whose centroids come together are merged, and
//! the merged-away id redirects to the survivor. Pure and deterministic:
//! no clock, no randomness, time comes in with the article.
//!
//! ```
//! use parallax_cluster::{ClusterConfig, ClusterDoc};
//!
//! let mut clusterer = ClusterConfig::default().build();
//! let strike = "Dockworkers at the Port of Calder walked off the job on Monday. The Calder Dockworkers' Union wants a 9 percent rise.";
//! let a = clusterer.assign(&ClusterDoc { title: Some("Calder dockworkers strike"), text: strike, published: None, not_before: None });
//! let b = clusterer.assign(&ClusterDoc { title: Some("Strike shuts Calder port"), text: strike, published: None, not_before: None });
//! assert_eq!(clusterer.story_of(a), clusterer.story_of(b));
//! ```

mod active_stories;
mod candidate_index;
mod centroid;
mod doc_features;
mod lead_day;
mod sparse_vector;
mod story_clusterer;

pub use doc_features::{DocFeatures, DocTerms, Vocabulary};
pub use story_clusterer::{
    ClusterConfig, ClusterDoc, ClusterStats, DocIndex, PreparedDoc, StoryClusterer, StoryId, StoryRow, StorylineId,
    StorylineRow,
};
