//! How the page is shown, apart from what it shows: the colour theme and
//! presentation mode (large type for a lecture hall). Pure, so the choices
//! and what they resolve to are tested natively; the runtime reads the
//! system's preference and remembers the visitor's choice.

/// The theme a visitor asked for: `?theme=`, the theme button, or storage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
}

/// The theme in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl ThemeChoice {
    /// Reads `dark`, `light` or `auto` (any case, spaces around).
    pub fn parse(raw: &str) -> Option<ThemeChoice> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "auto" | "system" => Some(ThemeChoice::Auto),
            "light" => Some(ThemeChoice::Light),
            "dark" => Some(ThemeChoice::Dark),
            _ => None,
        }
    }

    /// The code used in `?theme=` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// The theme in force when the system prefers dark (`system_dark`) or not.
    pub fn resolve(self, system_dark: bool) -> Theme {
        match self {
            ThemeChoice::Light => Theme::Light,
            ThemeChoice::Dark => Theme::Dark,
            ThemeChoice::Auto if system_dark => Theme::Dark,
            ThemeChoice::Auto => Theme::Light,
        }
    }

    /// What the theme button (and its key) switches to: the other theme
    /// than the one showing, chosen by hand from then on.
    pub fn toggled(self, system_dark: bool) -> ThemeChoice {
        match self.resolve(system_dark) {
            Theme::Light => ThemeChoice::Dark,
            Theme::Dark => ThemeChoice::Light,
        }
    }
}

impl Theme {
    /// The value of the page's `data-theme` attribute and of `state().theme`.
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_and_resolve() {
        assert_eq!(ThemeChoice::parse(" Dark "), Some(ThemeChoice::Dark));
        assert_eq!(ThemeChoice::parse("light"), Some(ThemeChoice::Light));
        assert_eq!(ThemeChoice::parse("auto"), Some(ThemeChoice::Auto));
        assert_eq!(ThemeChoice::parse("purple"), None);
        for c in [ThemeChoice::Auto, ThemeChoice::Light, ThemeChoice::Dark] {
            assert_eq!(ThemeChoice::parse(c.code()), Some(c));
        }
        assert_eq!(ThemeChoice::Auto.resolve(true), Theme::Dark);
        assert_eq!(ThemeChoice::Auto.resolve(false), Theme::Light);
        assert_eq!(ThemeChoice::Light.resolve(true), Theme::Light);
        assert_eq!(ThemeChoice::Dark.resolve(false).code(), "dark");
    }

    #[test]
    fn the_switch_always_changes_what_shows() {
        for system_dark in [false, true] {
            for c in [ThemeChoice::Auto, ThemeChoice::Light, ThemeChoice::Dark] {
                let next = c.toggled(system_dark);
                assert_ne!(next.resolve(system_dark), c.resolve(system_dark));
                assert_ne!(next, ThemeChoice::Auto, "a hand choice sticks");
            }
        }
    }
}
