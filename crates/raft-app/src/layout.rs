//! Where things go on the stage: pure geometry in SVG user units.

/// The stage's coordinate system is a square, `0..STAGE_SIZE` on both axes;
/// the SVG `viewBox` scales it to whatever the page gives it.
pub const STAGE_SIZE: f64 = 600.0;

/// The radius of a server's circle.
pub const SERVER_RADIUS: f64 = 42.0;

/// The radius of the circle the servers sit on: as large as the stage allows
/// once room is left for a server and the caption under it.
pub const RING_RADIUS: f64 = STAGE_SIZE / 2.0 - SERVER_RADIUS - 46.0;

/// A point on the stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
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
    let angle = std::f64::consts::TAU * index as f64 / count as f64;
    Point {
        x: CENTRE.x + RING_RADIUS * angle.sin(),
        y: CENTRE.y - RING_RADIUS * angle.cos(),
    }
}

#[cfg(test)]
mod tests {
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
        // With two servers the second is straight below; from three on it
        // is to the right, so the numbering runs clockwise.
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
    fn nine_servers_and_their_captions_fit_without_touching() {
        let points: Vec<Point> = (0..9).map(|i| server_position(i, 9)).collect();
        // Neighbours keep a clear gap between their circles.
        assert!(distance(points[0], points[1]) > 3.0 * SERVER_RADIUS);
        for p in points {
            assert!(p.x - SERVER_RADIUS >= 0.0 && p.x + SERVER_RADIUS <= STAGE_SIZE);
            assert!(p.y - SERVER_RADIUS >= 0.0);
            // Two caption lines of text sit under each circle.
            assert!(p.y + SERVER_RADIUS + 40.0 <= STAGE_SIZE);
        }
    }

    #[test]
    fn a_lone_server_sits_in_the_middle() {
        assert_eq!(server_position(0, 1), CENTRE);
    }
}
