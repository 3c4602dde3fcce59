//! Mobile networks (MCC + MNC, ITU-T E.212) to operator names, for the networks IoT SIMs
//! use most, so the share-by-operator chart reads "AIS Thailand" rather than `520-03`.
//! Networks not listed keep their codes, prefixed with their country when it is known.

use super::{UNKNOWN, country_name};

/// The operator of a network, when the table knows it.
pub fn operator_name(mcc: &str, mnc: &str) -> Option<&'static str> {
    Some(match (mcc.trim(), mnc.trim()) {
        ("460", "00" | "02" | "07") => "China Mobile",
        ("460", "01" | "06" | "09") => "China Unicom",
        ("460", "03" | "05" | "11") => "China Telecom",
        ("404", "10" | "40" | "45" | "49") => "Airtel India",
        ("405", "840" | "854" | "857" | "861") => "Jio India",
        ("440", "10") => "NTT Docomo",
        ("440", "20") => "SoftBank",
        ("440", "50" | "51") => "KDDI au",
        ("262", "01") => "Telekom DE",
        ("262", "02") => "Vodafone DE",
        ("262", "03") => "O2 DE",
        ("234", "10") => "O2 UK",
        ("234", "15") => "Vodafone UK",
        ("234", "30") => "EE UK",
        ("310", "260") => "T-Mobile US",
        ("310", "410") => "AT&T US",
        ("311", "480") => "Verizon US",
        ("454", "00") => "CSL Hong Kong",
        ("454", "03") => "3 Hong Kong",
        ("232", "01") => "A1 Austria",
        ("232", "03") => "Magenta Austria",
        ("520", "03") => "AIS Thailand",
        ("520", "04") => "True Thailand",
        ("208", "01") => "Orange France",
        ("214", "07") => "Movistar Spain",
        ("222", "01") => "TIM Italy",
        ("724", "05") => "Claro Brazil",
        ("724", "06") => "Vivo Brazil",
        _ => return None,
    })
}

/// A label for charts from an operator key as [`super::UsageSummary::per_operator`] holds
/// it (`mcc-mnc`): the operator's name, else the country and the codes (`Austria 232-07`),
/// else the codes alone (`Network 999-01`); [`UNKNOWN`] for a record with neither code.
pub fn operator_label(key: &str) -> String {
    if key == UNKNOWN {
        return UNKNOWN.to_owned();
    }
    let (mcc, mnc) = key.split_once('-').unwrap_or((key, ""));
    if let Some(name) = operator_name(mcc, mnc) {
        return name.to_owned();
    }
    match country_name(mcc) {
        Some(country) => format!("{country} {key}"),
        None => format!("Network {key}"),
    }
}
