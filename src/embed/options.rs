//! The options a partner puts in an embed URL's query string: `theme=light|dark|auto`,
//! `accent=#rrggbb` (validated), `hide_title=1` and, for usage, `range=7|30|90|180`.
//! Bad values fall back to defaults: a partner's typo must not blank their page.

use crate::devices::usage::range::{DEFAULT_DAYS, PRESETS};

/// The colour scheme of the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the visitor's system setting (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Reads `light`, `dark` or `auto` (any case); anything else is [`Theme::Auto`].
    pub fn parse(value: &str) -> Theme {
        match value.trim().to_ascii_lowercase().as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The value of `data-theme` on `<html>`, which the stylesheets honour.
    pub fn attribute(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Whether the theme forces dark (`Some(true)`), light (`Some(false)`) or follows the system.
    pub fn forced_dark(self) -> Option<bool> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some(false),
            Theme::Dark => Some(true),
        }
    }
}

/// A CSS colour in hex form (`#rgb` or `#rrggbb`), normalised to lower-case `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accent(String);

impl Accent {
    /// Accepts `#rgb` or `#rrggbb` (the `#` may be left out); anything else is `None`, so
    /// nothing but a colour ever reaches the style attribute.
    pub fn parse(value: &str) -> Option<Accent> {
        let hex = value.trim();
        let hex = hex.strip_prefix('#').unwrap_or(hex);
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let full = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_owned(),
            _ => return None,
        };
        Some(Accent(format!("#{}", full.to_ascii_lowercase())))
    }

    /// The colour, `#rrggbb`.
    pub fn css(&self) -> &str {
        &self.0
    }

    /// Black or white, whichever reads better on the accent (WCAG relative luminance).
    pub fn text_colour(&self) -> &'static str {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&self.0[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        // Contrast with black beats contrast with white above this luminance.
        if luminance > 0.179 {
            "#000000"
        } else {
            "#ffffff"
        }
    }
}

/// Everything an embed URL's query string can ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    /// Colour scheme.
    pub theme: Theme,
    /// Accent colour, when a valid one was given.
    pub accent: Option<Accent>,
    /// Whether the frame's own heading is left out (the partner shows theirs).
    pub hide_title: bool,
    /// Days of usage to show (one of [`PRESETS`]).
    pub range_days: u32,
}

impl EmbedOptions {
    /// Reads the options from query parameters looked up by `get`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> EmbedOptions {
        let hide_title = get("hide_title").is_some_and(|v| {
            matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes")
        });
        let range_days = get("range")
            .and_then(|r| r.trim().parse().ok())
            .filter(|days| PRESETS.contains(days))
            .unwrap_or(DEFAULT_DAYS);
        EmbedOptions {
            theme: get("theme").map_or_else(Theme::default, |t| Theme::parse(&t)),
            accent: get("accent").and_then(|a| Accent::parse(&a)),
            hide_title,
            range_days,
        }
    }
}
