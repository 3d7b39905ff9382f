<?php
// PECL memcache (Debian php-memcache).
// Usage: php php_memcache.php CONFIG.json KEYS.txt   -> one "host:port" line per key.
// CONFIG: {"strategy": "consistent"|"standard", "function": "crc32"|"fnv", "servers": [[host, port, weight], ...]}
// MemcachePool::findServer($key) returns "host:port" of the server the key maps to, without
// connecting (no server needs to run).
// With "store": true in CONFIG (some servers dead, the live ones real memcached) it runs the real
// request path instead: set($key) once per key, with the extension's failover on (its defaults:
// memcache.allow_failover=1, max_failover_attempts=20), and prints 1 or 0 per key (set succeeded).
// Where the key went is then read from the backends by the caller.
$cfg = json_decode(file_get_contents($argv[1]), true, 16, JSON_THROW_ON_ERROR);
// The pool reads these ini settings when it is created.
if (ini_set('memcache.hash_strategy', $cfg['strategy']) === false
    || ini_set('memcache.hash_function', $cfg['function']) === false) {
    fwrite(STDERR, "ini_set failed\n");
    exit(2);
}
if (ini_get('memcache.hash_strategy') !== $cfg['strategy'] || ini_get('memcache.hash_function') !== $cfg['function']) {
    fwrite(STDERR, "ini settings not applied\n");
    exit(2);
}
$m = new Memcache();
foreach ($cfg['servers'] as [$host, $port, $weight]) {
    if (!$m->addServer($host, $port, false, $weight)) {  // persistent=false
        fwrite(STDERR, "addServer($host, $port, false, $weight) failed\n");
        exit(2);
    }
}
$out = fopen('php://stdout', 'w');
if (!empty($cfg['store'])) {
    if (ini_get('memcache.allow_failover') !== '1') {
        fwrite(STDERR, "memcache.allow_failover is not 1\n");
        exit(2);
    }
    foreach (file($argv[2], FILE_IGNORE_NEW_LINES) as $key) {
        fwrite($out, (@$m->set($key, '1') ? '1' : '0') . "\n");
    }
    exit(0);
}
foreach (file($argv[2], FILE_IGNORE_NEW_LINES) as $key) {
    $s = $m->findServer($key);
    if ($s === false) {
        fwrite(STDERR, "findServer failed for key $key\n");
        exit(1);
    }
    fwrite($out, $s . "\n");
}
