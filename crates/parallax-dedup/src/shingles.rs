//! Word shingles of a text, hashed: lower-cased alphanumeric words, each
//! run of `size` consecutive words hashed to 64 bits (FNV-1a, so hashes are
//! the same on every run and every machine).

/// Hashes of the distinct `size`-word shingles of `text`, sorted. A text
/// shorter than `size` words gives one shingle of all its words.
pub fn shingle_hashes(text: &str, size: usize) -> Vec<u64> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let windows = words.len().saturating_sub(size - 1).max(1);
    let mut hashes: Vec<u64> =
        (0..windows).map(|start| hash_words(&words[start..(start + size).min(words.len())])).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn hash_words(words: &[String]) -> u64 {
    let mut hash = FNV_OFFSET;
    for word in words {
        for byte in word.bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    hash
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
    }
}
