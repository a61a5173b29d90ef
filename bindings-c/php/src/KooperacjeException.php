<?php

declare(strict_types=1);

namespace Kooperacje;

/**
 * Why a call of the library was refused: code() (and getCode()) is the stable code, a string as
 * PDO's SQLSTATE; getMessage() the English message, messagePl() the Polish one for the social
 * worker; index() and line() place a refused event of a batch. One subclass per kind, so a host
 * catches a kind (KooperacjeStageException, …) whatever the code.
 */
class KooperacjeException extends \RuntimeException
{
    /** The one table from a kind to its class. */
    public const CLASSES = [
        'invalid' => KooperacjeInvalidException::class,
        'not_found' => KooperacjeNotFoundException::class,
        'conflict' => KooperacjeConflictException::class,
        'stage' => KooperacjeStageException::class,
        'consent' => KooperacjeConsentException::class,
        'rule' => KooperacjeRuleException::class,
        'forbidden' => KooperacjeForbiddenException::class,
        'decode' => KooperacjeDecodeException::class,
        'store' => KooperacjeStoreException::class,
        'internal' => KooperacjeInternalException::class,
    ];

    final public function __construct(
        string $code,
        private readonly string $kind,
        private readonly string $area,
        string $message,
        private readonly string $messagePl,
        private readonly ?int $index = null,
        private readonly ?int $eventLine = null
    ) {
        parent::__construct($message);
        // A string, as PDOException's SQLSTATE: Exception::$code is untyped.
        $this->code = $code;
    }

    /** The exception of a kind's class (the base class for a kind this wrapper does not know). */
    public static function of(string $code, string $kind, string $area, string $message, string $messagePl, ?int $index = null, ?int $line = null): self
    {
        $class = self::CLASSES[$kind] ?? self::class;
        return new $class($code, $kind, $area, $message, $messagePl, $index, $line);
    }

    /** The stable code, e.g. ZZK_SUSPENDED (the catalogue's "errors" list them). */
    public function code(): string
    {
        return (string) $this->code;
    }

    /** The kind: invalid, not_found, conflict, stage, consent, rule, forbidden, decode, store, internal. */
    public function kind(): string
    {
        return $this->kind;
    }

    /** The area of the code (validation, zzk, …). */
    public function area(): string
    {
        return $this->area;
    }

    /** The Polish message. */
    public function messagePl(): string
    {
        return $this->messagePl;
    }

    /** For a batch of events: the position of the one refused, from 0; null otherwise. */
    public function index(): ?int
    {
        return $this->index;
    }

    /**
     * For JSON lines: the line of the one refused, from 1; null otherwise. (Not getLine(), which
     * is PHP's own: the line of the source that threw. The property keeps another name because
     * Exception::$line is that one.)
     */
    public function line(): ?int
    {
        return $this->eventLine;
    }
}
