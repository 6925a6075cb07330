//! An append-only vector whose clones share their history.
//!
//! The checker's records (the committed log, the completed operations) grow
//! with the length of a run, and the timeline keeps dozens of clones of the
//! world for scrubbing. Full chunks are immutable and shared behind an `Arc`,
//! so a clone costs one pointer per chunk plus the unfinished tail, and an
//! hour of history does not take dozens of copies of memory.

use std::sync::Arc;

const CHUNK: usize = 1024;

#[derive(Clone, Debug)]
pub struct SharedVec<T> {
    chunks: Vec<Arc<Vec<T>>>,
    tail: Vec<T>,
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec {
            chunks: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<T> SharedVec<T> {
    pub fn len(&self) -> usize {
        self.chunks.len() * CHUNK + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        let c = i / CHUNK;
        match self.chunks.get(c) {
            Some(chunk) => chunk.get(i % CHUNK),
            None => self.tail.get(i - self.chunks.len() * CHUNK),
        }
    }

    pub fn last(&self) -> Option<&T> {
        self.tail
            .last()
            .or_else(|| self.chunks.last().and_then(|c| c.last()))
    }

    pub fn push(&mut self, value: T) {
        self.tail.push(value);
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            self.chunks.push(Arc::new(full));
        }
    }

    /// The number of leading elements for which `pred` holds (which must be
    /// true for a prefix and false after it), by binary search.
    pub fn partition_point(&self, pred: impl Fn(&T) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(v) if pred(v) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_vec_and_clones_share_chunks() {
        let mut v = SharedVec::default();
        let mut model = Vec::new();
        for i in 0..3000u64 {
            v.push(i * 2);
            model.push(i * 2);
        }
        assert_eq!(v.len(), model.len());
        for i in [0, 1, 1023, 1024, 2047, 2048, 2999] {
            assert_eq!(v.get(i), model.get(i));
        }
        assert_eq!(v.get(3000), None);
        assert_eq!(v.last(), model.last());
        assert_eq!(
            v.partition_point(|x| *x < 2500),
            model.partition_point(|x| *x < 2500)
        );
        assert!(v.iter().copied().eq(model.iter().copied()));
        let c = v.clone();
        assert!(Arc::ptr_eq(&c.chunks[0], &v.chunks[0]));
        let mut d = v.clone();
        d.push(1);
        assert_eq!(v.len(), 3000);
        assert_eq!(d.len(), 3001);
    }
}
