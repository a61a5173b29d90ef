//! The guard every binding runs its entry points in: a panic (a bug of the library) becomes
//! `INTERNAL_ERROR` instead of crossing into the host's runtime — and says nothing on the host's
//! standard error. Rust's default panic hook prints the message (and, with `RUST_BACKTRACE`, a
//! backtrace) before the panic can be caught, into the log of whatever program embeds the
//! library; a caught panic is already reported to the caller as an error, so inside the guard the
//! hook stays quiet. Outside any guard the previous hook (the host's, or Rust's default) runs as
//! before.

use crate::error::Error;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many guards this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `body`; a panic in it is caught and given back as [`Error::Internal`]
/// (`INTERNAL_ERROR`, with the panic's message), and prints nothing.
pub fn catch_quietly<R>(body: impl FnOnce() -> R) -> Result<R, Error> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(body));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| Error::from_panic(&*payload))
}

/// The tests' panic trigger of a binding: armed by a test, it makes the binding's next guarded call
/// on this thread panic inside its guard, so the binding's tests can check that every entry point
/// turns a panic into `INTERNAL_ERROR`. Compiled only into test builds (debug, or the feature
/// `test-hooks`); in a release build [`fire`](test_trigger::fire) is nothing.
pub mod test_trigger {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    thread_local! {
        static ARMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Arms (`true`) or disarms (`false`) the trigger; returns whether it was armed.
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    pub fn arm(armed: bool) -> bool {
        ARMED.replace(armed)
    }

    /// Panics, once, if armed.
    #[inline(always)]
    pub fn fire() {
        #[cfg(any(debug_assertions, feature = "test-hooks"))]
        if ARMED.replace(false) {
            panic!("a panic requested by a test");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static PRINTED: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn a_caught_panic_is_an_internal_error_and_prints_nothing() {
        // The hook a host (or Rust's default) had before: it counts what would be printed.
        panic::set_hook(Box::new(|_| {
            PRINTED.fetch_add(1, Ordering::SeqCst);
        }));
        let err = catch_quietly(|| -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(err.code(), "INTERNAL_ERROR");
        assert!(err.to_string().contains("boom"), "{err}");
        assert_eq!(catch_quietly(|| 7).unwrap(), 7);
        assert_eq!(PRINTED.load(Ordering::SeqCst), 0, "the guard kept quiet");
        // Outside the guard, a panic still reaches the previous hook.
        let _ = std::thread::spawn(|| panic!("outside")).join();
        assert_eq!(PRINTED.load(Ordering::SeqCst), 1);
    }
}
