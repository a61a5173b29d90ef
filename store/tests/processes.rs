//! Real processes against one file: a writer SIGKILLed at random moments, and two writers racing
//! on one ZZK. The test binary re-runs itself as the child (an `#[ignore]`d test selected by name
//! with an environment variable), so no extra binary is built or installed.

mod common;

use common::{family_commands, log, partnership_commands};
use kooperacje::EventEnvelope;
use kooperacje_store::{Batch, OpenOptions, Store};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 24;
const APPENDS_PER_ROUND: usize = 1_000;

/// The log every crash-test writer writes, in the same order: enough for every round to finish.
fn intended() -> Vec<EventEnvelope> {
    log(ROUNDS * APPENDS_PER_ROUND * 3 / 22 + 10)
}

fn child(test: &str, env: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn opts(create: bool) -> OpenOptions {
    OpenOptions {
        create,
        busy_timeout: Duration::from_secs(10),
        ..OpenOptions::default()
    }
}

/// Child of the crash test: appends the next events of [`intended`] in chunks of 1–5 events,
/// 1,000 appends, printing "ack N" after each commit returns (N = the new head).
#[test]
#[ignore = "run by crash_safety_under_sigkill as a child process"]
fn crash_writer() {
    let Ok(path) = std::env::var("KOOPERACJE_CRASH_DB") else {
        return;
    };
    let events = intended();
    let mut store = Store::open(&path, &opts(true)).unwrap();
    let mut at = store.head().unwrap() as usize;
    let mut out = std::io::stdout().lock();
    let mut rng = at as u64 * 7 + 1;
    for _ in 0..APPENDS_PER_ROUND {
        rng = xorshift(rng);
        let n = 1 + (rng % 5) as usize;
        let chunk = &events[at..at + n];
        let mut expected = Vec::new();
        for e in chunk {
            let s = e.event.stream();
            if !expected.iter().any(|(x, _)| x == &s) {
                let v = store.stream_version(&s).unwrap();
                expected.push((s, v));
            }
        }
        let done = store.append_checked(&expected, chunk).unwrap();
        at = done.last_seq as usize;
        writeln!(out, "ack {}", done.last_seq).unwrap();
        out.flush().unwrap();
    }
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[test]
fn crash_safety_under_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let events = intended();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut killed_mid_run = 0;
    for round in 0..ROUNDS {
        rng = xorshift(rng);
        // Kill after a random number of acknowledged appends, plus a random few microseconds so
        // the signal lands at any point of the next transaction.
        let kill_after = 1 + (rng % (APPENDS_PER_ROUND as u64 - 1)) as usize;
        let delay = Duration::from_micros(rng % 400);
        let mut writer = child(
            "crash_writer",
            &[("KOOPERACJE_CRASH_DB", path.to_str().unwrap())],
        );
        let stdout = writer.stdout.take().unwrap();
        let mut acked = 0u64;
        let mut acks = 0usize;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.split("ack ").nth(1) {
                acked = n.parse().unwrap();
                acks += 1;
            }
            if acks == kill_after {
                std::thread::sleep(delay);
                writer.kill().unwrap();
                break;
            }
        }
        let status = writer.wait().unwrap();
        if !status.success() {
            killed_mid_run += 1;
        }
        let store = Store::open(&path, &opts(false))
            .unwrap_or_else(|e| panic!("round {round}: the database does not open: {e}"));
        let verification = store.verify(|_, _| {}).unwrap();
        assert!(verification.ok(), "round {round}: {verification:?}");
        let stored = store.events().unwrap();
        assert!(
            stored.len() as u64 >= acked,
            "round {round}: acknowledged {acked}, found {}",
            stored.len()
        );
        assert_eq!(
            stored[..],
            events[..stored.len()],
            "round {round}: the log is not a prefix of what was written"
        );
    }
    assert!(
        killed_mid_run >= 20,
        "only {killed_mid_run} of {ROUNDS} writers were killed before finishing"
    );
}

fn wait_for(path: &Path) {
    let t = Instant::now();
    while !path.exists() {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "{path:?} never appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Child of the two-writer test: loads the state, decides the next command of family 0, says it
/// is ready, waits for the start signal, then commits and prints the outcome's code.
#[test]
#[ignore = "run by two_processes_appending_to_one_zzk as a child process"]
fn racing_writer() {
    let Ok(path) = std::env::var("KOOPERACJE_RACE_DB") else {
        return;
    };
    let dir = PathBuf::from(std::env::var("KOOPERACJE_RACE_DIR").unwrap());
    let name = std::env::var("KOOPERACJE_RACE_NAME").unwrap();
    let mut store = Store::open(&path, &opts(false)).unwrap();
    let mut loaded = store.load(|_, _| {}).unwrap();
    let cmds = family_commands(0);
    let mut batch = Batch::new(&loaded);
    batch.execute(&cmds[cmds.len() - 6]).unwrap();
    std::fs::write(dir.join(format!("ready-{name}")), b"").unwrap();
    wait_for(&dir.join("go"));
    let outcome = match store.commit(&mut loaded, batch) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.code().to_owned(),
    };
    println!("outcome {outcome}");
}

#[test]
fn two_processes_appending_to_one_zzk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let mut store = Store::open(&path, &opts(true)).unwrap();
    let mut loaded = store.load(|_, _| {}).unwrap();
    let family = family_commands(0);
    for c in partnership_commands()
        .iter()
        .chain(&family[..family.len() - 6])
    {
        store.execute(&mut loaded, c).unwrap();
    }
    let head = store.head().unwrap();
    let d = dir.path().to_str().unwrap();
    let p = path.to_str().unwrap();
    let writers: Vec<Child> = ["a", "b"]
        .iter()
        .map(|name| {
            child(
                "racing_writer",
                &[
                    ("KOOPERACJE_RACE_DB", p),
                    ("KOOPERACJE_RACE_DIR", d),
                    ("KOOPERACJE_RACE_NAME", name),
                ],
            )
        })
        .collect();
    wait_for(&dir.path().join("ready-a"));
    wait_for(&dir.path().join("ready-b"));
    std::fs::write(dir.path().join("go"), b"").unwrap();
    let mut outcomes: Vec<String> = writers
        .into_iter()
        .map(|w| {
            let out = w.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                // libtest may print "test racing_writer ... " on the same line first.
                .find_map(|l| l.split("outcome ").nth(1).map(str::to_owned))
                .expect("the child printed no outcome")
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, ["STORE_CONFLICT", "ok"]);
    let store = Store::open(&path, &opts(false)).unwrap();
    assert!(store.verify(|_, _| {}).unwrap().ok());
    let mut expected = kooperacje::State::new();
    let mut produced = 0;
    for c in partnership_commands()
        .iter()
        .chain(&family[..family.len() - 5])
    {
        produced += expected.execute(c).unwrap().len();
    }
    assert_eq!(store.head().unwrap(), produced as u64);
    assert!(store.head().unwrap() > head);
    assert_eq!(store.load(|_, _| {}).unwrap().state, expected);
}

/// Child of the registry test: loads the state, decides the appointment of family `N`'s ZZK (the
/// next registry number, as the other child does for its family), says it is ready, waits for
/// the start signal, then commits and prints the outcome's code.
#[test]
#[ignore = "run by two_processes_appointing_two_zzks as a child process"]
fn appointing_writer() {
    let Ok(path) = std::env::var("KOOPERACJE_RACE_DB") else {
        return;
    };
    let dir = PathBuf::from(std::env::var("KOOPERACJE_RACE_DIR").unwrap());
    let family: usize = std::env::var("KOOPERACJE_RACE_FAMILY")
        .unwrap()
        .parse()
        .unwrap();
    let mut store = Store::open(&path, &opts(false)).unwrap();
    let mut loaded = store.load(|_, _| {}).unwrap();
    let mut batch = Batch::new(&loaded);
    batch.execute(&family_commands(family)[6]).unwrap();
    std::fs::write(dir.join(format!("ready-{family}")), b"").unwrap();
    wait_for(&dir.join("go"));
    let outcome = match store.commit(&mut loaded, batch) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.code().to_owned(),
    };
    println!("outcome {outcome}");
}

/// Two hosts load the same database and each appoints a different ZZK: both decide registry
/// number 1. The number is the PZK's, and its entry is written to the PZK's stream, so one of
/// the two appends conflicts instead of both being accepted with the same number.
#[test]
fn two_processes_appointing_two_zzks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let mut store = Store::open(&path, &opts(true)).unwrap();
    let mut loaded = store.load(|_, _| {}).unwrap();
    for c in partnership_commands()
        .iter()
        .chain(&family_commands(0)[..6])
        .chain(&family_commands(1)[..6])
    {
        store.execute(&mut loaded, c).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let p = path.to_str().unwrap();
    let writers: Vec<Child> = ["0", "1"]
        .iter()
        .map(|family| {
            child(
                "appointing_writer",
                &[
                    ("KOOPERACJE_RACE_DB", p),
                    ("KOOPERACJE_RACE_DIR", d),
                    ("KOOPERACJE_RACE_FAMILY", family),
                ],
            )
        })
        .collect();
    wait_for(&dir.path().join("ready-0"));
    wait_for(&dir.path().join("ready-1"));
    std::fs::write(dir.path().join("go"), b"").unwrap();
    let mut outcomes: Vec<String> = writers
        .into_iter()
        .map(|w| {
            let out = w.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .find_map(|l| l.split("outcome ").nth(1).map(str::to_owned))
                .expect("the child printed no outcome")
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, ["STORE_CONFLICT", "ok"]);
    // The loser loads again and appoints its ZZK under the next number.
    let mut store = Store::open(&path, &opts(false)).unwrap();
    let mut loaded = store.load(|_, _| {}).unwrap();
    for family in 0..2 {
        let cmd = &family_commands(family)[6];
        if loaded.state.zzks[&kooperacje::ZzkId::from(format!("z{family}").as_str())]
            .appointment
            .is_none()
        {
            store.execute(&mut loaded, cmd).unwrap();
        }
    }
    let p = &loaded.state.partnerships[&kooperacje::PartnershipId::from("pzk")];
    let numbers: Vec<(u32, &str)> = p.registry.iter().map(|(n, z)| (*n, z.as_str())).collect();
    assert_eq!(numbers.len(), 2);
    assert_eq!(numbers[0].0, 1);
    assert_eq!(numbers[1].0, 2);
    assert_ne!(numbers[0].1, numbers[1].1);
    assert!(store.verify(|_, _| {}).unwrap().ok());
    // And the log, replayed through the core's admission, gives the same state.
    let mut replayed = kooperacje::State::new();
    for e in store.events().unwrap() {
        replayed.admit_and_apply(&e).unwrap();
    }
    assert_eq!(replayed, loaded.state);
}
