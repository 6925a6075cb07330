//! Wall time to virtual time: the speed setting and its logarithmic slider.
//!
//! The simulation never reads a clock. Each animation frame the page says how
//! much wall time passed; at speed `x` that becomes `x` times as much virtual
//! time. The default is slow enough to follow a single message with the eye.

use raft_sim::Time;

/// The slowest speed: a thousandth of real time.
pub const MIN_SPEED: f64 = 0.001;
/// The fastest: real time.
pub const MAX_SPEED: f64 = 1.0;
/// A message with the default 10–20 ms latency takes 0.2–0.4 s to cross
/// the stage, a heartbeat goes out every second, an election timer runs
/// 3–6 s: slow enough to follow, fast enough not to wait.
pub const DEFAULT_SPEED: f64 = 0.05;
/// The slider's positions run from 0 to this.
pub const SLIDER_STEPS: u32 = 120;
/// A frame longer than this (the tab was in the background, a debugger
/// stopped the page) counts as this long, so time never leaps.
pub const MAX_FRAME_MS: f64 = 100.0;

/// Keeps a speed within bounds; nonsense becomes the default.
pub fn clamp_speed(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        x.clamp(MIN_SPEED, MAX_SPEED)
    } else {
        DEFAULT_SPEED
    }
}

/// The speed at slider position `pos` (logarithmic: each step multiplies).
pub fn speed_at(pos: u32) -> f64 {
    let f = f64::from(pos.min(SLIDER_STEPS)) / f64::from(SLIDER_STEPS);
    clamp_speed(MIN_SPEED * (MAX_SPEED / MIN_SPEED).powf(f))
}

/// The slider position closest to speed `x`.
pub fn slider_at(x: f64) -> u32 {
    let x = clamp_speed(x);
    let f = (x / MIN_SPEED).ln() / (MAX_SPEED / MIN_SPEED).ln();
    (f * f64::from(SLIDER_STEPS))
        .round()
        .clamp(0.0, f64::from(SLIDER_STEPS)) as u32
}

/// One notch slower or faster, for the keyboard.
pub fn nudge(x: f64, faster: bool) -> f64 {
    let pos = slider_at(x);
    let step = SLIDER_STEPS / 12;
    let next = if faster {
        pos.saturating_add(step).min(SLIDER_STEPS)
    } else {
        pos.saturating_sub(step)
    };
    speed_at(next)
}

/// Turns wall-clock milliseconds into virtual microseconds, keeping the
/// fraction of a microsecond for the next frame so slow speeds still move.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clock {
    carry: f64,
}

impl Clock {
    /// The virtual microseconds that `wall_ms` of wall time is worth at `speed`.
    pub fn advance(&mut self, wall_ms: f64, speed: f64) -> Time {
        let wall = if wall_ms.is_finite() {
            wall_ms.clamp(0.0, MAX_FRAME_MS)
        } else {
            0.0
        };
        let micros = wall * 1_000.0 * clamp_speed(speed) + self.carry;
        let whole = micros.floor();
        self.carry = micros - whole;
        whole as Time
    }

    /// Forgets the carried fraction (after a seek or a pause).
    pub fn reset(&mut self) {
        self.carry = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slider_spans_min_to_max_and_round_trips() {
        assert!((speed_at(0) - MIN_SPEED).abs() < 1e-12);
        assert!((speed_at(SLIDER_STEPS) - MAX_SPEED).abs() < 1e-9);
        assert!((speed_at(SLIDER_STEPS + 50) - MAX_SPEED).abs() < 1e-9);
        for pos in 0..=SLIDER_STEPS {
            assert_eq!(slider_at(speed_at(pos)), pos);
        }
        // Logarithmic: the middle of the slider is the geometric mean.
        let mid = speed_at(SLIDER_STEPS / 2);
        assert!((mid - (MIN_SPEED * MAX_SPEED).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn speeds_are_clamped() {
        assert_eq!(clamp_speed(5.0), MAX_SPEED);
        assert_eq!(clamp_speed(1e-9), MIN_SPEED);
        assert_eq!(clamp_speed(-1.0), DEFAULT_SPEED);
        assert_eq!(clamp_speed(f64::NAN), DEFAULT_SPEED);
        assert_eq!(clamp_speed(f64::INFINITY), DEFAULT_SPEED);
        assert!((MIN_SPEED..=MAX_SPEED).contains(&DEFAULT_SPEED));
    }

    #[test]
    fn nudges_move_one_notch_and_stop_at_the_ends() {
        let faster = nudge(DEFAULT_SPEED, true);
        assert!(faster > DEFAULT_SPEED);
        assert!(nudge(faster, false) < faster);
        assert_eq!(nudge(MAX_SPEED, true), MAX_SPEED);
        assert!((nudge(MIN_SPEED, false) - MIN_SPEED).abs() < 1e-12);
    }

    #[test]
    fn wall_time_becomes_virtual_time_at_the_speed() {
        let mut clock = Clock::default();
        assert_eq!(clock.advance(16.0, 1.0), 16_000);
        assert_eq!(clock.advance(16.0, 0.05), 800);
        // Fractions carry over: half a microsecond per frame adds up.
        let mut total = 0;
        for _ in 0..10 {
            total += clock.advance(0.5, MIN_SPEED);
        }
        assert_eq!(total, 5);
        // A long stall counts as one capped frame.
        assert_eq!(clock.advance(5_000.0, 1.0), 100_000);
        assert_eq!(clock.advance(-3.0, 1.0), 0);
        assert_eq!(clock.advance(f64::NAN, 1.0), 0);
    }
}
