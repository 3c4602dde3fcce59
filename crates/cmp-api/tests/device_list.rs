//! The bulk order form's list reader: pasted text in any separator, CSV with or without a
//! header, quoted fields, repeats and bad entries reported by line.

use cmp_api::validate::{DeviceListReport, ListFormat, ValidationError, device_list};

const A: &str = "89852022018041800192";
const B: &str = "89852022018041800193";
const C: &str = "8965011909030066336";

fn lines(report: &DeviceListReport) -> Vec<usize> {
    report.problems.iter().map(|p| p.line).collect()
}

#[test]
fn one_per_line_with_blank_lines_and_crlf() {
    let report = device_list(&format!("{A}\r\n\r\n  {B}  \r\n\n{C}\n"));
    assert_eq!(report.valid, [A, B, C]);
    assert!(report.is_clean());
    assert_eq!(report.format, ListFormat::List);
}

#[test]
fn any_separator_on_a_line() {
    let report = device_list(&format!("{A}, {B};{C}\t{A}x\n{B}，{C}"));
    assert_eq!(report.valid, [A, B, C]);
    let problems: Vec<(usize, &str)> = report
        .problems
        .iter()
        .map(|p| (p.line, p.text.as_str()))
        .collect();
    assert_eq!(problems, [(1, format!("{A}x").as_str()), (2, B), (2, C)]);
    assert_eq!(report.format, ListFormat::List);
}

#[test]
fn repeats_are_reported_with_the_first_line() {
    let report = device_list(&format!("{A}\n{B}\n\n{A}\n{A}"));
    assert_eq!(report.valid, [A, B]);
    assert_eq!(lines(&report), [4, 5]);
    assert_eq!(
        report.problems[0].error,
        ValidationError::Duplicate {
            id: A.into(),
            first_line: 1
        }
    );
    assert_eq!(
        report.problems[1].error.to_string(),
        format!("“{A}” is already listed on line 1; remove the repeat.")
    );
    // Surrounding spaces do not make a different id.
    assert_eq!(device_list(&format!("{A}\n\"{A}\" ")).problems.len(), 1);
}

#[test]
fn malformed_entries_keep_their_line_and_text() {
    let report = device_list(&format!("{A}\n8985x\n\n12345\n{B}"));
    assert_eq!(report.valid, [A, B]);
    assert_eq!(lines(&report), [2, 4]);
    assert_eq!(report.problems[0].text, "8985x");
    assert_eq!(
        report.problems[0].error.to_string(),
        "A device id is 18 to 22 digits; “8985x” has a letter at position 5."
    );
    assert!(matches!(
        report.problems[1].error,
        ValidationError::Length { digits: 5, .. }
    ));
}

#[test]
fn csv_with_a_named_column() {
    let csv = format!(
        "\u{feff}name,ICCID,status\r\n\"Truck, 12\",\"{A}\",active\nvan,{B},paused\nbike,,new\nx,8985x,y\n,,\n"
    );
    let report = device_list(&csv);
    assert_eq!(
        report.format,
        ListFormat::Csv {
            column: 1,
            header: Some("ICCID".into())
        }
    );
    assert_eq!(report.valid, [A, B]);
    assert_eq!(lines(&report), [4, 5]);
    assert_eq!(
        report.problems[0].error.to_string(),
        "This row has no device id in the “ICCID” column; fill it in or delete the row."
    );
    assert_eq!(report.problems[1].text, "8985x");
}

#[test]
fn csv_header_spellings() {
    for header in ["device_id", "Device ID", "deviceId", "iccid", "sim_id"] {
        let report = device_list(&format!("{header}\n{A}\n{B}"));
        assert_eq!(report.valid, [A, B], "{header}");
        assert!(report.is_clean(), "{header}: {:?}", report.problems);
    }
    let report = device_list(&format!("note;device_id\nfirst;{A}\nsecond;\"{B}\""));
    assert_eq!(
        report.format,
        ListFormat::Csv {
            column: 1,
            header: Some("device_id".into())
        }
    );
    assert_eq!(report.valid, [A, B]);
}

#[test]
fn csv_without_a_known_header_reads_the_first_column() {
    let report = device_list(&format!(
        "SIM card,Customer\n{A},Acme\n{B},\"Beta, Inc.\"\n{A},Acme"
    ));
    assert_eq!(
        report.format,
        ListFormat::Csv {
            column: 0,
            header: Some("SIM card".into())
        }
    );
    assert_eq!(report.valid, [A, B]);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        report.problems[0].error,
        ValidationError::Duplicate {
            id: A.into(),
            first_line: 2
        }
    );

    let report = device_list(&format!("{A},Acme\n{B},Beta"));
    assert_eq!(
        report.format,
        ListFormat::Csv {
            column: 0,
            header: None
        }
    );
    assert_eq!(report.valid, [A, B]);
    assert!(report.is_clean());
}

#[test]
fn quoted_fields_with_escaped_quotes() {
    let report = device_list(&format!(
        "iccid,note\n\"{A}\",\"says \"\"hi\"\", then, leaves\"\n\"{B}"
    ));
    assert_eq!(report.valid, [A, B]);
    assert!(report.is_clean());
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    for text in [
        "",
        "\n\n",
        "\u{feff}",
        "\"",
        ",,,;;;",
        "iccid",
        "iccid\n",
        "a,b\n\"",
        "é,ü\n💥,☃",
        "\r",
    ] {
        let report = device_list(text);
        assert!(report.valid.is_empty(), "{text:?}");
    }
    assert!(device_list(",,,;;;").problems.is_empty());
}
