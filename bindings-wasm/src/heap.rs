//! The module's allocator: dlmalloc, as the standard library's on wasm32, but asking the engine
//! for memory in large steps.
//!
//! The standard library's dlmalloc grows the linear memory 64 KiB at a time. Each `memory.grow` is
//! a call into the engine, which makes a new `ArrayBuffer` for the memory and counts it towards
//! its garbage collector's external memory, so a bulk replay that builds a large state spent a
//! quarter of its time growing memory and collecting garbage in V8 (measured: 100,000 families,
//! 7.4 s on a fresh instance against 4.8 s on one whose memory had already grown). Here memory
//! grows by at least an eighth of its size (a few dozen steps to a gigabyte); pages that are
//! never touched cost nothing but address space.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 64 * 1024;

/// Grows the linear memory for dlmalloc, geometrically.
struct Grow;

// SAFETY: `alloc` returns pages that `memory.grow` has just added, which nothing else uses; the
// other methods release nothing (wasm memory never shrinks), as the standard library's do.
unsafe impl dlmalloc::Allocator for Grow {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let needed = size.div_ceil(PAGE);
        let step = needed.max(wasm32::memory_size(0) / 8);
        let mut pages = step;
        let mut prev = wasm32::memory_grow(0, pages);
        if prev == usize::MAX && step > needed {
            pages = needed;
            prev = wasm32::memory_grow(0, pages);
        }
        if prev == usize::MAX {
            return (ptr::null_mut(), 0, 0);
        }
        ((prev * PAGE) as *mut u8, pages * PAGE, 0)
    }
    fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
        ptr::null_mut()
    }
    fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
        false
    }
    fn free(&self, _: *mut u8, _: usize) -> bool {
        false
    }
    fn can_release_part(&self, _: u32) -> bool {
        false
    }
    fn allocates_zeros(&self) -> bool {
        true
    }
    fn page_size(&self) -> usize {
        PAGE
    }
}

struct Heap(UnsafeCell<dlmalloc::Dlmalloc<Grow>>);

// SAFETY: wasm32 without the atomics feature has one thread.
unsafe impl Sync for Heap {}

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(
    Grow,
)));

// SAFETY: one thread (above), so the allocator's state is never used by two calls at once.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}
