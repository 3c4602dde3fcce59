//! The upstream's numeric codes as enums. Each decodes from a string or a number, encodes
//! as the upstream's string, and keeps any value it does not know as `Unknown(code)` so a
//! new code from the platform is shown, never an error.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code this version does not know, kept as it came.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The upstream's code for this value.
            pub fn code(&self) -> &str {
                match self {
                    $( $name::$variant => $code, )+
                    $name::Unknown(code) => code,
                }
            }

            /// Reads a code; anything unknown becomes `Unknown`.
            pub fn from_code(code: &str) -> Self {
                match code.trim() {
                    $( $code => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }

            /// A short label in words for people; unknown codes show their number.
            pub fn label(&self) -> String {
                match self {
                    $( $name::$variant => $label.to_owned(), )+
                    $name::Unknown(code) => format!("unknown ({code})"),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_code(s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text: Option<String> = crate::lenient::opt_text::deserialize(d)?;
                Ok(Self::from_code(text.as_deref().unwrap_or("")))
            }
        }
    };
}

code_enum! {
    /// `order_status`: where an order is in its life.
    pub enum OrderStatus {
        /// Ordered, not started yet.
        NotStarted = "1" => "not started",
        /// Running: the device can use it.
        Started = "2" => "started",
        /// Ended, expired or cancelled.
        Ended = "3" => "ended or cancelled",
        /// Paused by the platform.
        Paused = "5" => "paused",
    }
}

code_enum! {
    /// `package_type`: the package's period.
    pub enum PackageType {
        /// A day package.
        Day = "1" => "daily",
        /// A month package.
        Month = "2" => "monthly",
        /// A quarter package.
        Quarter = "3" => "quarterly",
        /// A half-year package.
        HalfYear = "4" => "half-yearly",
        /// A year package.
        Year = "5" => "yearly",
    }
}

code_enum! {
    /// `buy_type`: how a package is paid.
    pub enum BuyType {
        /// Prepaid: fixed period, refuelling allowed, no renewal.
        Prepaid = "1" => "prepaid",
        /// Postpaid: renewable, no refuelling.
        Postpaid = "2" => "postpaid",
    }
}

code_enum! {
    /// Package `status` in the catalogue.
    pub enum PackageStatus {
        /// Can be ordered.
        Available = "1" => "available",
        /// Withdrawn.
        Obsolete = "2" => "obsolete",
    }
}

code_enum! {
    /// `package_usage_attribute`.
    pub enum UsageAttribute {
        /// A resident package.
        Resident = "1" => "resident",
        /// A temporary package.
        Temporary = "2" => "temporary",
    }
}

code_enum! {
    /// `price_type` (only for packages of type 0).
    pub enum PriceType {
        /// Priced per day.
        PerDay = "1" => "per day",
        /// Priced per package.
        PerPackage = "2" => "per package",
    }
}

code_enum! {
    /// `device_type` for ending an order early.
    pub enum DeviceType {
        /// A MiFi hotspot.
        Mifi = "1" => "MiFi",
        /// A module.
        Module = "2" => "module",
        /// A tour card.
        TourCard = "3" => "tour card",
        /// An IoT card.
        IotCard = "4" => "IoT card",
        /// A system on chip.
        Soc = "5" => "SoC",
    }
}

code_enum! {
    /// `lifecycle`: the device's current stage.
    pub enum Lifecycle {
        /// Inventory period.
        Inventory = "0" => "inventory",
        /// Silent period.
        Silent = "1" => "silent",
        /// Usage period.
        Usage = "2" => "in use",
        /// Suspended service period.
        Suspended = "3" => "suspended",
        /// Disposal and recycling period.
        Disposal = "4" => "disposal and recycling",
        /// Internal inventory period.
        InternalInventory = "5" => "internal inventory",
    }
}

code_enum! {
    /// `ota_flag` and `bip_flag`: 1 has the feature, 2 has not.
    pub enum FeatureFlag {
        /// The device has the feature.
        Yes = "1" => "yes",
        /// The device does not have it.
        No = "2" => "no",
    }
}

code_enum! {
    /// `multiImsi_flag`: 1 multi-IMSI, 0 single.
    pub enum MultiImsiFlag {
        /// A single-IMSI device.
        No = "0" => "no",
        /// A multi-IMSI device.
        Yes = "1" => "yes",
    }
}

code_enum! {
    /// `is_open` on a bulk order.
    pub enum OpenFlag {
        /// Leave the orders not started.
        No = "0" => "do not activate",
        /// Activate at once where the rules allow.
        Yes = "1" => "activate immediately",
    }
}

code_enum! {
    /// `refpackage_status` of a refuelling package.
    pub enum RefuelingStatus {
        /// Not enabled yet.
        NotEnabled = "1" => "not enabled",
        /// In use.
        InUse = "2" => "in use",
        /// Used up.
        UsedUp = "3" => "used up",
        /// Cancelled.
        Cancelled = "4" => "cancelled",
    }
}

code_enum! {
    /// `operation` of an order-status push.
    pub enum PushOperation {
        /// The order was created.
        Created = "1000" => "created",
        /// Terminated before its time.
        TerminatedEarly = "1001" => "terminated early",
        /// Cancelled before it started.
        Cancelled = "1002" => "cancelled",
        /// Paused.
        Paused = "1003" => "paused",
        /// Restarted after a pause.
        Restarted = "1004" => "restarted",
        /// A non-OTA order was enabled.
        Enabled = "1005" => "enabled",
        /// An OTA order was enabled after a location report in a covered country.
        OtaEnabled = "1007" => "enabled over the air",
        /// Expired.
        Expired = "1008" => "expired",
        /// Renewed: cycles added.
        Renewed = "1009" => "renewed",
        /// Cycles reduced.
        CyclesReduced = "1010" => "cycles reduced",
        /// The OTA profile was downloaded again.
        OtaRedownload = "1012" => "OTA re-downloaded",
    }
}

impl OrderStatus {
    /// Whether the order has started or is paused, the ones queryDevice shows.
    pub fn is_live(&self) -> bool {
        matches!(self, OrderStatus::Started | OrderStatus::Paused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_decode_from_strings_and_numbers() {
        let s: OrderStatus = serde_json::from_str("\"2\"").unwrap();
        assert_eq!(s, OrderStatus::Started);
        let s: OrderStatus = serde_json::from_str("5").unwrap();
        assert_eq!(s, OrderStatus::Paused);
        let op: PushOperation = serde_json::from_str("1012").unwrap();
        assert_eq!(op, PushOperation::OtaRedownload);
    }

    #[test]
    fn unknown_codes_stay_readable() {
        let op: PushOperation = serde_json::from_str("\"1099\"").unwrap();
        assert_eq!(op, PushOperation::Unknown("1099".into()));
        assert_eq!(op.label(), "unknown (1099)");
        assert_eq!(serde_json::to_string(&op).unwrap(), "\"1099\"");
    }

    #[test]
    fn labels_are_words() {
        assert_eq!(PushOperation::TerminatedEarly.label(), "terminated early");
        assert_eq!(Lifecycle::Usage.label(), "in use");
    }
}
