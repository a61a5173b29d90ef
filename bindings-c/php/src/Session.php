<?php

declare(strict_types=1);

namespace Kooperacje;

use FFI;

/**
 * A session of the model: every PZK (with its basket) and every ZZK as rebuilt from events, and
 * the events themselves unless made with $keepEvents false. Commands, events and reports are
 * JSON texts, as the C interface has them. Freed by close() or when the object goes; a call after
 * close() throws the library's INVALID_HANDLE.
 */
final class Session
{
    private int $handle;

    public function __construct(bool $keepEvents = true)
    {
        $ffi = Library::ffi();
        $handle = $ffi->new('KooperacjeSession');
        Library::check(fn ($e) => $ffi->kooperacje_session_new($keepEvents, FFI::addr($handle), $e));
        $this->handle = $handle->cdata;
    }

    /** A session rebuilt from JSON lines (one event envelope per line), all or none. */
    public static function fromJsonl(string $jsonl, bool $keepEvents = true): self
    {
        $session = new self($keepEvents);
        $session->loadJsonl($jsonl);
        return $session;
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Frees the session; later calls throw INVALID_HANDLE. Closing twice does nothing. */
    public function close(): void
    {
        if ($this->handle !== 0) {
            Library::ffi()->kooperacje_session_free($this->handle, null);
            $this->handle = 0;
        }
    }

    /**
     * Admits and applies recorded events given as JSON lines, all or none: a refused event
     * throws with its index and line, and nothing changes. Returns the number applied.
     */
    public function loadJsonl(string $jsonl): int
    {
        $ffi = Library::ffi();
        [$bytes, $len] = Library::bytes($jsonl);
        $count = $ffi->new('size_t');
        Library::check(fn ($e) => $ffi->kooperacje_session_load_jsonl($this->handle, $bytes, $len, FFI::addr($count), $e));
        return $count->cdata;
    }

    /** Admits and applies a JSON array of event envelopes, all or none. Returns the number applied. */
    public function apply(string $eventsJson): int
    {
        $ffi = Library::ffi();
        $count = $ffi->new('size_t');
        Library::check(fn ($e) => $ffi->kooperacje_session_apply($this->handle, $eventsJson, FFI::addr($count), $e));
        return $count->cdata;
    }

    /** Decides a command and applies its events; returns them (a JSON array). A refused command throws and changes nothing. */
    public function execute(string $commandJson): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_execute($this->handle, $commandJson, $out, $e));
    }

    /** The events a command would yield, or the exception it would throw; never changes the session. */
    public function decide(string $commandJson): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_decide($this->handle, $commandJson, $out, $e));
    }

    /** The canonical state as JSON: the same text in every language for the same events. */
    public function stateJson(): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_state($this->handle, $out, $e));
    }

    /** The events kept as JSON lines: what a host stores. */
    public function eventsJsonl(): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_events_jsonl($this->handle, $out, $e));
    }

    /** The number of events kept. */
    public function eventCount(): int
    {
        $ffi = Library::ffi();
        $count = $ffi->new('size_t');
        Library::check(fn ($e) => $ffi->kooperacje_session_event_count($this->handle, FFI::addr($count), $e));
        return $count->cdata;
    }

    /** One PZK as JSON; throws PARTNERSHIP_NOT_FOUND. */
    public function partnershipJson(string $partnershipId): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_partnership($this->handle, $partnershipId, $out, $e));
    }

    /** One ZZK as JSON; throws ZZK_NOT_FOUND. */
    public function zzkJson(string $zzkId): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_zzk($this->handle, $zzkId, $out, $e));
    }

    /** The ZZK registry of a PZK on a day YYYY-MM-DD (null: the day of its latest event), as JSON. */
    public function registry(string $partnershipId, ?string $asOf = null): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_registry($this->handle, $partnershipId, $asOf, $out, $e));
    }

    /** The monitoring indicators of a PZK as of a day, as JSON. */
    public function indicators(string $partnershipId, string $asOf): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_indicators($this->handle, $partnershipId, $asOf, $out, $e));
    }

    /** Everything overdue as of a day, by due date, as JSON. */
    public function overdue(string $asOf): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_overdue($this->handle, $asOf, $out, $e));
    }

    /** The monthly monitoring form of a PZK's ZZKs for a month YYYY-MM, as JSON. */
    public function monitoring(string $partnershipId, string $period): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_monitoring($this->handle, $partnershipId, $period, $out, $e));
    }

    /** Searches a PZK's local basket with a JSON query ("{}" finds everything); hits as JSON. */
    public function searchBasket(string $partnershipId, string $queryJson = '{}'): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_search_basket($this->handle, $partnershipId, $queryJson, $out, $e));
    }

    /**
     * Reads a subject as a viewer at a time (RFC 3339): {"record", "view", "refusal"} as JSON. A
     * refusal of the rules is an answer, not an exception.
     */
    public function read(string $viewerJson, string $subjectJson, string $at, ?string $personalJson = null, ?string $key = null): string
    {
        [$bytes, $len] = Library::bytes($key ?? '');
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_read(
            $this->handle,
            $viewerJson,
            $subjectJson,
            $at,
            $personalJson,
            $bytes,
            $len,
            $out,
            $e
        ));
    }

    /** The receipt of one consent of a ZZK, as JSON, in 'pl' or 'en'. */
    public function consentReceipt(string $zzkId, string $consentId, string $issuedAt, ?string $personalJson = null, string $lang = 'pl'): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_consent_receipt(
            $this->handle,
            $zzkId,
            $consentId,
            $issuedAt,
            $personalJson,
            $lang,
            $out,
            $e
        ));
    }

    /** The receipt an event calls for, as JSON ("null" for an event that calls for none). */
    public function receiptForEvent(string $eventJson, ?string $personalJson = null, string $lang = 'pl'): string
    {
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_receipt_for_event($this->handle, $eventJson, $personalJson, $lang, $out, $e));
    }

    /** The basket of a PZK as a file's contents: 'xlsx', 'csv', 'json' (rows) or 'hsds'. */
    public function basketExport(string $partnershipId, string $format): string
    {
        $ffi = Library::ffi();
        $data = $ffi->new('uint8_t*');
        $len = $ffi->new('size_t');
        Library::check(fn ($e) => $ffi->kooperacje_session_basket_export($this->handle, $partnershipId, $format, FFI::addr($data), FFI::addr($len), $e));
        try {
            return FFI::string($data, $len->cdata);
        } finally {
            $ffi->kooperacje_bytes_free($data, $len->cdata);
        }
    }

    /**
     * Imports a basket sheet (a file's contents in 'xlsx', 'csv' or 'json') into a PZK, every
     * change made at $at by $actor; returns the row-by-row report as JSON. With rows refused and
     * $skipInvalid false, throws INVALID_ROWS and changes nothing.
     */
    public function basketImport(string $partnershipId, string $data, string $format, string $at, string $actor, ?string $reason = null, bool $skipInvalid = false): string
    {
        [$bytes, $len] = Library::bytes($data);
        return Library::text(fn ($out, $e) => Library::ffi()->kooperacje_session_basket_import(
            $this->handle,
            $partnershipId,
            $bytes,
            $len,
            $format,
            $at,
            $actor,
            $reason,
            $skipInvalid,
            $out,
            $e
        ));
    }
}
