//! How many heap allocations verifying and parsing the benches' deposit
//! takes. Allocations are counted, not timed, so the figure is the same on
//! any machine; it guards the work that made parsing allocate less
//! (currency codes and short texts stored inline).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use alphapo::callbacks::Callback;
use alphapo_benches::callback_ways::Ways;

/// The system allocator, counting the allocations of the thread that asks.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counter is a thread-local `Cell` that never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: as for `dealloc`, and the caller's contract for the size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations `f` makes on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (ALLOCATIONS.with(Cell::get) - before, value)
}

#[test]
fn a_deposit_is_verified_and_parsed_with_six_allocations() {
    let ways = Ways::signed();
    let (count, verified) = allocations(|| ways.verify_and_parse().expect("verified"));
    let Callback::DepositExchange(deposit) = verified.callback() else {
        panic!("not a deposit with exchange: {:?}", verified.callback());
    };
    // The nine currency codes and the two references are inline.
    assert_eq!(deposit.currency_received.as_ref().unwrap().currency, "USD");
    assert_eq!(deposit.fees.len(), 2);
    // What still allocates: the three texts longer than 24 bytes (two
    // addresses and the txid), the `transactions` and `fees` arrays, and
    // the parser's list of the fields read before `type`.
    assert!(count <= 6, "{count} allocations (at most 6 expected)");
}

#[test]
fn the_signature_check_alone_allocates_nothing() {
    let ways = Ways::signed();
    let (count, result) = allocations(|| ways.verify_only());
    assert_eq!(result, Ok(()));
    assert_eq!(count, 0);
}
