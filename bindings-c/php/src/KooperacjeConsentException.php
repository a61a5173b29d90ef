<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `consent`. */
final class KooperacjeConsentException extends KooperacjeException
{
}
