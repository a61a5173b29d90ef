//! Decoding a long log on several threads while its events are applied in order: the one
//! implementation behind every host's bulk replay (the store's replay of a database, Python's
//! load of a JSON-lines file).
//!
//! Decoding JSON is most of the cost of a replay and can be done on any thread; applying must
//! happen in log order on one state. So the calling thread reads the log in blocks and deals them
//! round robin to decoder threads, and applies what comes back in the order it was read: block
//! `i` goes to decoder `i % workers` and returns through that decoder's own channel. The first
//! bad block, in log order, ends the replay; nothing after it is applied.
//!
//! Buffers go round instead of being freed (blocks back to the reader, vectors of decoded items
//! back to the decoders): fresh memory is dear on some machines, where the kernel zeroes every
//! new page.
//!
//! Not in WebAssembly builds, which have no threads.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// How many blocks each decoder may hold (queued or in work) before the reader waits: enough to
/// keep it busy, few enough to bound memory.
const DEPTH: usize = 2;

/// Work for a decoder: a block and an emptied vector to decode it into.
type Work<B, T> = (B, Vec<T>);
/// A decoder's answer: the block back, and its items or its error.
type Done<B, T, D> = (B, Result<Vec<T>, D>);

/// Replays a log with `workers` decoder threads (none: everything on the calling thread).
///
/// - `read` fills a block (handed in emptied or as left by the last use: it clears it) with the
///   next part of the log, on the calling thread; it returns `false` when the log has ended.
/// - `decode` turns a block into items (in order, into the emptied vector it is given), on a
///   decoder thread; its error is the block's.
/// - `apply` takes each block's items, or its decode error, in log order, on the calling thread.
///   Its error, or `read`'s, ends the replay.
///
/// Returns when every block read has been applied, or at the first error.
pub fn replay_in_order<B, T, D, E>(
    workers: usize,
    mut read: impl FnMut(&mut B) -> Result<bool, E>,
    decode: impl Fn(&B, &mut Vec<T>) -> Result<(), D> + Sync,
    mut apply: impl FnMut(Result<&mut Vec<T>, D>) -> Result<(), E>,
) -> Result<(), E>
where
    B: Default + Send,
    T: Send,
    D: Send,
{
    if workers == 0 {
        let (mut block, mut items) = (B::default(), Vec::new());
        while read(&mut block)? {
            items.clear();
            let decoded = decode(&block, &mut items);
            apply(decoded.map(|()| &mut items))?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let mut to_decoders: Vec<SyncSender<Work<B, T>>> = Vec::with_capacity(workers);
        let mut from_decoders: Vec<Receiver<Done<B, T, D>>> = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (work_tx, work_rx) = sync_channel::<Work<B, T>>(DEPTH);
            let (done_tx, done_rx) = sync_channel::<Done<B, T, D>>(DEPTH);
            let decode = &decode;
            // A decoder stops when the reader stops sending, or when nobody listens any more.
            scope.spawn(move || {
                for (block, mut items) in work_rx {
                    items.clear();
                    let decoded = decode(&block, &mut items).map(|()| items);
                    if done_tx.send((block, decoded)).is_err() {
                        break;
                    }
                }
            });
            to_decoders.push(work_tx);
            from_decoders.push(done_rx);
        }
        let mut spare_blocks: Vec<B> = Vec::new();
        let mut spare_items: Vec<Vec<T>> = Vec::new();
        let (mut sent, mut applied) = (0usize, 0usize);
        // Applies the next block in log order, waiting for it; its buffers become spares.
        let mut apply_next = |applied: &mut usize,
                              spare_blocks: &mut Vec<B>,
                              spare_items: &mut Vec<Vec<T>>|
         -> Result<(), E> {
            let (block, decoded) = from_decoders[*applied % workers]
                .recv()
                .expect("a decoder answers every block it was sent");
            *applied += 1;
            spare_blocks.push(block);
            match decoded {
                Ok(mut items) => {
                    let result = apply(Ok(&mut items));
                    spare_items.push(items);
                    result
                }
                Err(e) => apply(Err(e)),
            }
        };
        loop {
            if sent - applied == workers * DEPTH {
                apply_next(&mut applied, &mut spare_blocks, &mut spare_items)?;
            }
            let mut block = spare_blocks.pop().unwrap_or_default();
            if !read(&mut block)? {
                break;
            }
            let items = spare_items.pop().unwrap_or_default();
            to_decoders[sent % workers]
                .send((block, items))
                .expect("a decoder listens until its channel closes");
            sent += 1;
        }
        drop(to_decoders);
        while applied < sent {
            apply_next(&mut applied, &mut spare_blocks, &mut spare_items)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log of numbers in blocks of `per_block`, decoded by parsing, applied by summing in order.
    fn run(workers: usize, log: &[&str], per_block: usize) -> Result<Vec<u64>, String> {
        let mut next = 0;
        let mut seen = Vec::new();
        replay_in_order(
            workers,
            |block: &mut Vec<String>| {
                block.clear();
                while next < log.len() && block.len() < per_block {
                    block.push(log[next].to_owned());
                    next += 1;
                }
                Ok(!block.is_empty())
            },
            |block, out: &mut Vec<u64>| -> Result<(), usize> {
                for (i, line) in block.iter().enumerate() {
                    out.push(line.parse::<u64>().map_err(|_| i)?);
                }
                Ok(())
            },
            |decoded| match decoded {
                Ok(items) => {
                    seen.append(items);
                    Ok(())
                }
                Err(i) => Err(format!("bad item {} of block", i)),
            },
        )?;
        Ok(seen)
    }

    #[test]
    fn items_are_applied_in_log_order_with_any_number_of_workers() {
        let log: Vec<String> = (0..10_000).map(|n| n.to_string()).collect();
        let log: Vec<&str> = log.iter().map(String::as_str).collect();
        let expected: Vec<u64> = (0..10_000).collect();
        for workers in [0, 1, 2, 3, 4, 7] {
            for per_block in [1, 3, 64, 20_000] {
                assert_eq!(run(workers, &log, per_block), Ok(expected.clone()));
            }
        }
    }

    #[test]
    fn the_first_bad_block_in_log_order_ends_the_replay() {
        let mut log: Vec<String> = (0..1_000).map(|n| n.to_string()).collect();
        log[505] = "x".into();
        log[900] = "y".into();
        let log: Vec<&str> = log.iter().map(String::as_str).collect();
        for workers in [0, 1, 2, 4] {
            // Blocks of 10: the bad item is the sixth of block 50; block 90 is never reported.
            assert_eq!(
                run(workers, &log, 10),
                Err("bad item 5 of block".into()),
                "{workers} workers"
            );
        }
    }

    #[test]
    fn an_error_of_the_reader_or_the_applier_stops_the_replay() {
        for workers in [0, 2] {
            let mut reads = 0;
            let result = replay_in_order(
                workers,
                |block: &mut u32| {
                    reads += 1;
                    *block = reads;
                    if reads == 30 {
                        Err("read failed")
                    } else {
                        Ok(true)
                    }
                },
                |block, out: &mut Vec<u32>| {
                    out.push(*block);
                    Ok::<(), ()>(())
                },
                |_| Ok(()),
            );
            assert_eq!(result, Err("read failed"));
            let mut applied: Vec<u32> = Vec::new();
            let result = replay_in_order(
                workers,
                |block: &mut u32| {
                    *block += 1;
                    Ok(true)
                },
                |block, out: &mut Vec<u32>| {
                    out.push(*block);
                    Ok::<(), ()>(())
                },
                |items| {
                    applied.extend(items.expect("no decode error").iter());
                    if applied.len() == 12 {
                        Err("apply failed")
                    } else {
                        Ok(())
                    }
                },
            );
            assert_eq!(result, Err("apply failed"));
            assert_eq!(applied.len(), 12);
        }
    }
}
