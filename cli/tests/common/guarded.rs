//! Runs the `kooperacje` binary as a child that cannot take the machine down with it: an
//! address-space limit (an allocation beyond it fails, and the child aborts) and a time limit
//! (then it is killed). Reports the child's wall time and peak resident memory, so tests and
//! benchmarks can print what reading a hostile file cost. The limits are guards for a machine
//! shared by several builds, far above what any command needs, not figures to meet.
//!
//! The peak is the kernel's high-water mark of the child's own memory (`VmHWM` in
//! `/proc/PID/status`), read when the child is about to exit: it runs traced (`PTRACE_TRACEME`)
//! and stops there (`PTRACE_O_TRACEEXIT`) with its memory still mapped. Where tracing is not
//! allowed, the mark is read every millisecond while it runs, which misses what a short run takes
//! in its last moment. (`getrusage`/`wait4` would count the memory of the forked copy of this test
//! process too, which a child keeps in its `ru_maxrss` across `exec`.)

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Seek};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::ptr::null_mut;
use std::time::{Duration, Instant};

/// The address space a guarded child may map: 2 GiB.
pub const ADDRESS_SPACE: u64 = 2 << 30;
/// How long a guarded child may run.
pub const TIME: Duration = Duration::from_secs(60);

/// What a guarded run gave.
pub struct Outcome {
    /// The exit code; `None` when a signal ended it (an abort, or the kill after [`TIME`]).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall time.
    pub seconds: f64,
    /// Peak resident memory, in MiB.
    pub peak_mib: f64,
    /// Whether it was killed for running longer than [`TIME`].
    pub timed_out: bool,
}

fn spawn(
    exe: &str,
    args: &[&OsStr],
    out: &std::fs::File,
    err: &std::fs::File,
    traced: bool,
) -> std::io::Result<Child> {
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env_remove("KOOPERACJE_DB")
        .env_remove("KOOPERACJE_LOCK_TIMEOUT")
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(err.try_clone()?);
    // SAFETY: setrlimit and ptrace are async-signal-safe and touch no memory of the parent.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE as libc::rlim_t,
                rlim_max: ADDRESS_SPACE as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if traced
                && libc::ptrace(
                    libc::PTRACE_TRACEME,
                    0,
                    null_mut::<libc::c_void>(),
                    null_mut::<libc::c_void>(),
                ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.spawn()
}

/// Runs `exe` with `args` under the guards.
pub fn run<I, S>(exe: &str, args: I) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    // Files, not pipes: nothing to drain while it runs.
    let mut stdout = tempfile::tempfile().expect("a temporary file");
    let mut stderr = tempfile::tempfile().expect("a temporary file");
    let started = Instant::now();
    let (child, mut traced) = match spawn(exe, &args, &stdout, &stderr, true) {
        Ok(child) => (child, true),
        Err(_) => (
            spawn(exe, &args, &stdout, &stderr, false).expect("the CLI starts"),
            false,
        ),
    };
    let pid = child.id() as libc::pid_t;
    let mut timed_out = false;
    let mut peak_kib = 0u64;
    let status = loop {
        let mut status = 0;
        // SAFETY: waits for our own child, writing its status into the local above.
        let done = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        assert!(done >= 0, "waitpid: {}", std::io::Error::last_os_error());
        if done == pid && libc::WIFSTOPPED(status) {
            let event = status >> 16;
            let signal = match libc::WSTOPSIG(status) {
                // The stop after exec: from now on, stop again before exiting.
                libc::SIGTRAP if event == 0 => {
                    // SAFETY: our traced child, stopped.
                    let set = unsafe {
                        libc::ptrace(
                            libc::PTRACE_SETOPTIONS,
                            pid,
                            null_mut::<libc::c_void>(),
                            (libc::PTRACE_O_TRACEEXIT | libc::PTRACE_O_EXITKILL) as usize
                                as *mut libc::c_void,
                        )
                    };
                    traced = set == 0;
                    0
                }
                // About to exit, its memory still there.
                libc::SIGTRAP if event == libc::PTRACE_EVENT_EXIT => {
                    peak_kib = peak_kib.max(high_water_kib(pid).unwrap_or(0));
                    0
                }
                // Any other signal goes on to the child (an abort, say).
                other => other,
            };
            // SAFETY: our traced child, stopped; resumed with the signal it stopped for.
            unsafe {
                libc::ptrace(
                    libc::PTRACE_CONT,
                    pid,
                    null_mut::<libc::c_void>(),
                    signal as usize as *mut libc::c_void,
                )
            };
            continue;
        }
        if done == pid {
            break status;
        }
        if !traced {
            peak_kib = peak_kib.max(high_water_kib(pid).unwrap_or(0));
        }
        if !timed_out && started.elapsed() > TIME {
            timed_out = true;
            // SAFETY: signals our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let seconds = started.elapsed().as_secs_f64();
    drop(child);
    let text = |file: &mut std::fs::File| {
        let mut bytes = Vec::new();
        file.rewind().expect("the output is read");
        file.read_to_end(&mut bytes).expect("the output is read");
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Outcome {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: text(&mut stdout),
        stderr: text(&mut stderr),
        seconds,
        peak_mib: peak_kib as f64 / 1024.0,
        timed_out,
    }
}

/// The high-water mark of a process's resident memory (`VmHWM`), in KiB; `None` once it has
/// released its memory.
fn high_water_kib(pid: libc::pid_t) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
