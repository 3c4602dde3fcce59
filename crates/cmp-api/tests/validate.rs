//! Checks of typed input: ids, dates, CDR ranges, paging, reasons, and their messages.

use cmp_api::CmpTime;
use cmp_api::validate::{self, DigitField, ValidationError};

/// Every ICCID that appears in the spec's examples.
const SPEC_ICCIDS: [&str; 8] = [
    "89852420180910344720",
    "8965011909030066336",
    "893107042131441209",
    "89430101523088119435",
    "89852022018041800192",
    "89852022018041800193",
    "89852202110293091394",
    "89852202310161621656",
];

#[test]
fn spec_iccids_are_accepted_though_not_all_pass_luhn() {
    for id in SPEC_ICCIDS {
        assert_eq!(validate::device_id(id).as_deref(), Ok(id));
    }
    // Requiring the check digit would refuse real ids from the spec, so device_id must not.
    assert!(SPEC_ICCIDS.iter().any(|id| !validate::luhn_valid(id)));
    assert!(SPEC_ICCIDS.iter().any(|id| validate::luhn_valid(id)));
}

#[test]
fn looked_up_ids_need_not_be_iccids() {
    let sim = validate::device_lookup(" 89852202310161621656 ").unwrap();
    assert_eq!((sim.id.as_str(), sim.iccid), ("89852202310161621656", true));
    // A MiFi's serial, a module's IMEI, a SoC's id: looked up as typed, not ICCIDs.
    for id in [
        "MIFI-0042",
        "356938035643809",
        "SOC_A1:B2",
        "8985AB",
        &"1".repeat(23),
    ] {
        let looked = validate::device_lookup(id).unwrap();
        assert_eq!((looked.id.as_str(), looked.iccid), (id, false), "{id}");
    }
    for junk in ["", "  ", "8985 2202", "a\"b", &"A".repeat(65)] {
        assert!(validate::device_lookup(junk).is_err(), "{junk:?}");
    }
    assert_eq!(
        validate::device_lookup("8985 2202")
            .unwrap_err()
            .to_string(),
        "A device id is 1 to 64 letters, digits, “-”, “_”, “.” or “:”; “8985 2202” has a space at position 5."
    );
}

#[test]
fn luhn_check_digit() {
    assert!(validate::luhn_valid("79927398713"));
    assert!(!validate::luhn_valid("79927398710"));
    assert!(validate::luhn_valid("89852420180910344720"));
    assert!(!validate::luhn_valid("89852022018041800193"));
    for bad in ["", "12a4", " 0"] {
        assert!(!validate::luhn_valid(bad), "{bad:?}");
    }
}

#[test]
fn device_id_is_trimmed_and_must_be_18_to_22_digits() {
    assert_eq!(
        validate::device_id("  89852202310161621656\t").unwrap(),
        "89852202310161621656"
    );
    assert_eq!(validate::device_id(&"1".repeat(22)).unwrap().len(), 22);
    assert!(matches!(
        validate::device_id(&"1".repeat(17)),
        Err(ValidationError::Length { digits: 17, .. })
    ));
    assert!(matches!(
        validate::device_id(&"1".repeat(23)),
        Err(ValidationError::Length { digits: 23, .. })
    ));
    assert_eq!(
        validate::device_id("   "),
        Err(ValidationError::Empty(DigitField::DeviceId))
    );
}

#[test]
fn device_id_messages_say_what_is_wrong_and_where() {
    let msg = |s: &str| validate::device_id(s).unwrap_err().to_string();
    assert_eq!(
        msg("8985x"),
        "A device id is 18 to 22 digits; “8985x” has a letter at position 5."
    );
    assert_eq!(
        msg("8985 2202"),
        "A device id is 18 to 22 digits; “8985 2202” has a space at position 5."
    );
    assert_eq!(
        msg("898-52"),
        "A device id is 18 to 22 digits; “898-52” has “-” at position 4."
    );
    assert_eq!(
        msg("12345"),
        "A device id is 18 to 22 digits; “12345” has 5 digits."
    );
    assert_eq!(msg("7"), "A device id is 18 to 22 digits; “7” has 1 digit.");
    assert_eq!(
        msg(""),
        "A device id is 18 to 22 digits; nothing was entered."
    );
    // Positions count characters, not bytes.
    assert!(msg("89é5").ends_with("has a letter at position 3."));
    // A pasted essay is quoted shortened.
    let long = msg(&"9".repeat(500));
    assert!(
        long.contains('…') && long.len() < 160 && long.ends_with("has 500 digits."),
        "{long}"
    );
}

#[test]
fn imsi_is_14_or_15_digits() {
    for ok in ["204046990912345", "23201087977194"] {
        assert_eq!(validate::imsi(ok).as_deref(), Ok(ok));
    }
    assert_eq!(
        validate::imsi("2040469909123").unwrap_err().to_string(),
        "An IMSI is 14 or 15 digits; “2040469909123” has 13 digits."
    );
    assert!(matches!(
        validate::imsi("20404699091234x"),
        Err(ValidationError::NotDigit { position: 15, .. })
    ));
}

#[test]
fn dates_typed_by_people() {
    assert_eq!(
        validate::date(" 2024-02-29 "),
        Ok(CmpTime::date(2024, 2, 29).unwrap())
    );
    assert_eq!(
        validate::date("2024-05-09").unwrap().to_string(),
        "2024-05-09"
    );
    assert_eq!(validate::date(""), Err(ValidationError::DateEmpty));
    for bad in [
        "20240509",
        "2024/05/09",
        "2024-5-9",
        "09-05-2024",
        "2024-05-09 10:00:00",
        "２０２４-05-09",
    ] {
        assert!(
            matches!(validate::date(bad), Err(ValidationError::DateFormat(_))),
            "{bad}"
        );
    }
    assert_eq!(
        validate::date("2023-02-29").unwrap_err().to_string(),
        "“2023-02-29” does not exist: February 2023 has 28 days."
    );
    assert_eq!(
        validate::date("2023-04-00").unwrap_err().to_string(),
        "“2023-04-00” does not exist: April 2023 has 30 days."
    );
    assert_eq!(
        validate::date("2023-13-01").unwrap_err().to_string(),
        "“2023-13-01” has month 13; months run from 01 to 12."
    );
}

#[test]
fn cdr_ranges() {
    let today: CmpTime = "2024-06-30 15:20:00".parse().unwrap();
    let (start, end) = validate::cdr_range("2024-06-01", "2024-06-30", today).unwrap();
    assert_eq!(
        (start.to_string(), end.to_string()),
        ("2024-06-01".into(), "2024-06-30".into())
    );
    // 180 days with today: 179 days back is the earliest start; one more day is refused.
    let earliest = today.start_of_day().add_days(-179).iso_date();
    assert_eq!(earliest, "2024-01-03");
    assert!(validate::cdr_range(&earliest, "2024-01-10", today).is_ok());
    assert_eq!(
        validate::cdr_range("2024-01-02", "2024-01-10", today)
            .unwrap_err()
            .to_string(),
        "Usage records go back 180 days, today included: the start date 2024-01-02 is before 2024-01-03, the earliest you can ask for."
    );
    assert_eq!(
        validate::cdr_range("2024-06-10", "2024-06-09", today),
        Err(ValidationError::EndBeforeStart {
            start: "2024-06-10".into(),
            end: "2024-06-09".into()
        })
    );
    assert_eq!(
        validate::cdr_range("2024-06-10", "2024-07-01", today)
            .unwrap_err()
            .to_string(),
        "The end date 2024-07-01 is after today (2024-06-30); pick today or an earlier day."
    );
    assert!(validate::cdr_range("2024-06-30", "2024-06-30", today).is_ok());
    let err = validate::cdr_range("2024-6-1", "2024-06-30", today)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("Start date: “2024-6-1” is not a date"),
        "{err}"
    );
    let err = validate::cdr_range("2024-06-01", "", today)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "End date: Enter a date as YYYY-MM-DD (for example 2024-05-09)."
    );
}

#[test]
fn the_cdr_window_is_180_days_with_today() {
    let today: CmpTime = "2024-06-30 23:59:59".parse().unwrap();
    let earliest = validate::cdr_earliest(today);
    assert_eq!(earliest.to_string(), "2024-01-03");
    assert_eq!(
        today.start_of_day().days_since_epoch() - earliest.days_since_epoch() + 1,
        validate::CDR_HISTORY_DAYS,
        "today and the 179 days before it"
    );
    let day = |back: i64| today.start_of_day().add_days(-back).iso_date();
    // 179 days back is accepted, 180 back refused, whatever the end.
    assert!(validate::cdr_range(&day(179), &day(0), today).is_ok());
    assert!(validate::cdr_range(&day(179), &day(179), today).is_ok());
    assert!(matches!(
        validate::cdr_range(&day(180), &day(0), today),
        Err(ValidationError::StartTooOld { .. })
    ));
    assert!(matches!(
        validate::cdr_range(&day(180), &day(180), today),
        Err(ValidationError::StartTooOld { .. })
    ));
    // Across a leap day and a year's end the count is the same.
    for date in ["2024-03-01", "2025-01-01", "2024-12-31"] {
        let today: CmpTime = date.parse().unwrap();
        let earliest = validate::cdr_earliest(today);
        assert_eq!(
            today.days_since_epoch() - earliest.days_since_epoch(),
            179,
            "{date}"
        );
    }
}

#[test]
fn the_cdr_window_follows_the_platforms_date_not_utcs() {
    use cmp_api::time::UtcOffset;
    // 2026-11-29 22:24:44 UTC is already 2026-11-30 on a UTC+8 platform.
    let now = 1_795_991_084_660;
    let utc = UtcOffset::UTC.today(now);
    let east = "UTC+8".parse::<UtcOffset>().unwrap().today(now);
    assert_eq!(
        (utc.iso_date(), east.iso_date()),
        ("2026-11-29".into(), "2026-11-30".into())
    );
    // UTC's earliest start is a day too early for the platform...
    let utc_earliest = validate::cdr_earliest(utc).iso_date();
    assert!(validate::cdr_range(&utc_earliest, "2026-11-29", utc).is_ok());
    assert!(matches!(
        validate::cdr_range(&utc_earliest, "2026-11-29", east),
        Err(ValidationError::StartTooOld { .. })
    ));
    // ...and the platform's today is a day in UTC's future.
    assert!(validate::cdr_range("2026-11-30", "2026-11-30", east).is_ok());
    assert!(matches!(
        validate::cdr_range("2026-11-30", "2026-11-30", utc),
        Err(ValidationError::EndInFuture { .. })
    ));
}

#[test]
fn paging_limits() {
    assert_eq!(validate::page_no(1), Ok(1));
    assert_eq!(validate::page_no(0), Err(ValidationError::PageNo));
    assert_eq!(validate::page_size(100), Ok(100));
    assert_eq!(validate::page_size(1), Ok(1));
    assert_eq!(validate::page_size(0), Err(ValidationError::PageSize(0)));
    assert_eq!(
        validate::page_size(101).unwrap_err().to_string(),
        "A page holds 1 to 100 items; 101 is outside that range."
    );
}

#[test]
fn reasons() {
    assert_eq!(
        validate::reason("  device lost \n").as_deref(),
        Ok("device lost")
    );
    assert_eq!(validate::reason(" \t "), Err(ValidationError::ReasonEmpty));
    // The limit counts characters: 200 Chinese characters are fine, 201 are not.
    assert!(validate::reason(&"停".repeat(200)).is_ok());
    assert_eq!(
        validate::reason(&"停".repeat(201)).unwrap_err().to_string(),
        "A reason is at most 200 characters; this one has 201. Shorten it."
    );
}
