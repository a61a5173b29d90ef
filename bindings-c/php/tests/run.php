<?php

/*
 * The PHP wrapper's tests: every function named test_* below, run in order, each in try/catch,
 * printing TAP ("ok N - name", then "# pass N" and "# fail N", which scripts/test counts).
 *
 *   php tests/run.php ROOT [OUT]     (ROOT: the repository; OUT: the conformance directory)
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use Kooperacje\Driver;
use Kooperacje\KooperacjeException;
use Kooperacje\Library;
use Kooperacje\Session;

$ROOT = $argv[1] ?? dirname(__DIR__, 3);
$OUT = $argv[2] ?? "$ROOT/target/conformance/php";

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

/** A driver over a fresh session; counts the commands it carried out. */
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

function fixtures(): string
{
    global $ROOT;
    $all = [];
    foreach (glob("$ROOT/tests/scenarios/fixtures/*.json") as $file) {
        $all[basename($file, '.json')] = json_decode(file_get_contents($file));
    }
    return json_encode($all);
}

/** A session with the quick start's operating PZK. */
function operating(): Session
{
    global $ROOT;
    return Session::fromJsonl(file_get_contents("$ROOT/tests/quickstart/pzk.jsonl"));
}

function need(string $zzk, string $at = '2026-04-01T09:00:00Z'): string
{
    return json_encode(['at' => $at, 'actor' => 'u-0012', 'command' => [
        'type' => 'report_need', 'zzk_id' => $zzk, 'partnership_id' => 'pzk-1',
        'client' => ['kind' => 'family', 'household' => ["os-$zzk"], 'group_kind' => null],
        'social_worker' => 'u-0012']]);
}

/** Writes a conformance result and compares it with Rust's when that is there. */
function conform(string $name, string $text): void
{
    global $ROOT, $OUT;
    @mkdir($OUT, 0777, true);
    file_put_contents("$OUT/$name.json", $text);
    $reference = "$ROOT/target/conformance/rust/$name.json";
    if (is_file($reference)) {
        check(file_get_contents($reference) === $text, "$name differs from the Rust reference");
    }
}

$tests = [];

$scenarios = glob("$ROOT/tests/scenarios/*.json");
$tests['there are at least twenty scenarios'] = fn () => check(count($scenarios) >= 20, count($scenarios) . ' scenarios');
foreach ($scenarios as $file) {
    $name = basename($file, '.json');
    $tests["scenario $name"] = function () use ($file, $name): void {
        $driver = new SessionDriver();
        $result = Library::runScenario(file_get_contents($file), fixtures(), $driver);
        check($result->passed(), implode("\n", $result->failures));
        check($driver->executed > 0, 'the PHP driver carried out no command');
        check(json_decode($result->canonical)->name === $name, 'the name is the file\'s stem');
        conform($name, $result->canonical);
    };
}

$tests['the basket sheet: imported into pzk-1, exported, written'] = function (): void {
    global $ROOT;
    $driver = new SessionDriver();
    $scene = Library::runScenario('{"name": "basket_sheet", "given": ["operating_pzk"], "steps": []}', fixtures(), $driver);
    check($scene->passed(), implode("\n", $scene->failures));
    $model = $driver->session;
    $before = $model->eventCount();
    $sheet = file_get_contents("$ROOT/tests/formats/basket_sheet.csv");
    $report = $model->basketImport('pzk-1', $sheet, 'csv', '2026-03-10T10:00:00Z', 'ops-head', null, true);
    $r = json_decode($report, true);
    check([$r['added'], $r['revised'], $r['status_changed'], $r['unchanged']] === [1, 2, 1, 2], "counts: $report");
    check($model->eventCount() === $before + 5, 'five events kept');
    $rows = $model->basketExport('pzk-1', 'json');
    $hsds = $model->basketExport('pzk-1', 'hsds');
    $again = json_decode($model->basketImport('pzk-1', $sheet, 'csv', '2026-03-10T10:00:00Z', 'ops-head', null, true), true);
    check($again['unchanged'] === 6 && $again['added'] === 0, 'a second import changes nothing');
    check(str_starts_with($model->basketExport('pzk-1', 'xlsx'), "PK"), 'Excel is a zip');
    conform('basket_sheet', Library::canonicalJson("{\"report\": $report, \"sheet\": $rows, \"hsds\": $hsds}"));
};

$tests['bad rows without leave to skip them change nothing'] = function (): void {
    global $ROOT;
    $driver = new SessionDriver();
    Library::runScenario('{"name": "x", "given": ["operating_pzk"], "steps": []}', fixtures(), $driver);
    $before = $driver->session->stateJson();
    $e = thrown(fn () => $driver->session->basketImport('pzk-1', file_get_contents("$ROOT/tests/formats/basket_sheet.csv"), 'csv', '2026-03-10T10:00:00Z', 'ops-head'));
    check($e instanceof \Kooperacje\KooperacjeInvalidException && $e->getCode() === 'INVALID_ROWS', get_class($e) . ' ' . $e->getCode());
    check(str_contains($e->messagePl(), 'wiersz 8'), $e->messagePl());
    check($driver->session->stateJson() === $before, 'the state changed');
};

$tests['a wrong expectation is reported by the runner'] = function () use ($scenarios): void {
    foreach ($scenarios as $file) {
        $text = file_get_contents($file);
        if (preg_match('/"error"\s*:\s*"[A-Z_]+"/', $text)) {
            $broken = preg_replace('/"error"\s*:\s*"[A-Z_]+"/', '"error": "SOMETHING_ELSE"', $text, 1);
            $result = Library::runScenario($broken, fixtures(), new SessionDriver());
            check(count($result->failures) === 1 && str_contains($result->failures[0], 'unexpected error'), implode("\n", $result->failures));
            return;
        }
    }
    throw new Failed('no scenario expects an error');
};

$tests['a driver that throws fails the scenario with INTERNAL_ERROR'] = function () use ($scenarios): void {
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
    $result = Library::runScenario(file_get_contents($scenarios[0]), fixtures(), $broken);
    $all = implode("\n", $result->failures);
    check(!$result->passed() && str_contains($all, 'INTERNAL_ERROR') && str_contains($all, 'driver bug 4711'), $all);
};

$tests['every kind of the catalogue has its own exception class'] = function (): void {
    $catalogue = json_decode(Library::catalogueJson(), true);
    $kinds = array_unique(array_column($catalogue['errors'], 'kind'));
    check(count($kinds) >= 9, 'kinds: ' . implode(', ', $kinds));
    $seen = [];
    foreach ($kinds as $kind) {
        $e = KooperacjeException::of('X', $kind, 'a', 'm', 'p');
        check(get_class($e) !== KooperacjeException::class, "kind $kind has no class of its own");
        $seen[get_class($e)] = true;
    }
    check(count($seen) === count($kinds), 'two kinds share a class');
    // `store` is a kind no call of this library gives (it keeps no store), yet a class of its own.
    check(KooperacjeException::of('X', 'store', 'a', 'm', 'p') instanceof \Kooperacje\KooperacjeStoreException, 'store');
};

$tests['an unknown ZZK is NOT_FOUND with the Polish message'] = function (): void {
    $e = thrown(fn () => operating()->zzkJson('zzk-nikt'));
    check($e instanceof \Kooperacje\KooperacjeNotFoundException, get_class($e));
    check($e->getCode() === 'ZZK_NOT_FOUND' && $e->kind() === 'not_found', $e->getCode());
    check(str_contains($e->messagePl(), 'Nie znaleziono') && $e->messagePl() !== $e->getMessage(), $e->messagePl());
};

$tests['malformed JSON is a decode error'] = function (): void {
    $e = thrown(fn () => operating()->execute('{"at": 1}'));
    check($e instanceof \Kooperacje\KooperacjeDecodeException && $e->getCode() === 'MALFORMED_JSON', get_class($e));
};

$tests['a refused command changes nothing'] = function (): void {
    $model = operating();
    $model->execute(need('zzk-a'));
    $before = $model->stateJson();
    $count = $model->eventCount();
    $e = thrown(fn () => $model->execute(need('zzk-a')));
    check($e->getCode() === 'DUPLICATE_ID' && $e instanceof \Kooperacje\KooperacjeConflictException, $e->getCode());
    check($model->stateJson() === $before && $model->eventCount() === $count, 'the session changed');
    check(json_decode($model->decide(need('zzk-b')), true)[0]['event']['type'] === 'need_reported', 'decide');
    check($model->eventCount() === $count, 'decide changed the session');
};

$tests['a refused batch names its index and line, and applies none'] = function (): void {
    $model = operating();
    $lines = explode("\n", trim($model->eventsJsonl()));
    $fresh = new Session();
    $e = thrown(fn () => $fresh->loadJsonl("$lines[0]\n\n$lines[1]\n{\"at\": 1}\n"));
    check($e->eventIndex() === 2 && $e->eventLine() === 4, "index {$e->eventIndex()}, line {$e->eventLine()}");
    check($fresh->eventCount() === 0, 'applied some');
    $e = thrown(fn () => $fresh->apply("[$lines[0], $lines[0]]"));
    check($e->eventIndex() === 1 && $e->eventLine() === null, "index {$e->eventIndex()}");
    check($fresh->apply("[$lines[0], $lines[1]]") === 2, 'apply');
};

$tests['a closed session refuses with INVALID_HANDLE'] = function (): void {
    $model = new Session();
    $model->close();
    $model->close();
    $e = thrown(fn () => $model->stateJson());
    check($e->getCode() === 'INVALID_HANDLE' && $e instanceof \Kooperacje\KooperacjeInvalidException, $e->getCode());
};

$tests['a panic in the library is an internal exception, and the next call works'] = function (): void {
    $model = operating();
    check(!Library::ffi()->kooperacje_test_arm_panic(true), 'was armed');
    $e = thrown(fn () => $model->stateJson());
    check($e instanceof \Kooperacje\KooperacjeInternalException && $e->getCode() === 'INTERNAL_ERROR', get_class($e));
    check(str_starts_with($model->stateJson(), '{'), 'the next call');
};

$tests['reports, search, read, receipts and pseudonyms'] = function (): void {
    global $ROOT;
    $model = operating();
    foreach (file("$ROOT/tests/quickstart/zzk.jsonl", FILE_IGNORE_NEW_LINES) as $line) {
        $events = json_decode($model->execute($line), true);
        foreach ($events as $event) {
            if ($event['event']['type'] === 'consent_given') {
                $receipt = json_decode($model->receiptForEvent(json_encode($event)), true);
                check(is_array($receipt), 'a receipt for consent_given');
                $consent = $event['event']['consent_id'];
            }
        }
    }
    check(isset($consent), 'the quick start gives consent');
    $registry = json_decode($model->registry('pzk-1'), true);
    check(count($registry) === 1 && $registry[0]['zzk_id'] === 'zzk-2026-0021', $model->registry('pzk-1'));
    check(is_array(json_decode($model->indicators('pzk-1', '2026-04-30'), true)), 'indicators');
    check(is_array(json_decode($model->overdue('2026-09-30'), true)), 'overdue');
    check(json_decode($model->monitoring('pzk-1', '2026-04'), true) !== null, 'monitoring');
    check(thrown(fn () => $model->monitoring('pzk-1', '2026-4'))->getCode() === 'BAD_PERIOD', 'BAD_PERIOD');
    check(is_array(json_decode($model->searchBasket('pzk-1'), true)), 'search');
    check(is_array(json_decode($model->consentReceipt('zzk-2026-0021', $consent, '2026-04-12T10:00:00Z', null, 'en'), true)), 'receipt');
    $read = json_decode($model->read('{"role": "ops_head", "partnership_id": "pzk-1"}', '{"subject": "registry", "partnership_id": "pzk-1"}', '2026-04-12T10:00:00Z'), true);
    check(array_key_exists('record', $read) && array_key_exists('refusal', $read), 'read');
    $p = Library::pseudonym(str_repeat('k', 16), 'zzk', 'zzk-1');
    check(preg_match('/^ps-[0-9a-f]{32}$/', $p) === 1 && $p === Library::pseudonym(str_repeat('k', 16), 'zzk', 'zzk-1'), $p);
    check(thrown(fn () => Library::pseudonym('short', 'zzk', 'zzk-1'))->getCode() === 'PSEUDONYM_KEY_INVALID', 'short key');
};

$tests['versions, labels and the JSON Pointer'] = function (): void {
    check(Library::abiVersion() === Library::ABI_VERSION, 'ABI');
    check(preg_match('/^\d+\.\d+\.\d+/', Library::version()) === 1, Library::version());
    check(Library::eventSchemaVersion() >= 1, 'schema');
    check(Library::label('ZzkStage', 'suspended', 'pl') === 'Zawieszony', 'pl');
    check(Library::label('ZzkStage', 'suspended', 'en') === 'Suspended', 'en');
    check(Library::jsonPointer('{"a": {"b": [1, "ż"]}}', '/a/b/1') === 'ż', 'a string');
    check(Library::jsonPointer('{"a": {"b": [1, 2]}}', '/a/b') === '[1,2]', 'JSON');
    check(Library::jsonPointer('{"a": 1}', '/nic') === null, 'nothing');
};

$tests['the header is read as FFI takes it, the tests\' hook only when asked'] = function (): void {
    global $ROOT;
    $header = file_get_contents("$ROOT/bindings-c/include/kooperacje.h");
    check(!str_contains(Library::declarations($header, false), 'kooperacje_test_arm_panic'), 'hooks left in');
    check(str_contains(Library::declarations($header, true), 'kooperacje_test_arm_panic'), 'hooks left out');
    check(!str_contains(Library::declarations($header, true), '#'), 'a preprocessor line');
};

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
