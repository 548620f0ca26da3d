//! Plain-text tables for terminals: columns padded to their widest cell,
//! cells clipped to a maximum width on character boundaries.

use std::io::Write;

/// A table being built row by row.
pub struct Table {
    headers: Vec<&'static str>,
    max_widths: Vec<usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `columns` are (header, widest allowed cell).
    pub fn new(columns: &[(&'static str, usize)]) -> Table {
        Table {
            headers: columns.iter().map(|c| c.0).collect(),
            max_widths: columns.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, cells: Vec<String>) {
        let clipped = cells.into_iter().zip(&self.max_widths).map(|(cell, max)| clip(&cell, *max)).collect();
        self.rows.push(clipped);
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let headers: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        write_row(out, &headers, &widths)?;
        for row in &self.rows {
            write_row(out, row, &widths)?;
        }
        Ok(())
    }
}

fn write_row(out: &mut impl Write, cells: &[String], widths: &[usize]) -> std::io::Result<()> {
    let last = cells.len().saturating_sub(1);
    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if index == last {
            writeln!(out, "{cell}")?;
        } else {
            let pad = width - cell.chars().count();
            write!(out, "{cell}{}  ", " ".repeat(pad))?;
        }
    }
    Ok(())
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(max.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_clips() {
        let mut table = Table::new(&[("ID", 4), ("TITLE", 10)]);
        table.push(vec!["abcdef".into(), "Strike ends at the port".into()]);
        table.push(vec!["ab".into(), "Café".into()]);
        let mut out = Vec::new();
        table.write(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ID    TITLE\nabc…  Strike en…\nab    Café\n");
    }
}
