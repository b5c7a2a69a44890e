//! Memory: when the allocator hands freed memory back to the system.
//!
//! The `brygge` command installs mimalloc as its global allocator (in
//! `main.rs`, so that a program using this library keeps its own): rendering makes many small,
//! short-lived strings on every thread, and glibc's malloc took about a
//! sixth of a build's time in the profile. It is built without transparent
//! huge pages (Cargo feature `no_thp`): the kernel's compaction for them made
//! a build's system time unpredictable. A one-shot command keeps what it
//! frees for reuse ([`keep_freed_memory`]); the preview, which runs all day,
//! hands it back after each rebuild ([`release_free_memory`]).

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
