<?php
// SPDX-License-Identifier: EUPL-1.2
//
// kooperacje through the PHP wrapper (FFI) against the ZZK lifecycle written as a plain PHP class
// (LifecycleMachine.php), on the same work:
//
// 1. per command: the families' commands of the core's sample lifecycle (21 a family) through
//    Session->execute(json), after the PZK's own commands (untimed), and through the peer's
//    transitions (each command decoded before timing); best of REPEATS runs;
// 2. bulk replay: the core's sample municipality (JSON lines, ~15 events a family) into a
//    registry of the ZZKs, by kooperacje (the file's bytes given at once to Session->loadJsonl
//    of a session that keeps no events; then the registry and indicators as
//    JSON text; the time json_decode then takes on the registry text is shown apart, with the
//    ratio it gives) and by the peer (fgets, json_decode, one Family per ZZK). Both must give the
//    same number of ZZKs in each stage, in all and among the appointed ones (the registry), and
//    the same team sizes and suspensions, else the run fails (exit 1).
//
// Prints the figures and the ratio (target: kooperacje >= 5x faster); never asserts timings.
// Writes the figures as "name value" lines to RESULTS for scripts/bench-c's summary.
// Usage: php bench.php LIFECYCLE.json MUNICIPALITY.jsonl RESULTS (scripts/bench-c makes them).

declare(strict_types=1);

namespace Kooperacje\Bench;

use Kooperacje\Library;
use Kooperacje\Session;

// The wrapper's classes; the library it loads is KOOPERACJE_LIB's (scripts/bench-c: a release build).
require __DIR__ . '/../autoload.php';
require __DIR__ . '/LifecycleMachine.php';

const REPEATS = 5;
const BULK_REPEATS = 2;
const TARGET = 5.0;
const PARTNERSHIP = 'pzk-sample';
const AS_OF = '2026-12-31';
const JSON_OUT = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR;

/** @var array<string, float> the figures for RESULTS */
$results = [];

function row(string $label, string $figure): void
{
    printf("  %-40s%s\n", $label, $figure);
}

/** Seconds since an hrtime(true) reading. */
function since(int $start): float
{
    return (hrtime(true) - $start) / 1e9;
}

function best(int $repeats, callable $run): float
{
    $best = INF;
    for ($i = 0; $i < $repeats; $i++) {
        $best = min($best, $run());
    }
    return $best;
}

/** A command as JSON text with its fields in the core's order, `type` first (as the quick start
 * writes it and the Rust overhead bench sends it): the sample file's keys are sorted, which puts
 * `type` last and costs the core's decoder about 1 µs a command for buffering the fields before
 * it knows the command. Objects stay objects (decoded as stdClass: `{}` is not `[]`). */
function coreOrder(\stdClass $envelope): string
{
    $command = (object) (['type' => $envelope->command->type] + get_object_vars($envelope->command));
    return json_encode(['at' => $envelope->at, 'actor' => $envelope->actor, 'command' => $command], JSON_OUT);
}

// 1. Per command.

function perCommand(string $lifecycleFile, array &$results): void
{
    $text = file_get_contents($lifecycleFile);
    $objects = json_decode($text, false, 512, JSON_THROW_ON_ERROR);
    $partnership = array_map(coreOrder(...), $objects->partnership);
    $texts = array_map(coreOrder(...), $objects->families);
    $acts = array_map(Act::fromCommand(...), json_decode($text, true, 512, JSON_THROW_ON_ERROR)['families']);
    $n = count($texts);

    $ours = function () use ($partnership, $texts): float {
        $session = new Session();
        foreach ($partnership as $c) {
            $session->execute($c);
        }
        $start = hrtime(true);
        foreach ($texts as $c) {
            $session->execute($c);
        }
        $seconds = since($start);
        $session->close();
        return $seconds;
    };
    $theirs = function () use ($acts): float {
        $registry = new Registry();
        $start = hrtime(true);
        foreach ($acts as $act) {
            $registry->handle($act);
        }
        $seconds = since($start);
        $stages = array_unique(array_map(fn (Family $f) => $f->stage->value, $registry->families));
        if (array_values($stages) !== ['closed']) {
            throw new \LogicException('the peer did not close every family: ' . implode(', ', $stages));
        }
        return $seconds;
    };
    $oursUs = best(REPEATS, $ours) / $n * 1e6;
    $theirsUs = best(REPEATS, $theirs) / $n * 1e6;

    printf("\nPer command: %s families x 21 commands = %s commands (best of %d; the peer's decoded before timing)\n",
        number_format(intdiv($n, 21)), number_format($n), REPEATS);
    row('kooperacje, Session->execute(json)', sprintf('%8.2f µs/command', $oursUs));
    row('PHP peer, LifecycleMachine->fire', sprintf('%8.2f µs/command', $theirsUs));
    row('peer / kooperacje', sprintf('%8.2fx', $theirsUs / $oursUs));
    $results['execute_us'] = $oursUs;
    $results['peer_us'] = $theirsUs;
}

// 2. Bulk replay.

/** How many in each stage, sorted by stage.
 * @param iterable<string> $stages */
function countStages(iterable $stages): array
{
    $counts = [];
    foreach ($stages as $stage) {
        $counts[$stage] = ($counts[$stage] ?? 0) + 1;
    }
    ksort($counts, SORT_STRING);
    return $counts;
}

function show(array $counts): string
{
    return '{' . implode(', ', array_map(fn ($k, $v) => "$k: $v", array_keys($counts), $counts)) . '}';
}

/** Loads the whole log (the file's bytes, as a vendor reads a file) into a session that keeps no
 * events, then reads its registry and indicators. */
function ours(string $path): array
{
    $start = hrtime(true);
    $session = new Session(false);
    $events = $session->loadJsonl(file_get_contents($path) ?: throw new \RuntimeException("cannot read $path"));
    $registryText = $session->registry(PARTNERSHIP, null);
    $indicatorsText = $session->indicators(PARTNERSHIP, AS_OF);
    $session->close();
    $seconds = since($start);
    $start = hrtime(true);
    $registry = json_decode($registryText, true, 512, JSON_THROW_ON_ERROR);
    $parseSeconds = since($start);

    $stages = array_filter(json_decode($indicatorsText, true, 512, JSON_THROW_ON_ERROR)['zzks_by_stage']);
    ksort($stages, SORT_STRING);
    return [
        'seconds' => $seconds,
        'parse_seconds' => $parseSeconds,
        'events' => $events,
        'zzks' => array_sum($stages),
        'stages' => $stages,
        'appointed_stages' => countStages(array_column($registry, 'stage')),
        'members' => array_sum(array_column($registry, 'members')),
        'suspensions' => array_sum(array_column($registry, 'suspensions')),
    ];
}

function theirs(string $path): array
{
    $start = hrtime(true);
    $rows = Registry::replayJsonl($path)->rows();
    $seconds = since($start);
    $appointed = array_filter($rows, fn (array $r) => $r['appointed_on'] !== null);
    return [
        'seconds' => $seconds,
        'zzks' => count($rows),
        'stages' => countStages(array_column($rows, 'stage')),
        'appointed_stages' => countStages(array_column($appointed, 'stage')),
        'members' => array_sum(array_column($appointed, 'members')),
        'suspensions' => array_sum(array_column($appointed, 'suspensions')),
    ];
}

function bulkReplay(string $path, array &$results): bool
{
    $a = $b = null;
    for ($i = 0; $i < BULK_REPEATS; $i++) {
        $run = ours($path);
        if ($a === null || $run['seconds'] < $a['seconds']) {
            $a = $run;
        }
        gc_collect_cycles();
    }
    for ($i = 0; $i < BULK_REPEATS; $i++) {
        $run = theirs($path);
        if ($b === null || $run['seconds'] < $b['seconds']) {
            $b = $run;
        }
        gc_collect_cycles();
    }
    $rate = fn (float $s) => sprintf('%8.2f s %12s events/s', $s, number_format($a['events'] / $s));
    $ratio = $b['seconds'] / $a['seconds'];
    printf("\nBulk replay: %s families, %s events (JSON lines) into a registry (best of %d)\n",
        number_format($a['zzks']), number_format($a['events']), BULK_REPEATS);
    row('kooperacje loadJsonl + registry (text)', $rate($a['seconds']));
    row('  then the registry parsed (json_decode)', sprintf('%8.2f s', $a['parse_seconds']));
    row('PHP peer (json_decode + LifecycleMachine)', $rate($b['seconds']));
    row('peer / kooperacje', sprintf('%8.1fx (target ≥ %gx: %s)', $ratio, TARGET, $ratio >= TARGET ? 'met' : 'NOT met'));
    row('  with the registry parsed', sprintf('%8.1fx', $b['seconds'] / ($a['seconds'] + $a['parse_seconds'])));
    $results['bulk_events'] = $a['events'];
    $results['bulk_ours_s'] = $a['seconds'];
    $results['bulk_peer_s'] = $b['seconds'];
    $results['bulk_ratio'] = $ratio;
    $results['bulk_parse_s'] = $a['parse_seconds'];

    $mismatches = [];
    if ($a['zzks'] !== $b['zzks']) {
        $mismatches[] = "kooperacje has {$a['zzks']} ZZKs, the peer {$b['zzks']}";
    }
    if ($a['stages'] !== $b['stages']) {
        $mismatches[] = "stage counts differ:\n  kooperacje " . show($a['stages']) . "\n  peer       " . show($b['stages']);
    }
    if ($a['appointed_stages'] !== $b['appointed_stages']) {
        $mismatches[] = "stage counts of the registry (appointed ZZKs) differ:\n  kooperacje "
            . show($a['appointed_stages']) . "\n  peer       " . show($b['appointed_stages']);
    }
    foreach (['members' => 'team members', 'suspensions' => 'suspensions'] as $key => $what) {
        if ($a[$key] !== $b[$key]) {
            $mismatches[] = "$what: kooperacje {$a[$key]}, the peer {$b[$key]}";
        }
    }
    foreach ($mismatches as $m) {
        fwrite(STDERR, "\n!!! MISMATCH: $m\n");
    }
    if ($mismatches !== []) {
        return false;
    }
    printf("  check: %s ZZKs each (%s appointed, %s team members, %s suspensions), the same stage counts: %s\n",
        number_format($a['zzks']), number_format(array_sum($a['appointed_stages'])), number_format($a['members']),
        number_format($a['suspensions']), show($a['stages']));
    return true;
}

if ($argc !== 4) {
    fwrite(STDERR, "usage: php bench.php LIFECYCLE.json MUNICIPALITY.jsonl RESULTS\n");
    exit(2);
}
printf("kooperacje %s (C interface, PHP wrapper over FFI) against a plain PHP class (PHP %s, JIT %s)\n",
    Library::version(), PHP_VERSION, function_exists('opcache_get_status') && (opcache_get_status()['jit']['on'] ?? false) ? 'on' : 'off');
perCommand($argv[1], $results);
$agree = bulkReplay($argv[2], $results);
file_put_contents($argv[3], implode('', array_map(fn ($k, $v) => "$k $v\n", array_keys($results), $results)));
exit($agree ? 0 : 1);
