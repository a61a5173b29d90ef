<?php

declare(strict_types=1);

namespace Kooperacje;

use FFI;
use FFI\CData;

/**
 * The C interface (libkooperacje_c) loaded once through FFI, and what belongs to the library
 * rather than to a session: versions, the catalogue, labels, canonical JSON, a JSON Pointer
 * reader, pseudonyms and the conformance runner.
 *
 * The declarations are the real header's (include/kooperacje.h), read at load time, so they
 * cannot drift from the library. Found beside this package (bindings-c/ and the vendor package
 * target/kooperacje-c/ both have php/ next to include/ and lib/), or where the environment says:
 * KOOPERACJE_LIB (the shared library) and KOOPERACJE_HEADER.
 */
final class Library
{
    /** The version of the C interface's contract this wrapper was written for. */
    public const ABI_VERSION = 1;

    private static ?FFI $ffi = null;

    /** The driver callbacks (see callbacks()). */
    private static ?CData $callbacks = null;

    /** @var list<Driver> the drivers of the scenarios running, innermost last */
    private static array $drivers = [];

    /** The loaded library; checks its ABI version once. */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            $root = dirname(__DIR__, 2);
            $header = getenv('KOOPERACJE_HEADER') ?: $root . '/include/kooperacje.h';
            $lib = getenv('KOOPERACJE_LIB') ?: self::findLibrary($root);
            $text = file_get_contents($header);
            if ($text === false) {
                throw new \RuntimeException("kooperacje: cannot read the header $header");
            }
            $ffi = FFI::cdef(self::declarations($text, (bool) getenv('KOOPERACJE_TEST_HOOKS')), $lib);
            $found = $ffi->kooperacje_abi_version();
            if ($found !== self::ABI_VERSION) {
                throw new \RuntimeException(sprintf(
                    'libkooperacje_c has ABI version %d; this wrapper was written for version %d',
                    $found,
                    self::ABI_VERSION
                ));
            }
            self::$ffi = $ffi;
        }
        return self::$ffi;
    }

    private static function findLibrary(string $root): string
    {
        foreach ([$root . '/lib/libkooperacje_c.so', dirname($root) . '/target/release/libkooperacje_c.so'] as $path) {
            if (is_file($path)) {
                return $path;
            }
        }
        return 'libkooperacje_c.so';
    }

    /**
     * The header as FFI::cdef takes it: without comments and preprocessor lines, without the C++
     * guard, and without the tests' hooks unless asked for (the published library has none).
     */
    public static function declarations(string $header, bool $testHooks): string
    {
        $text = preg_replace('~/\*.*?\*/~s', '', $header);
        $text = preg_replace('~//[^\n]*~', '', $text);
        $text = preg_replace('~#ifdef __cplusplus.*?#endif~s', '', $text);
        if (!$testHooks) {
            $text = preg_replace('~#if defined\(KOOPERACJE_TEST_HOOKS\).*?#endif~s', '', $text);
        }
        return preg_replace('~^\s*#.*$~m', '', $text);
    }

    /** The library's version ("0.1.0"). */
    public static function version(): string
    {
        // FFI hands a returned `const char *` over as a PHP string (the library's, never freed).
        return self::ffi()->kooperacje_version();
    }

    /** The ABI version of the loaded library. */
    public static function abiVersion(): int
    {
        return self::ffi()->kooperacje_abi_version();
    }

    /** The version of the events' JSON form the library writes. */
    public static function eventSchemaVersion(): int
    {
        return self::ffi()->kooperacje_event_schema_version();
    }

    /** Every labelled enum with its codes and Polish and English labels, and every error code. */
    public static function catalogueJson(): string
    {
        return self::text(fn ($out, $e) => self::ffi()->kooperacje_catalogue($out, $e));
    }

    /** The label of a value of a labelled enum: label('ZzkStage', 'suspended', 'pl') is "Zawieszony". */
    public static function label(string $enum, string $code, string $lang = 'pl'): string
    {
        return self::text(fn ($out, $e) => self::ffi()->kooperacje_label($enum, $code, $lang, $out, $e));
    }

    /** A JSON text in the conformance files' canonical form. */
    public static function canonicalJson(string $json): string
    {
        return self::text(fn ($out, $e) => self::ffi()->kooperacje_canonical_json($json, $out, $e));
    }

    /**
     * The value at a JSON Pointer ("/stage") of a JSON text: a string as its text, anything else
     * as JSON text, null when the pointer finds nothing.
     */
    public static function jsonPointer(string $json, string $pointer): ?string
    {
        return self::text(fn ($out, $e) => self::ffi()->kooperacje_json_pointer($json, $pointer, $out, $e));
    }

    /** The keyed pseudonym of an id as analysts see it; the key has at least 16 bytes. */
    public static function pseudonym(string $key, string $kind, string $id): string
    {
        [$bytes, $len] = self::bytes($key);
        return self::text(fn ($out, $e) => self::ffi()->kooperacje_pseudonym($bytes, $len, $kind, $id, $out, $e));
    }

    /**
     * Runs a scenario file (its JSON text) through a driver, which starts from an empty session;
     * $fixturesJson is {"name": fixture, ...}. The library's runner judges; the driver only
     * carries the commands out. A driver's exception never reaches native code (PHP would stop
     * with a fatal error): a KooperacjeException is answered with its code, any other as
     * INTERNAL_ERROR, which the runner reports as a failure.
     */
    public static function runScenario(string $scenarioJson, string $fixturesJson, Driver $driver): ScenarioResult
    {
        $ffi = self::ffi();
        $callbacks = self::callbacks();
        $canonical = $ffi->new('char*');
        $failures = $ffi->new('char*');
        $count = $ffi->new('size_t');
        self::$drivers[] = $driver;
        try {
            self::check(fn ($e) => $ffi->kooperacje_run_scenario(
                $scenarioJson,
                $fixturesJson,
                $callbacks->execute,
                $callbacks->state,
                null,
                FFI::addr($canonical),
                FFI::addr($failures),
                FFI::addr($count),
                $e
            ));
        } finally {
            array_pop(self::$drivers);
        }
        $text = self::take($canonical);
        $listed = json_decode(self::take($failures), true, 512, JSON_THROW_ON_ERROR);
        return new ScenarioResult($text, $listed);
    }

    /**
     * The driver callbacks, made once. PHP FFI keeps every C function it makes of a closure until
     * the request ends, so closures passed afresh on each run would grow a long-running process
     * (about 1 KiB a scenario). They answer for the innermost running scenario's driver, not
     * through user_data: PHP FFI cannot turn a void* back into a number safely.
     */
    private static function callbacks(): CData
    {
        if (self::$callbacks === null) {
            $ffi = self::ffi();
            $callbacks = $ffi->new('struct { KooperacjeExecuteCallback execute; KooperacjeStateCallback state; }');
            $callbacks->execute = function ($userData, $command, $reply) use ($ffi): void {
                try {
                    // FFI hands a `const char *` argument of a callback over as a PHP string.
                    $ffi->kooperacje_reply_ok($reply, end(self::$drivers)->execute($command), null);
                } catch (KooperacjeException $e) {
                    $ffi->kooperacje_reply_error($reply, $e->code(), $e->getMessage(), null);
                } catch (\Throwable $e) {
                    $ffi->kooperacje_reply_error($reply, 'INTERNAL_ERROR', 'the PHP driver failed: ' . $e->getMessage(), null);
                }
            };
            $callbacks->state = function ($userData, $reply) use ($ffi): void {
                try {
                    $ffi->kooperacje_reply_ok($reply, end(self::$drivers)->state(), null);
                } catch (\Throwable $e) {
                    // No answer: the runner takes the state as missing and reports it.
                }
            };
            self::$callbacks = $callbacks;
        }
        return self::$callbacks;
    }

    /** Runs a call that writes a text; returns it (freed), null for a null text. */
    public static function text(callable $call): ?string
    {
        $out = self::ffi()->new('char*');
        self::check(fn ($e) => $call(FFI::addr($out), $e));
        return self::take($out);
    }

    /**
     * Runs a call given the place for its error; throws the error's exception (the error freed)
     * when the status is not OK.
     */
    public static function check(callable $call): void
    {
        $ffi = self::ffi();
        $error = $ffi->new('KooperacjeError*');
        $status = $call(FFI::addr($error));
        if ($status === $ffi->KOOPERACJE_STATUS_OK) {
            return;
        }
        if (FFI::isNull($error)) {
            throw new KooperacjeInternalException('INTERNAL_ERROR', 'internal', 'internal', 'the library failed without an error', 'Biblioteka zgłosiła błąd bez opisu');
        }
        try {
            $e = $error[0];
            $position = fn (int $n): ?int => $n < 0 ? null : $n;
            throw KooperacjeException::of(
                FFI::string($e->code),
                FFI::string($e->kind),
                FFI::string($e->area),
                FFI::string($e->message),
                FFI::string($e->message_pl),
                $position($e->index),
                $position($e->line)
            );
        } finally {
            $ffi->kooperacje_error_free($error);
        }
    }

    /** A text the library returned, read and freed; null for a null pointer. */
    public static function take(CData $text): ?string
    {
        if (FFI::isNull($text)) {
            return null;
        }
        try {
            return FFI::string($text);
        } finally {
            self::ffi()->kooperacje_string_free($text);
        }
    }

    /**
     * Bytes for a `const uint8_t *, size_t` pair: a native copy and its length (null and 0 for
     * none).
     *
     * @return array{0: ?CData, 1: int}
     */
    public static function bytes(string $data): array
    {
        $n = strlen($data);
        if ($n === 0) {
            return [null, 0];
        }
        $buffer = self::ffi()->new("uint8_t[$n]");
        FFI::memcpy($buffer, $data, $n);
        return [$buffer, $n];
    }
}
