//! Splitting a pass over the samples between the machine's cores.

use std::ops::Range;

/// Below this many samples one thread is faster than starting more.
const MIN_SAMPLES_PER_THREAD: usize = 50_000;

/// The same for a scan of chosen samples (one function's): a thread costs
/// tens of microseconds, about what a few thousand samples take.
const MIN_ITEMS_PER_THREAD: usize = 5_000;

/// Runs `work` on consecutive ranges of `0..samples`, one per core, and
/// returns the results in range order.
pub fn over_samples<T: Send>(samples: usize, work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let threads = cores.min(samples / MIN_SAMPLES_PER_THREAD).max(1);
    if threads == 1 {
        return vec![work(0..samples)];
    }
    let chunk = samples.div_ceil(threads);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..threads)
            .map(|i| scope.spawn(move || work(i * chunk..((i + 1) * chunk).min(samples))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a profile pass panicked"))
            .collect()
    })
}

/// Runs `work` on consecutive slices of `items` (samples), one per core
/// when they are enough to pay for a thread.
pub fn over_chunks<T: Send, I: Sync>(items: &[I], work: impl Fn(&[I]) -> T + Sync) -> Vec<T> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let threads = cores.min(items.len() / MIN_ITEMS_PER_THREAD).max(1);
    if threads == 1 {
        return vec![work(items)];
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a profile pass panicked"))
            .collect()
    })
}
