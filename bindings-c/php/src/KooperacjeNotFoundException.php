<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `not_found`. */
final class KooperacjeNotFoundException extends KooperacjeException
{
}
