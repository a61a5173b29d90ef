<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `forbidden`. */
final class KooperacjeForbiddenException extends KooperacjeException
{
}
