<?php

declare(strict_types=1);

namespace Kooperacje;

/** What the library's runner made of a scenario. */
final class ScenarioResult
{
    /**
     * @param string $canonical the canonical result: the text of target/conformance/<language>/NAME.json
     * @param list<string> $failures every mismatch against the scenario's expectations
     */
    public function __construct(public readonly string $canonical, public readonly array $failures)
    {
    }

    /** Whether the scenario met every expectation. */
    public function passed(): bool
    {
        return $this->failures === [];
    }
}
