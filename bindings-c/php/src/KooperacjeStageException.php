<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `stage`. */
final class KooperacjeStageException extends KooperacjeException
{
}
