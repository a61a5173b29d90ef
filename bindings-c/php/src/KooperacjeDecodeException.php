<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `decode`. */
final class KooperacjeDecodeException extends KooperacjeException
{
}
