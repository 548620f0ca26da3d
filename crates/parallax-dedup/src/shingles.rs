//! Word shingles of a text, hashed: lower-cased alphanumeric words, each
//! run of `size` consecutive words hashed to 64 bits. Words are hashed once
//! (FNV-1a over their lower-cased characters) and shingles combine word
//! hashes, so no string is allocated; the hashes are the same on every run
//! and every machine.

use crate::minhash::mix;

/// Hashes of the distinct `size`-word shingles of `text`, sorted. A text
/// shorter than `size` words gives one shingle of all its words.
pub fn shingle_hashes(text: &str, size: usize) -> Vec<u64> {
    let words: Vec<u64> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(word_hash).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let size = size.max(1);
    let windows = words.len().saturating_sub(size - 1).max(1);
    let mut hashes: Vec<u64> =
        (0..windows).map(|start| shingle_hash(&words[start..(start + size).min(words.len())])).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn word_hash(word: &str) -> u64 {
    let step = |hash: u64, c: u64| (hash ^ c).wrapping_mul(FNV_PRIME);
    if word.is_ascii() {
        word.bytes().fold(FNV_OFFSET, |hash, b| step(hash, u64::from(b.to_ascii_lowercase())))
    } else {
        word.chars().flat_map(char::to_lowercase).fold(FNV_OFFSET, |hash, c| step(hash, u64::from(c)))
    }
}

/// Order-sensitive combination of word hashes, then an avalanche (MinHash
/// needs well-mixed elements).
fn shingle_hash(words: &[u64]) -> u64 {
    mix(words.iter().fold(FNV_OFFSET, |hash, &word| (hash.rotate_left(23) ^ word).wrapping_mul(FNV_PRIME)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_ignore_case_and_punctuation() {
        assert_eq!(shingle_hashes("The port, is SHUT today!", 3), shingle_hashes("the port is shut today", 3));
        assert_eq!(shingle_hashes("one two", 3).len(), 1);
        assert_eq!(shingle_hashes("a b c d a b c", 3).len(), 4);
        assert!(shingle_hashes("  ", 3).is_empty());
        assert_eq!(shingle_hashes("ÉTÉ à Zürich", 3), shingle_hashes("été À zürich", 3));
        assert_ne!(shingle_hashes("a b c", 3), shingle_hashes("c b a", 3), "order matters");
    }
}
