<?php

declare(strict_types=1);

namespace Kooperacje;

/** A refusal of kind `rule`. */
final class KooperacjeRuleException extends KooperacjeException
{
}
