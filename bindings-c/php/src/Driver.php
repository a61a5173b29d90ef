<?php

declare(strict_types=1);

namespace Kooperacje;

/** Carries out a scenario's commands for the library's runner (Library::runScenario). */
interface Driver
{
    /** Executes a command (JSON); returns its events (a JSON array), or throws KooperacjeException. */
    public function execute(string $commandJson): string;

    /** The canonical state as JSON. */
    public function state(): string;
}
