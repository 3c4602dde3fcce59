//! Reading the bulk order form's device list: text pasted from anywhere (one id a line, or
//! separated by commas, semicolons or spaces) or a CSV file (with or without a header row).
//! Every id is checked with [`super::device_id`]; problems are reported per line, and the
//! reader never panics, whatever it is given.

use super::{ValidationError, device_id};
use std::collections::HashMap;

/// Header names (folded: lower case, no spaces, `_` or `-`) that mark the device id column.
const ID_HEADERS: [&str; 8] = [
    "deviceid",
    "device",
    "iccid",
    "simid",
    "sim",
    "assetid",
    "deviceids",
    "iccids",
];

/// How the text was read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// Ids separated by line breaks, commas, semicolons or spaces.
    #[default]
    List,
    /// CSV: ids taken from one column.
    Csv {
        /// The column read, from 0.
        column: usize,
        /// The header row's name for it, when there was a header row.
        header: Option<String>,
    },
}

/// One entry of a bulk list that cannot be ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The line it is on, counting from 1.
    pub line: usize,
    /// The entry as it was written.
    pub text: String,
    /// What is wrong with it.
    pub error: ValidationError,
}

/// The outcome of reading a bulk list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeviceListReport {
    /// The distinct valid device ids, in the order they first appear.
    pub valid: Vec<String>,
    /// Malformed ids, repeats and empty CSV cells, in the order they appear.
    pub problems: Vec<LineProblem>,
    /// How the text was read.
    pub format: ListFormat,
}

impl DeviceListReport {
    /// Whether every entry is a valid, distinct device id.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads a pasted list or CSV of device ids. Blank lines and blank entries are ignored;
/// every other entry ends up either in `valid` or in `problems`. In a list, an id repeated
/// later is reported at each repeat, naming the line of its first occurrence. In a CSV, the
/// column headed device_id / iccid (or similar) is read, else the first column; quoted fields
/// are understood within a line (a quoted field cannot span lines).
pub fn device_list(text: &str) -> DeviceListReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let mut report = DeviceListReport {
        format: detect(&lines),
        ..Default::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    match report.format.clone() {
        ListFormat::List => {
            for &(line, content) in &lines {
                for token in content
                    .split(is_separator)
                    .map(unquote)
                    .filter(|t| !t.is_empty())
                {
                    check(&mut report, &mut seen, line, token);
                }
            }
        }
        ListFormat::Csv { column, header } => {
            let delimiter = lines.first().and_then(|(_, l)| delimiter_of(l));
            let skip = usize::from(header.is_some());
            let column_name = match &header {
                Some(h) => format!("“{h}” column"),
                None if column == 0 => "first column".to_owned(),
                None => format!("column {}", column + 1),
            };
            for &(line, content) in lines.iter().skip(skip) {
                let cells = split_cells(content, delimiter);
                if cells.iter().all(|c| c.is_empty()) {
                    continue;
                }
                match cells.get(column).map(String::as_str).unwrap_or("") {
                    "" => report.problems.push(LineProblem {
                        line,
                        text: content.trim().to_owned(),
                        error: ValidationError::EmptyCell {
                            column: column_name.clone(),
                        },
                    }),
                    cell => check(&mut report, &mut seen, line, cell),
                }
            }
        }
    }
    report
}

fn check(
    report: &mut DeviceListReport,
    seen: &mut HashMap<String, usize>,
    line: usize,
    token: &str,
) {
    let error = match device_id(token) {
        Ok(id) => match seen.get(&id) {
            Some(&first_line) => ValidationError::Duplicate { id, first_line },
            None => {
                seen.insert(id.clone(), line);
                report.valid.push(id);
                return;
            }
        },
        Err(e) => e,
    };
    report.problems.push(LineProblem {
        line,
        text: token.to_owned(),
        error,
    });
}

/// Decides between a plain list and CSV. CSV when the first row names an id column, or when
/// every row has two or more cells and some cell past the first holds a word (a list of ids
/// separated by commas has digits only).
fn detect(lines: &[(usize, &str)]) -> ListFormat {
    let Some(&(_, first)) = lines.first() else {
        return ListFormat::List;
    };
    let delimiter = delimiter_of(first);
    let head = split_cells(first, delimiter);
    if let Some(column) = head
        .iter()
        .position(|c| ID_HEADERS.contains(&fold(c).as_str()))
    {
        return ListFormat::Csv {
            column,
            header: head.get(column).cloned(),
        };
    }
    if delimiter.is_none() {
        return ListFormat::List;
    }
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|(_, l)| split_cells(l, delimiter))
        .collect();
    let tabular = rows.iter().all(|r| r.len() >= 2)
        && rows
            .iter()
            .any(|r| r.iter().skip(1).any(|c| c.chars().any(char::is_alphabetic)));
    if !tabular {
        return ListFormat::List;
    }
    let is_header = head
        .iter()
        .all(|c| !c.chars().any(|ch| ch.is_ascii_digit()));
    ListFormat::Csv {
        column: 0,
        header: is_header.then(|| head.first().cloned().unwrap_or_default()),
    }
}

fn delimiter_of(line: &str) -> Option<char> {
    [',', '\t', ';'].into_iter().find(|d| line.contains(*d))
}

fn is_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '，' | '；') || c.is_whitespace()
}

fn unquote(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”') || c.is_whitespace())
}

fn fold(cell: &str) -> String {
    cell.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits one CSV line into trimmed cells: `"..."` quotes a field, `""` inside is a quote.
fn split_cells(line: &str, delimiter: Option<char>) -> Vec<String> {
    let Some(delimiter) = delimiter else {
        return vec![unquote(line).to_owned()];
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c != '"' {
                cell.push(c);
            } else if chars.peek() == Some(&'"') {
                cell.push('"');
                chars.next();
            } else {
                quoted = false;
            }
        } else if c == delimiter {
            cells.push(cell.trim().to_owned());
            cell.clear();
        } else if c == '"' && cell.trim().is_empty() {
            cell.clear();
            quoted = true;
        } else {
            cell.push(c);
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}
