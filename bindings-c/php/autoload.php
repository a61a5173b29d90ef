<?php

// The package's classes without Composer (with Composer, composer.json's PSR-4 autoload does
// the same): Kooperacje\X is src/X.php.
spl_autoload_register(static function (string $class): void {
    $prefix = 'Kooperacje\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . substr($class, strlen($prefix)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
