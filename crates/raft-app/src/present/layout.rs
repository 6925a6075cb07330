//! Where things go on the stage: pure geometry in SVG user units.

use crate::present::look::Dec;

/// The stage's coordinate system is a square, `0..STAGE_SIZE` on both axes;
/// the SVG `viewBox` scales it to whatever the page gives it.
pub const STAGE_SIZE: f64 = 600.0;

/// The radius of a server's disc.
pub const SERVER_RADIUS: f64 = 38.0;

/// The radius of the election timer's ring, just outside the disc.
pub const TIMER_RADIUS: f64 = SERVER_RADIUS + 11.0;

/// The radius of the circle the servers sit on: as large as the stage allows
/// once room is left for a server, its timer and the captions under it.
pub const RING_RADIUS: f64 = STAGE_SIZE / 2.0 - SERVER_RADIUS - 52.0;

/// How far apart the two directions of a link travel, so a message's lane
/// says which way it goes (traffic keeps to the right).
pub const LANE_OFFSET: f64 = 7.0;

/// A point on the stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Rounded to a tenth of a unit: finer than a pixel, and it keeps
    /// unchanged positions equal from frame to frame.
    pub fn snapped(self) -> Point {
        Point {
            x: (self.x * 10.0).round() / 10.0,
            y: (self.y * 10.0).round() / 10.0,
        }
    }

    fn towards(self, to: Point, distance: f64) -> Point {
        let (dx, dy) = (to.x - self.x, to.y - self.y);
        let len = dx.hypot(dy);
        if len < 1e-9 {
            return self;
        }
        Point {
            x: self.x + dx / len * distance,
            y: self.y + dy / len * distance,
        }
    }

    fn lerp(self, to: Point, f: f64) -> Point {
        Point {
            x: self.x + (to.x - self.x) * f,
            y: self.y + (to.y - self.y) * f,
        }
    }
}

/// The centre of the stage.
pub const CENTRE: Point = Point {
    x: STAGE_SIZE / 2.0,
    y: STAGE_SIZE / 2.0,
};

/// The centre of server number `index` (0-based) in a cluster of `count`.
///
/// The first server sits at twelve o'clock and the others follow clockwise,
/// evenly spaced, like the hours on a clock face (the way RaftScope and the
/// paper's figures draw a cluster). A lone server sits in the middle.
pub fn server_position(index: usize, count: usize) -> Point {
    if count <= 1 {
        return CENTRE;
    }
    let (sin, cos) = sin_cos_turns(index as f64 / count as f64);
    Point {
        x: CENTRE.x + RING_RADIUS * sin,
        y: CENTRE.y - RING_RADIUS * cos,
    }
}

/// Half the width and height of a client's box.
pub const CLIENT_HALF: (f64, f64) = (26.0, 16.0);

/// Where client number `index` (0-based) stands: in the corners, outside
/// the ring, bottom left first.
pub fn client_position(index: usize) -> Point {
    let m = 40.0;
    let far = STAGE_SIZE - m;
    match index % 4 {
        0 => Point::new(m, far),
        1 => Point::new(far, far),
        2 => Point::new(m, m),
        _ => Point::new(far, m),
    }
}

/// A message's path: from the edge of its sender to the edge of its
/// receiver, shifted to its side of the road.
pub fn message_path(from: Point, from_radius: f64, to: Point, to_radius: f64) -> (Point, Point) {
    let start = from.towards(to, from_radius);
    let end = to.towards(from, to_radius);
    let (dx, dy) = (end.x - start.x, end.y - start.y);
    let len = dx.hypot(dy).max(1e-9);
    // The right-hand normal of the direction of travel (y points down).
    let (nx, ny) = (-dy / len * LANE_OFFSET, dx / len * LANE_OFFSET);
    (
        Point::new(start.x + nx, start.y + ny),
        Point::new(end.x + nx, end.y + ny),
    )
}

/// How far along its path a message is at `now`, from 0 (sent) to 1 (arrived).
pub fn progress(sent_at: u64, deliver_at: u64, now: u64) -> f64 {
    if deliver_at <= sent_at {
        return 1.0;
    }
    let f = (now.saturating_sub(sent_at)) as f64 / (deliver_at - sent_at) as f64;
    f.clamp(0.0, 1.0)
}

/// Where a message is on its path at progress `f`, and where its tail ends
/// (a short stroke behind it that shows which way it goes).
/// `path` moved sideways by `d` (to the right of its direction): a second
/// copy of a message (the network duplicated it) flies beside the first
/// instead of hiding under it.
pub fn beside(path: (Point, Point), d: f64) -> (Point, Point) {
    let (dx, dy) = (path.1.x - path.0.x, path.1.y - path.0.y);
    let len = dx.hypot(dy);
    if len < 1e-9 || d == 0.0 {
        return path;
    }
    let (nx, ny) = (-dy / len * d, dx / len * d);
    (
        Point::new(path.0.x + nx, path.0.y + ny),
        Point::new(path.1.x + nx, path.1.y + ny),
    )
}

/// How far apart copies of one message fly.
pub const COPY_OFFSET: f64 = 9.0;

pub fn along(path: (Point, Point), f: f64, tail: f64) -> (Point, Point) {
    let at = path.0.lerp(path.1, f);
    let back = at.towards(path.0, tail);
    (at, back)
}

/// An SVG path for the part `fraction` (0..=1) of a circle of `radius`
/// around the origin, starting at twelve o'clock and running clockwise.
pub fn arc_path(radius: f64, fraction: f64) -> String {
    let f = fraction.clamp(0.0, 1.0);
    if f <= 0.0 {
        return String::new();
    }
    if f >= 0.9999 {
        // A full circle as two half arcs (one arc cannot end where it starts).
        return format!(
            "M0 {} A{} {} 0 1 1 0 {} A{} {} 0 1 1 0 {}",
            Dec(-radius, 2),
            Dec(radius, 2),
            Dec(radius, 2),
            Dec(radius, 2),
            Dec(radius, 2),
            Dec(radius, 2),
            Dec(-radius, 2)
        );
    }
    let (sin, cos) = sin_cos_turns(f);
    let (x, y) = (radius * sin, -radius * cos);
    let large = if f > 0.5 { 1 } else { 0 };
    format!(
        "M0 {} A{} {} 0 {} 1 {} {}",
        Dec(-radius, 2),
        Dec(radius, 2),
        Dec(radius, 2),
        large,
        Dec(x, 2),
        Dec(y, 2)
    )
}

/// How large a server's labels are drawn, in stage units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSize {
    /// The role label under (or over) the server.
    pub role: f64,
    /// The term badge inside the disc.
    pub badge: f64,
}

impl LabelSize {
    pub const NORMAL: LabelSize = LabelSize {
        role: 15.0,
        badge: 12.0,
    };
    /// Presentation mode: about 24 px on a 1080-line projector.
    pub const PRESENT: LabelSize = LabelSize {
        role: 17.0,
        badge: 16.5,
    };
}

/// Where a server's labels go: the role label (its centre), then the vote
/// tally's line, relative to the server's centre. They sit on the side
/// away from the ring's centre (below the lower half, above the upper),
/// where no message between servers passes.
pub fn label_places(at: Point, size: LabelSize) -> (Point, Point) {
    let below = at.y >= CENTRE.y - 1.0;
    let sign = if below { 1.0 } else { -1.0 };
    let role = TIMER_RADIUS + 5.0 + size.role * 0.6;
    let tally = role + size.role * 1.05;
    (Point::new(0.0, sign * role), Point::new(0.0, sign * tally))
}

/// About how wide `text` is in a font of `size` units: CJK characters are
/// square, digits and Latin letters a little over half as wide. For sizing
/// pills and checking that labels clear each other.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.62 })
        .sum::<f64>()
        * size
}

/// The term badge's pill: its half width and half height for `text`.
pub fn badge_half(text: &str, size: f64) -> (f64, f64) {
    ((text_width(text, size) + size) / 2.0, size * 0.75)
}

/// Where the `k`-th of `n` vote dots sits on the tally line, relative to the
/// line's centre; the count follows the dots.
pub fn vote_dot(k: usize, n: usize) -> Point {
    let gap = 11.0;
    let width = gap * (n.max(1) - 1) as f64;
    Point::new(-width / 2.0 + gap * k as f64 - 12.0, 0.0)
}

/// The midpoint of a link, where its two clickable halves meet.
pub fn midpoint(a: Point, b: Point) -> Point {
    a.lerp(b, 0.5)
}

/// Where the cross of a link cut toward `to` is drawn: near the end that
/// messages cannot reach.
pub fn cut_mark(from: Point, to: Point) -> Point {
    to.towards(from, SERVER_RADIUS + 26.0)
}

/// The sine and cosine of `turns` full turns (1.0 = 360°), to about 1e-11.
///
/// The drawing needs nothing more exact, and this keeps the standard
/// library's `sin`/`cos` (about 7 KB of wasm, mostly argument reduction for
/// huge angles) out of the page: a quarter-turn reduction, then Taylor
/// series on [-45°, 45°].
pub fn sin_cos_turns(turns: f64) -> (f64, f64) {
    let turns = if turns.is_finite() { turns } else { 0.0 };
    let quarters = (turns * 4.0).round();
    let r = (turns - quarters / 4.0) * std::f64::consts::TAU;
    let r2 = r * r;
    // Horner form of the series up to r^13 and r^12.
    let mut s = 1.0;
    let mut c = 1.0;
    for n in (1..=6).rev() {
        let k = 2.0 * n as f64;
        s = 1.0 - r2 / (k * (k + 1.0)) * s;
        c = 1.0 - r2 / (k * (k - 1.0)) * c;
    }
    let (s, c) = (r * s, c);
    match (quarters.rem_euclid(4.0)) as u8 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sin_cos_turns_matches_the_standard_library() {
        for i in -2000..=2000 {
            let turns = i as f64 / 997.0;
            let (sin, cos) = sin_cos_turns(turns);
            let angle = std::f64::consts::TAU * turns;
            assert!((sin - angle.sin()).abs() < 1e-11, "sin of {turns} turns");
            assert!((cos - angle.cos()).abs() < 1e-11, "cos of {turns} turns");
        }
        assert_eq!(sin_cos_turns(0.25), (1.0, 0.0));
        assert_eq!(sin_cos_turns(f64::NAN), (0.0, 1.0));
    }

    use super::*;

    fn distance(a: Point, b: Point) -> f64 {
        (a.x - b.x).hypot(a.y - b.y)
    }

    #[test]
    fn the_first_server_is_at_the_top_and_the_second_to_its_right() {
        for count in 2..=9 {
            let first = server_position(0, count);
            assert!((first.x - CENTRE.x).abs() < 1e-9);
            assert!(first.y < CENTRE.y);
        }
        assert!(server_position(1, 2).y > CENTRE.y);
        for count in 3..=9 {
            let second = server_position(1, count);
            assert!(second.x > CENTRE.x, "clockwise for {count}");
        }
    }

    #[test]
    fn servers_are_evenly_spaced_on_the_ring() {
        for count in 2..=9 {
            let points: Vec<Point> = (0..count).map(|i| server_position(i, count)).collect();
            let gap = distance(points[0], points[1]);
            for i in 0..count {
                assert!((distance(points[i], CENTRE) - RING_RADIUS).abs() < 1e-9);
                let next = points[(i + 1) % count];
                assert!((distance(points[i], next) - gap).abs() < 1e-9, "{count}");
            }
        }
    }

    #[test]
    fn nine_servers_their_timers_and_captions_fit_without_touching() {
        let points: Vec<Point> = (0..9).map(|i| server_position(i, 9)).collect();
        // Neighbours keep a clear gap between their timer rings.
        assert!(distance(points[0], points[1]) > 2.0 * TIMER_RADIUS + 20.0);
        for p in &points {
            assert!(p.x - TIMER_RADIUS >= 0.0 && p.x + TIMER_RADIUS <= STAGE_SIZE);
            assert!(p.y - TIMER_RADIUS >= 0.0);
            // The role caption and the vote tally sit outside each server.
            for size in [LabelSize::NORMAL, LabelSize::PRESENT] {
                let (role, tally) = label_places(*p, size);
                let y = p.y + tally.y;
                assert!(y - 6.0 >= 0.0 && y + 6.0 <= STAGE_SIZE, "{y}");
                assert!(role.y.abs() > TIMER_RADIUS + size.role / 2.0);
            }
        }
        // Clients in the corners stay clear of every server.
        for c in 0..4 {
            for p in &points {
                assert!(distance(client_position(c), *p) > TIMER_RADIUS + 40.0);
            }
        }
    }

    #[test]
    fn a_lone_server_sits_in_the_middle() {
        assert_eq!(server_position(0, 1), CENTRE);
    }

    #[test]
    fn messages_run_edge_to_edge_on_their_own_lane() {
        let a = Point::new(100.0, 300.0);
        let b = Point::new(500.0, 300.0);
        let (start, end) = message_path(a, SERVER_RADIUS, b, SERVER_RADIUS);
        assert!((start.x - (100.0 + SERVER_RADIUS)).abs() < 1e-9);
        assert!((end.x - (500.0 - SERVER_RADIUS)).abs() < 1e-9);
        // Going right (east) on screen, the right-hand side is below (south).
        assert!((start.y - (300.0 + LANE_OFFSET)).abs() < 1e-9);
        let (back_start, _) = message_path(b, SERVER_RADIUS, a, SERVER_RADIUS);
        assert!(
            (back_start.y - (300.0 - LANE_OFFSET)).abs() < 1e-9,
            "the way back is the other lane"
        );
    }

    #[test]
    fn progress_interpolates_between_send_and_delivery() {
        assert_eq!(progress(1_000, 3_000, 0), 0.0);
        assert_eq!(progress(1_000, 3_000, 1_000), 0.0);
        assert_eq!(progress(1_000, 3_000, 2_000), 0.5);
        assert_eq!(progress(1_000, 3_000, 3_000), 1.0);
        assert_eq!(progress(1_000, 3_000, 9_000), 1.0);
        assert_eq!(progress(5, 5, 5), 1.0, "no division by zero");
        let path = (Point::new(0.0, 0.0), Point::new(100.0, 0.0));
        let (at, tail) = along(path, 0.25, 10.0);
        assert_eq!(at, Point::new(25.0, 0.0));
        assert_eq!(
            tail,
            Point::new(15.0, 0.0),
            "the tail points back to the sender"
        );
    }

    #[test]
    fn arcs_start_at_the_top_and_run_clockwise() {
        assert_eq!(arc_path(10.0, 0.0), "");
        assert_eq!(arc_path(10.0, 0.25), "M0 -10 A10 10 0 0 1 10 0");
        assert!(arc_path(10.0, 0.75).contains(" 0 1 1 -10 "));
        let full = arc_path(10.0, 1.0);
        assert!(full.starts_with("M0 -10") && full.ends_with("0 -10"));
    }

    #[test]
    fn labels_sit_away_from_the_centre_and_badges_fit_their_text() {
        let top = server_position(0, 5);
        let bottom = server_position(2, 5);
        let size = LabelSize::NORMAL;
        assert!(
            label_places(top, size).0.y < 0.0,
            "above a server at the top"
        );
        assert!(
            label_places(bottom, size).0.y > 0.0,
            "below one at the bottom"
        );
        let (role, tally) = label_places(bottom, size);
        assert!(tally.y > role.y, "the tally line is further out");
        // A three-digit term fits its pill, in both languages.
        for text in ["term 999", "任期 999"] {
            let (half_w, _) = badge_half(text, size.badge);
            assert!(2.0 * half_w > text_width(text, size.badge));
        }
        assert!(
            text_width("任", 10.0) > text_width("t", 10.0),
            "CJK is wider"
        );
        let n = 5;
        let (first, last) = (vote_dot(0, n), vote_dot(n - 1, n));
        assert!(
            (first.x + last.x + 24.0).abs() < 1e-9,
            "dots, then the count"
        );
    }

    #[test]
    fn nine_servers_labels_clear_their_neighbours() {
        // The longest role name beside its neighbour's, at the same height.
        for size in [LabelSize::NORMAL, LabelSize::PRESENT] {
            let widest = text_width("pre-candidate", size.role);
            let points: Vec<Point> = (0..9).map(|i| server_position(i, 9)).collect();
            for i in 0..9 {
                let (a, b) = (points[i], points[(i + 1) % 9]);
                let (ra, rb) = (label_places(a, size).0, label_places(b, size).0);
                let (ya, yb) = (a.y + ra.y, b.y + rb.y);
                if (ya - yb).abs() < size.role * 1.2 {
                    assert!(
                        (a.x - b.x).abs() > widest + 4.0,
                        "S{} and S{}",
                        i + 1,
                        i + 2
                    );
                }
            }
        }
    }

    #[test]
    fn one_way_cut_marks_sit_near_the_unreachable_end() {
        let a = Point::new(100.0, 100.0);
        let b = Point::new(400.0, 100.0);
        assert!(distance(cut_mark(a, b), b) < distance(cut_mark(a, b), a));
        assert!(distance(cut_mark(b, a), a) < distance(cut_mark(b, a), b));
        assert_eq!(midpoint(a, b), Point::new(250.0, 100.0));
    }
}
