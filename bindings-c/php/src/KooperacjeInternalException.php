<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `internal`. */
final class KooperacjeInternalException extends KooperacjeException
{
}
