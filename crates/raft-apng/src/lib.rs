//! raft-apng: frames in, an animated PNG out. The export module
//! (`raft-export`, which the page loads only when someone exports) draws
//! each frame of a stretch of virtual time into a canvas and hands its RGBA
//! pixels here; the `png` crate writes the file. Plain Rust with no browser
//! in it, so it is tested natively.
//!
//! In order: [`Apng::new`], [`Apng::frame`] for each frame, [`Apng::finish`].

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// The largest frame side, in pixels: a 4K slide.
pub const MAX_SIDE: u32 = 4096;
/// The most frames an animation may have.
pub const MAX_FRAMES: u32 = 2_000;

/// Why an animation could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// Width, height, frame count or rate out of range.
    Size,
    /// More or fewer frames than announced, or no animation begun.
    Order,
    /// The `png` crate refused (it names why).
    Encode(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Size => write!(
                f,
                "the size (1 to {MAX_SIDE} pixels), frame count (1 to {MAX_FRAMES}) or rate (1 to 60) is out of range"
            ),
            Error::Order => f.write_str("more or fewer frames than announced"),
            Error::Encode(why) => f.write_str(why),
        }
    }
}

/// Where the encoder writes: a buffer it shares with [`Apng::finish`].
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An animated PNG being written.
pub struct Apng {
    writer: png::Writer<Sink>,
    out: Sink,
    frame_bytes: usize,
    left: u32,
}

fn encode_error(e: png::EncodingError) -> Error {
    Error::Encode(e.to_string())
}

impl Apng {
    /// An animation of `frames` RGBA frames of `width` x `height`, shown
    /// `fps` frames a second, looping.
    pub fn new(width: u32, height: u32, frames: u32, fps: u32) -> Result<Apng, Error> {
        let side = 1..=MAX_SIDE;
        if !side.contains(&width)
            || !side.contains(&height)
            || !(1..=MAX_FRAMES).contains(&frames)
            || !(1..=60).contains(&fps)
        {
            return Err(Error::Size);
        }
        let out = Sink::default();
        let mut encoder = png::Encoder::new(out.clone(), width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_animated(frames, 0).map_err(encode_error)?;
        encoder
            .set_frame_delay(1, fps as u16)
            .map_err(encode_error)?;
        let writer = encoder.write_header().map_err(encode_error)?;
        Ok(Apng {
            writer,
            out,
            frame_bytes: width as usize * height as usize * 4,
            left: frames,
        })
    }

    /// How many bytes one frame's RGBA pixels take.
    pub fn frame_bytes(&self) -> usize {
        self.frame_bytes
    }

    /// Adds the next frame: `rgba` holds exactly one frame's pixels.
    pub fn frame(&mut self, rgba: &[u8]) -> Result<(), Error> {
        if self.left == 0 || rgba.len() != self.frame_bytes {
            return Err(Error::Order);
        }
        self.writer.write_image_data(rgba).map_err(encode_error)?;
        self.left -= 1;
        Ok(())
    }

    /// The file, once every announced frame is in.
    pub fn finish(self) -> Result<Vec<u8>, Error> {
        if self.left != 0 {
            return Err(Error::Order);
        }
        self.writer.finish().map_err(encode_error)?;
        Ok(self.out.0.take())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(n: u8, w: u32, h: u32) -> Vec<Vec<u8>> {
        (0..n)
            .map(|k| {
                (0..w * h)
                    .flat_map(|i| [(i as u8).wrapping_mul(k + 1), k * 40, 200, 255])
                    .collect()
            })
            .collect()
    }

    fn encode(n: u8, w: u32, h: u32, fps: u32) -> Vec<u8> {
        let mut a = Apng::new(w, h, n as u32, fps).unwrap();
        for f in frames(n, w, h) {
            a.frame(&f).unwrap();
        }
        a.finish().unwrap()
    }

    #[test]
    fn frames_come_back_out_of_the_file() {
        let bytes = encode(3, 8, 5, 10);
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (8, 5));
        let control = info.animation_control().unwrap();
        assert_eq!((control.num_frames, control.num_plays), (3, 0));
        let mut buf = vec![0; reader.output_buffer_size()];
        for want in frames(3, 8, 5) {
            reader.next_frame(&mut buf).unwrap();
            assert_eq!(buf, want);
            let fc = reader.info().frame_control().unwrap();
            assert_eq!((fc.delay_num, fc.delay_den), (1, 10));
        }
    }

    #[test]
    fn the_same_frames_give_the_same_bytes() {
        assert_eq!(encode(4, 16, 16, 12), encode(4, 16, 16, 12));
    }

    #[test]
    fn bad_sizes_and_orders_are_refused() {
        assert_eq!(Apng::new(0, 5, 1, 10).err(), Some(Error::Size));
        assert_eq!(Apng::new(5, MAX_SIDE + 1, 1, 10).err(), Some(Error::Size));
        assert_eq!(Apng::new(5, 5, 0, 10).err(), Some(Error::Size));
        assert_eq!(Apng::new(5, 5, 1, 61).err(), Some(Error::Size));
        let mut a = Apng::new(2, 2, 1, 10).unwrap();
        assert_eq!(a.frame(&[0; 3]), Err(Error::Order), "a short frame");
        a.frame(&[0; 16]).unwrap();
        assert_eq!(a.frame(&[0; 16]), Err(Error::Order), "one too many");
        let b = Apng::new(2, 2, 2, 10).unwrap();
        assert_eq!(b.finish().err(), Some(Error::Order), "frames missing");
    }
}
