//! Memory: the allocator, and when it hands freed memory back to the
//! system.
//!
//! The `brygge` command installs mimalloc ([`Mimalloc`]) as its global
//! allocator (in `main.rs`, so that a program using this library keeps its
//! own): rendering makes many small, short-lived strings on every thread,
//! and glibc's malloc took about a sixth of a build's time in the profile.
//! It is built without transparent huge pages (Cargo feature `no_thp`):
//! the kernel's compaction for them made a build's system time
//! unpredictable. A one-shot command keeps what it
//! frees for reuse ([`keep_freed_memory`]); the preview, which runs all day,
//! hands it back after each rebuild ([`release_free_memory`]).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc as a global allocator. Allocations whose alignment every
/// mimalloc block already has (at most 16 bytes, and no more than their
/// size, as the system allocator's rule is) go to `mi_malloc` directly;
/// the `mimalloc` crate's allocator passes every one through the aligned
/// entry points, a few calls deeper, and a build makes millions.
pub struct Mimalloc;

/// The alignment of every mimalloc block of at least this size
/// (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// Whether a block of `size` bytes from `mi_malloc` has `align`.
fn is_plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: each method hands the layout's size (and alignment, where a
// plain block would not have it) to the matching mimalloc function, which
// returns null on failure as `GlobalAlloc` requires; blocks from either
// entry point are freed and resized by `mi_free` and `mi_realloc`.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if is_plain(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if is_plain(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (see the impl).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new
        // block keeps its alignment (see the impl).
        unsafe {
            if is_plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `mi_option_purge_delay` in mimalloc.h (v3): the milliseconds before
/// freed pages go back to the system; -1 never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory stays with the process until it ends: for `build` and
/// `check`, which would otherwise return pages to the system only to
/// fault them in again a moment later.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's global options; no pointers involved,
    // and options may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Hands memory freed by a rebuild back to the system, so that a preview
/// kept open all day does not keep the peak of its largest rebuild.
/// mimalloc collects per thread: on each of rayon's workers (which render
/// the pages) and on this thread. Does nothing when mimalloc is not the
/// allocator.
pub fn release_free_memory() {
    // SAFETY: asks mimalloc to free what it can on the calling thread; no
    // pointers involved.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_zeroed_and_keep_their_bytes_when_resized() {
        let allocator = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 12, 16, 17, 100, 4096, 1 << 20] {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: non-zero sizes; each block is used within its
                // size and freed once, with the layout it has.
                unsafe {
                    let zeroed = allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size}/{align}");
                    let bytes = std::slice::from_raw_parts(zeroed, size);
                    assert!(bytes.iter().all(|&b| b == 0), "zeroed {size}/{align}");
                    allocator.dealloc(zeroed, layout);
                    // Grown to three times the size, and shrunk to half.
                    for new_size in [size * 3, size.div_ceil(2)] {
                        let block = allocator.alloc(layout);
                        assert_eq!(block as usize % align, 0, "{size}/{align}");
                        for i in 0..size {
                            block.add(i).write(i as u8);
                        }
                        let moved = allocator.realloc(block, layout, new_size);
                        let what = format!("{size} -> {new_size} / {align}");
                        assert_eq!(moved as usize % align, 0, "{what}");
                        for i in 0..size.min(new_size) {
                            assert_eq!(moved.add(i).read(), i as u8, "byte {i} of {what}");
                        }
                        let new_layout =
                            Layout::from_size_align(new_size, align).expect("a layout");
                        allocator.dealloc(moved, new_layout);
                    }
                }
            }
        }
    }

    #[test]
    fn the_purge_option_is_mimallocs_purge_delay() {
        // The option's number is taken from mimalloc.h; its default in
        // mimalloc v3 (1000 ms, options.c) and the environment variable
        // that sets it tell that the number still names that option.
        // SAFETY: reads a global option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        let from_env = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        let expected = from_env.and_then(|v| v.parse().ok()).unwrap_or(1000);
        assert_eq!(delay, expected);
    }
}
