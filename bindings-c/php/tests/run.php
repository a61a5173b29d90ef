<?php

/*
 * The PHP wrapper's tests, without PHPUnit (no downloads on this project's machines): the public
 * methods of WrapperTests found by reflection, in order, each in try/catch. A method `test…` is
 * one test, named by the first line of its doc comment; a method `cases…` returns named tests
 * (one per scenario file). Prints TAP ("ok N - name", then "# pass N" and "# fail N", which
 * scripts/test counts) and exits non-zero on a failure.
 *
 *   php tests/run.php [ROOT [OUT]]     (ROOT: the repository; OUT: the conformance directory)
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use Kooperacje\Driver;
use Kooperacje\KooperacjeConflictException;
use Kooperacje\KooperacjeDecodeException;
use Kooperacje\KooperacjeException;
use Kooperacje\KooperacjeInternalException;
use Kooperacje\KooperacjeInvalidException;
use Kooperacje\KooperacjeNotFoundException;
use Kooperacje\KooperacjeStoreException;
use Kooperacje\Library;
use Kooperacje\Session;

/** A check that did not hold. */
final class Failed extends \Exception
{
}

function check(bool $ok, string $what): void
{
    if (!$ok) {
        throw new Failed($what);
    }
}

/** The exception a call throws (fails when it throws none). */
function thrown(callable $call): KooperacjeException
{
    try {
        $call();
    } catch (KooperacjeException $e) {
        return $e;
    }
    throw new Failed('no exception was thrown');
}

/** A driver over a fresh session, as a host writes one; counts the commands it carried out. */
final class SessionDriver implements Driver
{
    public Session $session;
    public int $executed = 0;

    public function __construct()
    {
        $this->session = new Session();
    }

    public function execute(string $commandJson): string
    {
        $this->executed++;
        return $this->session->execute($commandJson);
    }

    public function state(): string
    {
        return $this->session->stateJson();
    }
}

final class WrapperTests
{
    public function __construct(private readonly string $root, private readonly string $out)
    {
    }

    /** @return list<string> the scenario files */
    private function scenarios(): array
    {
        return glob("$this->root/tests/scenarios/*.json");
    }

    /** The fixtures argument of the runner: {"<file stem>": <file>, ...}. */
    private function fixtures(): string
    {
        $all = [];
        foreach (glob("$this->root/tests/scenarios/fixtures/*.json") as $file) {
            $all[basename($file, '.json')] = json_decode(file_get_contents($file), false, 512, JSON_THROW_ON_ERROR);
        }
        return json_encode($all, JSON_THROW_ON_ERROR);
    }

    /** A session with the quick start's operating PZK. */
    private function operating(): Session
    {
        return Session::fromJsonl(file_get_contents("$this->root/tests/quickstart/pzk.jsonl"));
    }

    private static function need(string $zzk): string
    {
        return json_encode(['at' => '2026-04-01T09:00:00Z', 'actor' => 'u-0012', 'command' => [
            'type' => 'report_need', 'zzk_id' => $zzk, 'partnership_id' => 'pzk-1',
            'client' => ['kind' => 'family', 'household' => ["os-$zzk"], 'group_kind' => null],
            'social_worker' => 'u-0012']]);
    }

    /** Writes a conformance result and compares it byte for byte with Rust's when that is there. */
    private function conform(string $name, string $text): void
    {
        @mkdir($this->out, 0777, true);
        file_put_contents("$this->out/$name.json", $text);
        $reference = "$this->root/target/conformance/rust/$name.json";
        if (is_file($reference)) {
            check(file_get_contents($reference) === $text, "$name differs from the Rust reference");
        }
    }

    /** there are at least twenty scenarios */
    public function testScenariosFound(): void
    {
        check(count($this->scenarios()) >= 20, count($this->scenarios()) . ' scenarios');
    }

    /** @return array<string, callable> one test per scenario file: the library's runner over a PHP driver */
    public function casesScenarios(): array
    {
        $cases = [];
        foreach ($this->scenarios() as $file) {
            $name = basename($file, '.json');
            $cases["scenario $name"] = function () use ($file, $name): void {
                $driver = new SessionDriver();
                $result = Library::runScenario(file_get_contents($file), $this->fixtures(), $driver);
                check($result->passed(), implode("\n", $result->failures));
                check($driver->executed > 0, 'the PHP driver carried out no command');
                check(json_decode($result->canonical)->name === $name, "the name is not the file's stem");
                $this->conform($name, $result->canonical);
            };
        }
        return $cases;
    }

    /** the basket sheet: imported into pzk-1, exported, written */
    public function testBasketSheet(): void
    {
        $driver = new SessionDriver();
        $scene = Library::runScenario('{"name": "basket_sheet", "given": ["operating_pzk"], "steps": []}', $this->fixtures(), $driver);
        check($scene->passed(), implode("\n", $scene->failures));
        $model = $driver->session;
        $before = $model->eventCount();
        $sheet = file_get_contents("$this->root/tests/formats/basket_sheet.csv");
        $report = $model->basketImport('pzk-1', $sheet, 'csv', '2026-03-10T10:00:00Z', 'ops-head', null, true);
        $r = json_decode($report, true);
        check([$r['added'], $r['revised'], $r['status_changed'], $r['unchanged']] === [1, 2, 1, 2], "counts: $report");
        check($model->eventCount() === $before + 5, 'five events kept');
        $rows = $model->basketExport('pzk-1', 'json');
        $hsds = $model->basketExport('pzk-1', 'hsds');
        $again = json_decode($model->basketImport('pzk-1', $sheet, 'csv', '2026-03-10T10:00:00Z', 'ops-head', null, true), true);
        check($again['unchanged'] === 6 && $again['added'] === 0, 'a second import changed something');
        check(str_starts_with($model->basketExport('pzk-1', 'xlsx'), 'PK'), 'Excel is not a zip');
        check(thrown(fn () => $model->basketExport('pzk-1', 'ods'))->code() === 'UNKNOWN_FORMAT', 'UNKNOWN_FORMAT');
        check(thrown(fn () => $model->basketExport('pzk-9', 'csv'))->code() === 'PARTNERSHIP_NOT_FOUND', 'PARTNERSHIP_NOT_FOUND');
        $this->conform('basket_sheet', Library::canonicalJson("{\"report\": $report, \"sheet\": $rows, \"hsds\": $hsds}"));
    }

    /** bad rows without leave to skip them change nothing */
    public function testInvalidRows(): void
    {
        $model = $this->operating();
        $before = $model->stateJson();
        $sheet = file_get_contents("$this->root/tests/formats/basket_sheet.csv");
        $e = thrown(fn () => $model->basketImport('pzk-1', $sheet, 'csv', '2026-03-10T10:00:00Z', 'ops-head'));
        check($e instanceof KooperacjeInvalidException && $e->code() === 'INVALID_ROWS', get_class($e) . ' ' . $e->code());
        check(str_contains($e->messagePl(), 'wiersz 8'), $e->messagePl());
        check($model->stateJson() === $before, 'the state changed');
    }

    /** a wrong expectation is reported by the runner */
    public function testWrongExpectation(): void
    {
        foreach ($this->scenarios() as $file) {
            $text = file_get_contents($file);
            if (preg_match('/"error"\s*:\s*"[A-Z_]+"/', $text)) {
                $broken = preg_replace('/"error"\s*:\s*"[A-Z_]+"/', '"error": "SOMETHING_ELSE"', $text, 1);
                $result = Library::runScenario($broken, $this->fixtures(), new SessionDriver());
                check(count($result->failures) === 1 && str_contains($result->failures[0], 'unexpected error'), implode("\n", $result->failures));
                return;
            }
        }
        throw new Failed('no scenario expects an error');
    }

    /** a driver that throws fails the scenario with INTERNAL_ERROR, nothing unwinds into the library */
    public function testThrowingDriver(): void
    {
        $broken = new class implements Driver {
            public function execute(string $commandJson): string
            {
                throw new \LogicException('driver bug 4711');
            }

            public function state(): string
            {
                return '{}';
            }
        };
        $result = Library::runScenario(file_get_contents($this->scenarios()[0]), $this->fixtures(), $broken);
        $all = implode("\n", $result->failures);
        check(!$result->passed() && str_contains($all, 'INTERNAL_ERROR') && str_contains($all, 'driver bug 4711'), $all);
    }

    /** a driver may run a scenario itself: each run answers with its own driver */
    public function testNestedRuns(): void
    {
        $fixtures = $this->fixtures();
        $inner = [];
        $outer = new class ($fixtures, $inner) implements Driver {
            private SessionDriver $own;

            /** @param list<bool> $inner whether each inner run passed */
            public function __construct(private readonly string $fixtures, private array &$inner)
            {
                $this->own = new SessionDriver();
            }

            public function execute(string $commandJson): string
            {
                $scene = Library::runScenario('{"name": "inner", "given": ["operating_pzk"], "steps": []}', $this->fixtures, new SessionDriver());
                $this->inner[] = $scene->passed() && str_contains($scene->canonical, 'pzk-1');
                return $this->own->execute($commandJson);
            }

            public function state(): string
            {
                return $this->own->state();
            }
        };
        $result = Library::runScenario(file_get_contents($this->scenarios()[0]), $fixtures, $outer);
        check($result->passed(), implode("\n", $result->failures));
        check($inner !== [] && !in_array(false, $inner, true), 'an inner run failed');
    }

    /** every kind of the catalogue has its own exception class */
    public function testKindsHaveClasses(): void
    {
        $catalogue = json_decode(Library::catalogueJson(), true);
        $kinds = array_unique(array_column($catalogue['errors'], 'kind'));
        check(count($kinds) >= 9, 'kinds: ' . implode(', ', $kinds));
        $seen = [];
        foreach ($kinds as $kind) {
            $e = KooperacjeException::of('X', $kind, 'a', 'm', 'p');
            check(get_class($e) !== KooperacjeException::class, "kind $kind has no class of its own");
            check($e->kind() === $kind, "kind $kind");
            $seen[get_class($e)] = true;
        }
        check(count($seen) === count($kinds), 'two kinds share a class');
        // `store` is a kind no call of this library gives (it keeps no store), yet a class of its own.
        check(KooperacjeException::of('X', 'store', 'a', 'm', 'p') instanceof KooperacjeStoreException, 'store');
    }

    /** an unknown ZZK is not_found ZZK_NOT_FOUND with the Polish message */
    public function testNotFound(): void
    {
        $model = $this->operating();
        $e = thrown(fn () => $model->execute('{"at": "2026-04-02T09:00:00Z", "actor": "u-0012",'
            . ' "command": {"type": "establish_helping_relationship", "zzk_id": "zzk-nikt"}}'));
        check($e instanceof KooperacjeNotFoundException, get_class($e) . ' ' . $e->code());
        check($e->code() === 'ZZK_NOT_FOUND' && $e->getCode() === 'ZZK_NOT_FOUND' && $e->kind() === 'not_found', $e->code());
        check($e->area() !== '' && $e->index() === null && $e->line() === null, 'area, index, line');
        check(str_contains($e->messagePl(), 'Nie znaleziono') && $e->messagePl() !== $e->getMessage(), $e->messagePl());
        check(thrown(fn () => $model->zzkJson('zzk-nikt'))->code() === 'ZZK_NOT_FOUND', 'zzkJson');
    }

    /** malformed JSON is a decode error MALFORMED_JSON */
    public function testMalformedJson(): void
    {
        $e = thrown(fn () => $this->operating()->execute('{"at": '));
        check($e instanceof KooperacjeDecodeException && $e->code() === 'MALFORMED_JSON', get_class($e) . ' ' . $e->code());
        check($e->messagePl() !== '', 'no Polish message');
    }

    /** a refused command changes nothing; decide never changes the session */
    public function testRefusedCommand(): void
    {
        $model = $this->operating();
        $model->execute(self::need('zzk-a'));
        $before = $model->stateJson();
        $count = $model->eventCount();
        $e = thrown(fn () => $model->execute(self::need('zzk-a')));
        check($e->code() === 'DUPLICATE_ID' && $e instanceof KooperacjeConflictException, $e->code());
        check($model->stateJson() === $before && $model->eventCount() === $count, 'the session changed');
        check(json_decode($model->decide(self::need('zzk-b')), true)[0]['event']['type'] === 'need_reported', 'decide');
        check($model->eventCount() === $count && $model->stateJson() === $before, 'decide changed the session');
    }

    /** a refused batch names its index and line, and applies none */
    public function testRefusedBatch(): void
    {
        $lines = explode("\n", trim($this->operating()->eventsJsonl()));
        $fresh = new Session();
        $e = thrown(fn () => $fresh->loadJsonl("$lines[0]\n\n$lines[1]\n{\"at\": 1}\n"));
        check($e->index() === 2 && $e->line() === 4, "index {$e->index()}, line {$e->line()}");
        check($fresh->eventCount() === 0, 'applied some');
        $e = thrown(fn () => $fresh->apply("[$lines[0], $lines[0]]"));
        check($e->index() === 1 && $e->line() === null, "index {$e->index()}");
        check($fresh->eventCount() === 0, 'applied some');
        check($fresh->apply("[$lines[0], $lines[1]]") === 2, 'apply');
    }

    /** the events kept rebuild the same state */
    public function testEventsRoundTrip(): void
    {
        $model = $this->operating();
        $model->execute(self::need('zzk-a'));
        $copy = Session::fromJsonl($model->eventsJsonl());
        check($copy->stateJson() === $model->stateJson(), 'another state');
        check($copy->eventCount() === $model->eventCount() && $model->eventCount() > 1, 'another count');
        $lean = Session::fromJsonl($model->eventsJsonl(), false);
        check($lean->eventCount() === 0 && $lean->stateJson() === $model->stateJson(), 'a session without events');
    }

    /** a closed session refuses with INVALID_HANDLE */
    public function testClosed(): void
    {
        $model = new Session();
        $model->close();
        $model->close();
        $e = thrown(fn () => $model->stateJson());
        check($e->code() === 'INVALID_HANDLE' && $e instanceof KooperacjeInvalidException, $e->code());
        check(thrown(fn () => $model->execute(self::need('zzk-a')))->code() === 'INVALID_HANDLE', 'execute');
    }

    /** a panic in the library is an internal exception, and the next call works */
    public function testPanic(): void
    {
        $model = $this->operating();
        check(!Library::ffi()->kooperacje_test_arm_panic(true), 'was armed');
        $e = thrown(fn () => $model->stateJson());
        check($e instanceof KooperacjeInternalException && $e->code() === 'INTERNAL_ERROR', get_class($e));
        check(str_starts_with($model->stateJson(), '{'), 'the next call');
    }

    /** reports, search, read, receipts and pseudonyms */
    public function testReports(): void
    {
        $model = $this->operating();
        foreach (file("$this->root/tests/quickstart/zzk.jsonl", FILE_IGNORE_NEW_LINES) as $line) {
            foreach (json_decode($model->execute($line), true) as $event) {
                if ($event['event']['type'] === 'consent_given') {
                    check(is_array(json_decode($model->receiptForEvent(json_encode($event)), true)), 'a receipt for consent_given');
                    $consent = $event['event']['consent_id'];
                } else {
                    check($model->receiptForEvent(json_encode($event)) === 'null', 'a receipt for ' . $event['event']['type']);
                }
            }
        }
        check(isset($consent), 'the quick start gives no consent');
        $registry = json_decode($model->registry('pzk-1'), true);
        check(count($registry) === 1 && $registry[0]['zzk_id'] === 'zzk-2026-0021', $model->registry('pzk-1'));
        check($registry[0]['stage'] === 'first_meeting_invited', 'the stage on the latest day');
        // The invitation is of 2026-04-10: the registry of the day before has the stage before it.
        $earlier = json_decode($model->registry('pzk-1', '2026-04-09'), true);
        check($earlier[0]['stage'] !== 'first_meeting_invited', 'as_of is not passed on');
        check(is_array(json_decode($model->indicators('pzk-1', '2026-04-30'), true)), 'indicators');
        check(is_array(json_decode($model->overdue('2026-09-30'), true)), 'overdue');
        check(json_decode($model->monitoring('pzk-1', '2026-04'), true) !== null, 'monitoring');
        check(thrown(fn () => $model->monitoring('pzk-1', '2026-4'))->code() === 'BAD_PERIOD', 'BAD_PERIOD');
        check(is_array(json_decode($model->searchBasket('pzk-1'), true)), 'search');
        check(json_decode($model->partnershipJson('pzk-1'))->id === 'pzk-1', 'partnership');
        check(is_array(json_decode($model->consentReceipt('zzk-2026-0021', $consent, '2026-04-12T10:00:00Z', null, 'en'), true)), 'receipt');
        $read = json_decode($model->read('{"role": "ops_head", "partnership_id": "pzk-1"}', '{"subject": "registry", "partnership_id": "pzk-1"}', '2026-04-12T10:00:00Z'), true);
        check(array_key_exists('record', $read) && array_key_exists('refusal', $read), 'read');
        $p = Library::pseudonym(str_repeat('k', 16), 'zzk', 'zzk-1');
        check(preg_match('/^ps-[0-9a-f]{32}$/', $p) === 1 && $p === Library::pseudonym(str_repeat('k', 16), 'zzk', 'zzk-1'), $p);
        check($p !== Library::pseudonym(str_repeat('j', 16), 'zzk', 'zzk-1'), 'the key does not count');
        check(thrown(fn () => Library::pseudonym('short', 'zzk', 'zzk-1'))->code() === 'PSEUDONYM_KEY_INVALID', 'short key');
    }

    /** versions, labels, canonical JSON and the JSON Pointer */
    public function testLibrary(): void
    {
        check(Library::abiVersion() === Library::ABI_VERSION && Library::ABI_VERSION === 1, 'ABI');
        check(preg_match('/^\d+\.\d+\.\d+/', Library::version()) === 1, Library::version());
        check(Library::eventSchemaVersion() >= 1, 'schema');
        check(Library::label('ZzkStage', 'suspended', 'pl') === 'Zawieszony', 'pl');
        check(Library::label('ZzkStage', 'suspended', 'en') === 'Suspended', 'en');
        check(thrown(fn () => Library::label('ZzkStage', 'nic', 'pl'))->code() === 'MALFORMED_JSON', 'an unknown code');
        check(Library::canonicalJson('{"b": 1, "a": [true]}') === "{\n  \"a\": [\n    true\n  ],\n  \"b\": 1\n}\n", 'canonical');
        check(Library::jsonPointer('{"a": {"b": [1, "ż"]}}', '/a/b/1') === 'ż', 'a string');
        check(Library::jsonPointer('{"a": {"b": [1, 2]}}', '/a/b') === '[1,2]', 'JSON');
        check(Library::jsonPointer('{"a": 1}', '/nic') === null, 'nothing');
    }

    /** the header is read as FFI takes it, the tests' hook only when asked */
    public function testHeader(): void
    {
        $header = file_get_contents("$this->root/bindings-c/include/kooperacje.h");
        check(!str_contains(Library::declarations($header, false), 'kooperacje_test_arm_panic'), 'hooks left in');
        check(str_contains(Library::declarations($header, true), 'kooperacje_test_arm_panic'), 'hooks left out');
        check(!str_contains(Library::declarations($header, true), '#'), 'a preprocessor line');
    }
}

$root = $argv[1] ?? dirname(__DIR__, 3);
$suite = new WrapperTests($root, $argv[2] ?? "$root/target/conformance/php");

/** @var array<string, callable> $tests every test, by name, in the order of the methods */
$tests = [];
foreach ((new \ReflectionClass($suite))->getMethods(\ReflectionMethod::IS_PUBLIC) as $method) {
    $name = $method->getName();
    if (str_starts_with($name, 'test')) {
        preg_match('~/\*\*\s*(.*?)\s*\*/~s', (string) $method->getDocComment(), $doc);
        $tests[$doc[1] ?? $name] = [$suite, $name];
    } elseif (str_starts_with($name, 'cases')) {
        $tests += $suite->$name();
    }
}

$passed = 0;
$failed = 0;
$n = 0;
foreach ($tests as $name => $test) {
    $n++;
    try {
        $test();
        $passed++;
        echo "ok $n - $name\n";
    } catch (\Throwable $e) {
        $failed++;
        echo "not ok $n - $name\n";
        foreach (explode("\n", get_class($e) . ': ' . $e->getMessage()) as $line) {
            echo "# $line\n";
        }
    }
}
echo "1..$n\n# pass $passed\n# fail $failed\n";
exit($failed === 0 ? 0 : 1);
