<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `conflict`. */
final class KooperacjeConflictException extends KooperacjeException
{
}
