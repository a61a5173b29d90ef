<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `invalid`. */
final class KooperacjeInvalidException extends KooperacjeException
{
}
