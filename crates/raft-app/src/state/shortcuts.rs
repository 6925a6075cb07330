//! The keyboard: one table of shortcuts, shown by `?` and used by the page's
//! key handler, so what the help says and what the keys do cannot drift.

use crate::present::i18n::K;

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    TogglePlay,
    Step,
    Slower,
    Faster,
    Back { long: bool },
    Forward { long: bool },
    ToStart,
    ToEnd,
    Select(u64),
    CrashOrRestart,
    PauseOrResume,
    TimeoutNow,
    Write,
    Transfer,
    Remove,
    AddServer,
    IsolateLeader,
    Split,
    Heal,
    InspectNext,
    DropInspected,
    Escape,
    Help,
    Language,
    FocusClient,
    Present,
    Theme,
}

/// A key press, as the browser reports it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct KeyInput {
    /// `KeyboardEvent.key`: "a", "A", " ", "ArrowLeft", "?", ...
    pub key: String,
    pub shift: bool,
    /// Ctrl, Alt or Meta: browser and system shortcuts, never ours.
    pub modifier: bool,
    /// Where the key was pressed.
    pub target: Target,
}

/// The kind of element that had the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Target {
    /// The page itself, a panel, a label: every shortcut applies.
    #[default]
    Page,
    /// A button or something acting as one: Space and Enter press it.
    Control,
    /// A text field or a list: typing is for it, only Escape is ours.
    Field,
}

/// One line of the help: the keys as shown, and what they do.
pub struct Shortcut {
    pub keys: &'static str,
    pub what: K,
}

/// The help's table, in the order it is shown.
pub const TABLE: &[Shortcut] = &[
    Shortcut {
        keys: "Space  K",
        what: K::KeyPlay,
    },
    Shortcut {
        keys: ".",
        what: K::KeyStep,
    },
    Shortcut {
        keys: "-  [",
        what: K::KeySlower,
    },
    Shortcut {
        keys: "+  ]",
        what: K::KeyFaster,
    },
    Shortcut {
        keys: "←",
        what: K::KeyBack,
    },
    Shortcut {
        keys: "→",
        what: K::KeyForward,
    },
    Shortcut {
        keys: "Home  End",
        what: K::KeyHome,
    },
    Shortcut {
        keys: "1 … 9",
        what: K::KeySelect,
    },
    Shortcut {
        keys: "C",
        what: K::KeyCrash,
    },
    Shortcut {
        keys: "P",
        what: K::KeyPause,
    },
    Shortcut {
        keys: "T",
        what: K::KeyTimeout,
    },
    Shortcut {
        keys: "W",
        what: K::KeyWrite,
    },
    Shortcut {
        keys: "L",
        what: K::KeyTransfer,
    },
    Shortcut {
        keys: "X",
        what: K::KeyRemove,
    },
    Shortcut {
        keys: "A",
        what: K::KeyAdd,
    },
    Shortcut {
        keys: "I",
        what: K::KeyIsolate,
    },
    Shortcut {
        keys: "S",
        what: K::KeySplit,
    },
    Shortcut {
        keys: "H",
        what: K::KeyHeal,
    },
    Shortcut {
        keys: "M",
        what: K::KeyMessage,
    },
    Shortcut {
        keys: "D  Delete",
        what: K::KeyDrop,
    },
    Shortcut {
        keys: "/",
        what: K::KeyFocus,
    },
    Shortcut {
        keys: "G",
        what: K::KeyLang,
    },
    Shortcut {
        keys: "F",
        what: K::KeyPresent,
    },
    Shortcut {
        keys: "N",
        what: K::KeyTheme,
    },
    Shortcut {
        keys: "Esc",
        what: K::KeyEscape,
    },
    Shortcut {
        keys: "?",
        what: K::KeyHelp,
    },
];

/// The command for a key press, if it is one of ours.
pub fn command(input: &KeyInput) -> Option<Command> {
    use Command::*;
    let key = input.key.as_str();
    if key == "Escape" {
        return Some(Escape);
    }
    if input.modifier || input.target == Target::Field {
        return None;
    }
    if input.target == Target::Control && matches!(key, " " | "Enter") {
        return None;
    }
    // Shortcut keys are ASCII; ASCII lowering needs no Unicode tables.
    let lower = key.to_ascii_lowercase();
    Some(match lower.as_str() {
        " " | "k" => TogglePlay,
        "." | ">" => Step,
        "-" | "_" | "[" => Slower,
        "+" | "=" | "]" => Faster,
        "arrowleft" => Back { long: input.shift },
        "arrowright" => Forward { long: input.shift },
        "home" => ToStart,
        "end" => ToEnd,
        "c" => CrashOrRestart,
        "p" => PauseOrResume,
        "t" => TimeoutNow,
        "w" => Write,
        "l" => Transfer,
        "x" => Remove,
        "a" => AddServer,
        "i" => IsolateLeader,
        "s" => Split,
        "h" => Heal,
        "m" => InspectNext,
        "d" | "delete" => DropInspected,
        "/" => FocusClient,
        "g" => Language,
        "f" => Present,
        "n" => Theme,
        "?" => Help,
        digit if digit.len() == 1 && ("1"..="9").contains(&digit) => {
            Select(u64::from(digit.as_bytes()[0] - b'0'))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> Option<Command> {
        command(&KeyInput {
            key: key.into(),
            ..KeyInput::default()
        })
    }

    #[test]
    fn the_basic_keys() {
        assert_eq!(press(" "), Some(Command::TogglePlay));
        assert_eq!(press("."), Some(Command::Step));
        assert_eq!(press("3"), Some(Command::Select(3)));
        assert_eq!(press("9"), Some(Command::Select(9)));
        assert_eq!(press("0"), None);
        assert_eq!(press("C"), Some(Command::CrashOrRestart), "capitals too");
        assert_eq!(press("?"), Some(Command::Help));
        assert_eq!(press("q"), None);
        let long = command(&KeyInput {
            key: "ArrowLeft".into(),
            shift: true,
            ..KeyInput::default()
        });
        assert_eq!(long, Some(Command::Back { long: true }));
    }

    #[test]
    fn fields_and_controls_keep_their_keys() {
        let typed = |key: &str, target| {
            command(&KeyInput {
                key: key.into(),
                target,
                ..KeyInput::default()
            })
        };
        assert_eq!(typed("c", Target::Field), None, "typing a command");
        assert_eq!(typed("Escape", Target::Field), Some(Command::Escape));
        assert_eq!(
            typed(" ", Target::Control),
            None,
            "Space presses the button"
        );
        assert_eq!(typed("Enter", Target::Control), None);
        assert_eq!(typed("c", Target::Control), Some(Command::CrashOrRestart));
        let ctrl_c = command(&KeyInput {
            key: "c".into(),
            modifier: true,
            ..KeyInput::default()
        });
        assert_eq!(ctrl_c, None, "Ctrl-C copies");
    }

    #[test]
    fn every_key_in_the_help_does_what_it_says() {
        // The first key of each line maps to a command, and no two lines share one.
        let mut seen = Vec::new();
        for line in TABLE {
            let first = line.keys.split_whitespace().next().unwrap();
            let key = match first {
                "Space" => " ",
                "←" => "ArrowLeft",
                "→" => "ArrowRight",
                "Esc" => "Escape",
                "Home" => "Home",
                other => other,
            };
            let c = press(key).unwrap_or_else(|| panic!("{} does nothing", line.keys));
            let kind = std::mem::discriminant(&c);
            assert!(!seen.contains(&kind), "{} repeats a command", line.keys);
            seen.push(kind);
        }
    }
}
