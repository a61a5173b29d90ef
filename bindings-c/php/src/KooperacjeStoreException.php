<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `store`. */
final class KooperacjeStoreException extends KooperacjeException
{
}
