//! Mobile country codes (MCC, ITU-T E.212) to country names, for the countries IoT SIMs
//! roam in most. Codes not listed are shown by number.

/// The country of a mobile country code, when the table knows it.
pub fn country_name(mcc: &str) -> Option<&'static str> {
    Some(match mcc.trim() {
        "202" => "Greece",
        "204" => "Netherlands",
        "206" => "Belgium",
        "208" => "France",
        "214" => "Spain",
        "216" => "Hungary",
        "222" => "Italy",
        "226" => "Romania",
        "228" => "Switzerland",
        "230" => "Czech Republic",
        "232" => "Austria",
        "234" | "235" => "United Kingdom",
        "238" => "Denmark",
        "240" => "Sweden",
        "242" => "Norway",
        "244" => "Finland",
        "250" => "Russia",
        "255" => "Ukraine",
        "260" => "Poland",
        "262" => "Germany",
        "268" => "Portugal",
        "272" => "Ireland",
        "286" => "Turkey",
        "302" => "Canada",
        "310" | "311" | "312" | "313" | "314" | "315" | "316" => "United States",
        "334" => "Mexico",
        "404" | "405" | "406" => "India",
        "410" => "Pakistan",
        "420" => "Saudi Arabia",
        "424" => "United Arab Emirates",
        "425" => "Israel",
        "440" | "441" => "Japan",
        "450" => "South Korea",
        "452" => "Vietnam",
        "454" => "Hong Kong",
        "455" => "Macau",
        "460" | "461" => "China",
        "466" => "Taiwan",
        "470" => "Bangladesh",
        "502" => "Malaysia",
        "505" => "Australia",
        "510" => "Indonesia",
        "515" => "Philippines",
        "520" => "Thailand",
        "525" => "Singapore",
        "530" => "New Zealand",
        "602" => "Egypt",
        "621" => "Nigeria",
        "655" => "South Africa",
        "716" => "Peru",
        "722" => "Argentina",
        "724" => "Brazil",
        "730" => "Chile",
        "732" => "Colombia",
        "901" => "International networks",
        _ => return None,
    })
}

/// A label for charts: the country's name, `MCC nnn` for a code not in the table, or
/// `unknown` for an empty or unknown code.
pub fn country_label(mcc: &str) -> String {
    let mcc = mcc.trim();
    match country_name(mcc) {
        Some(name) => name.to_owned(),
        None if mcc.is_empty() || mcc == super::UNKNOWN => super::UNKNOWN.to_owned(),
        None => format!("MCC {mcc}"),
    }
}
