//! Evaluation metrics, computed exactly as the public benchmarks define
//! them, so that our figures sit in the same table as the published ones.
//!
//! ```
//! use parallax_eval::{score_page, summarize};
//!
//! let page = score_page("the port is shut and the ships wait", "the port is shut and the ships wait");
//! assert_eq!((page.precision, page.recall), (1.0, 1.0));
//! let summary = summarize(&[page], 100, 7);
//! assert_eq!(summary.f1.mean, 1.0);
//! ```

mod analysis_metric;
mod bootstrap;
mod cluster_metric;
mod compare_metric;
mod shingle_metric;

pub use analysis_metric::{
    normalise, score_analysis, AnalysisScore, GoldArticle, GoldClaim, GoldDate, GoldQuote, Tally,
};
pub use bootstrap::{summarize, Estimate, Summary};
pub use cluster_metric::{bcubed, bcubed_recall_loss, pairwise, Prf};
pub use compare_metric::{
    score_comparison, CompareScore, GoldAgreement, GoldConflict, GoldQuoteVariants, GoldSingleFact, GoldStory,
    GoldStoryArticle,
};
pub use shingle_metric::{score_page, tokens, PageScore};
