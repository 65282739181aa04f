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
    each_on_its_thread(sample_ranges(samples), work)
}

/// `0..samples` split in consecutive ranges, one per core when there are
/// enough samples to pay for a thread.
pub fn sample_ranges(samples: usize) -> Vec<Range<usize>> {
    let threads = threads_for(samples, MIN_SAMPLES_PER_THREAD);
    let chunk = samples.div_ceil(threads).max(1);
    (0..threads)
        .map(|i| (i * chunk).min(samples)..((i + 1) * chunk).min(samples))
        .collect()
}

/// Runs `work` on each input, each on a thread of its own (a single one on
/// this thread), and returns the results in input order.
pub fn each_on_its_thread<I: Send, T: Send>(
    inputs: Vec<I>,
    work: impl Fn(I) -> T + Sync,
) -> Vec<T> {
    if inputs.len() <= 1 {
        return inputs.into_iter().map(work).collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = inputs
            .into_iter()
            .map(|input| scope.spawn(move || work(input)))
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
    let threads = threads_for(items.len(), MIN_ITEMS_PER_THREAD);
    let chunk = items.len().div_ceil(threads).max(1);
    each_on_its_thread(items.chunks(chunk).collect(), work)
}

/// One thread per core, as long as each gets at least `min_per_thread` of
/// the `count` items; at least one.
fn threads_for(count: usize, min_per_thread: usize) -> usize {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    cores.min(count / min_per_thread).max(1)
}
