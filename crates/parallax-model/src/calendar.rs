//! Month and weekday names, shared by the readers (dates in bylines and
//! metadata), the analyser (dates in article text) and clustering (the
//! months a report looks back at).

/// Full English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Full English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// 1 to 12 for a month name or its abbreviation of at least three letters
/// ("Sept", "Aug."; any case); none otherwise.
pub fn month_number(name: &str) -> Option<u32> {
    position_by_abbreviation(&MONTH_NAMES, name).map(|index| index + 1)
}

/// 0 (Monday) to 6 for a weekday name in any case; none otherwise.
pub fn weekday_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    WEEKDAY_NAMES.iter().position(|day| *day == lower).map(|index| index as u32)
}

/// 0 (Monday) to 6 for a weekday name or its abbreviation of at least
/// three letters ("Thu", "Tues."; any case); none otherwise.
pub fn weekday_or_abbreviation_number(name: &str) -> Option<u32> {
    position_by_abbreviation(&WEEKDAY_NAMES, name)
}

/// The index of the first of `names` that `name` abbreviates (three
/// letters or more, a closing full stop allowed).
fn position_by_abbreviation(names: &[&str], name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    names.iter().position(|full| full.starts_with(&lower)).map(|index| index as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("AUGUST"), Some(8));
        assert_eq!(month_number("augment"), None);
        assert_eq!(month_number("ma"), None);
        assert_eq!(weekday_number("Thursday"), Some(3));
        assert_eq!(weekday_number("Thu"), None);
        assert_eq!(weekday_or_abbreviation_number("Tues."), Some(1));
        assert_eq!(weekday_or_abbreviation_number("SUNDAY"), Some(6));
        assert_eq!(weekday_or_abbreviation_number("Su"), None);
        assert_eq!(weekday_or_abbreviation_number("Thurs"), Some(3));
        assert_eq!(weekday_or_abbreviation_number("Thursdays"), None);
    }
}
