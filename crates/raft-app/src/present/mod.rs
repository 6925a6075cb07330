//! How a state of the run is shown, as plain data: what the stage draws at
//! an instant ([`scene`]), where it goes ([`layout`]), its colours and
//! shapes ([`look`]), the words ([`i18n`], [`narrate`], [`errors`]), the
//! theme and presentation mode ([`display`]), what each panel sees of the
//! view ([`seen`]), what the two painted layers draw ([`msg_sprites`],
//! [`log_rows`]), and the paper's Figure 16 as the page draws it
//! ([`figure16`]). The components draw these; native tests check them.

pub mod display;
pub mod errors;
pub mod figure16;
pub mod i18n;
pub mod layout;
pub mod log_rows;
pub mod look;
pub mod msg_sprites;
pub mod narrate;
pub mod scene;
pub mod seen;
