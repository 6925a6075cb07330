//! What the page is doing, with no browser in it: the model and its update
//! function, where a visit starts (URL parameters, share links, shipped
//! scenarios), the tour being taken, the keyboard's meaning, the speed, and
//! the JSON files it reads. Native tests cover all of it.

pub mod clock;
pub mod guide;
pub mod model;
pub mod params;
pub mod reading;
pub mod scenarios;
pub mod share;
pub mod shortcuts;
pub mod tour;
