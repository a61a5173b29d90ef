//! Session handles: numbers given out once each, looked up in a registry of live sessions, so
//! that a handle never made or already freed is an error (`INVALID_HANDLE`), not a pointer into
//! freed memory.
//!
//! Each session has its own lock, which serialises the calls made on it from several threads; the
//! registry's lock is held only to find or change an entry. A session freed while another thread
//! is inside a call on it lives until that call ends.

use crate::error::Failure;
use kooperacje::session::Session;
use kooperacje::ValidationError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The handle of a session. `0` is never one.
pub type KooperacjeSession = u64;

type Shared = Arc<Mutex<Session>>;

fn registry() -> MutexGuard<'static, HashMap<u64, Shared>> {
    static LIVE: OnceLock<Mutex<HashMap<u64, Shared>>> = OnceLock::new();
    // The registry's lock guards only inserts, lookups and removals, which cannot panic halfway;
    // a poisoned lock (a panic elsewhere while it was held) leaves the map whole.
    LIVE.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Registers a session and gives its new handle.
pub(crate) fn open(session: Session) -> KooperacjeSession {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let handle = NEXT.fetch_add(1, Ordering::Relaxed);
    registry().insert(handle, Arc::new(Mutex::new(session)));
    handle
}

/// Forgets a session; `INVALID_HANDLE` when it is not live.
pub(crate) fn close(handle: KooperacjeSession) -> Result<(), Failure> {
    let mut live = registry();
    let removed = live.remove(&handle);
    if live.is_empty() {
        // With no session open the library holds no memory: a leak checker run over a host that
        // freed every session finds nothing of the library's left.
        live.shrink_to_fit();
    }
    drop(live);
    removed
        .map(drop)
        .ok_or_else(|| ValidationError::InvalidHandle { handle }.into())
}

/// Runs `body` on a live session, holding its lock. A session whose earlier call panicked while
/// holding it refuses with `INTERNAL_ERROR`: it may be half-changed.
pub(crate) fn with<T>(
    handle: KooperacjeSession,
    body: impl FnOnce(&mut Session) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let shared = registry()
        .get(&handle)
        .cloned()
        .ok_or(ValidationError::InvalidHandle { handle })?;
    let mut session = shared.lock().map_err(|_| {
        Failure::internal(
            "an earlier call panicked while it held this session, which may be half-changed \
             and refuses further calls: free it and rebuild it from the stored events",
        )
    })?;
    body(&mut session)
}
