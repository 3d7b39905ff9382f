<?php
// libmemcached 1.1.4 through PECL memcached (Debian php-memcached).
// Usage: php php_memcached.php CONFIG.json KEYS.txt   -> one "host:port" line per key.
// CONFIG: {"distribution": "ketama-weighted"|"consistent"|"modula", "hash": null|"md5"|..., "servers": [[host, port, weight], ...]}
// Memcached::getServerByKey($key) runs libmemcached's memcached_server_by_key(): the server the
// key routes to, without connecting (no server needs to run).
$cfg = json_decode(file_get_contents($argv[1]), true, 16, JSON_THROW_ON_ERROR);
$m = new Memcached();
// Options before servers: addServer with weight > 1 turns libmemcached's weighted continuum on
// only when the distribution is already consistent (INTEROP 2.1), as an application would do it.
switch ($cfg['distribution']) {
    case 'ketama-weighted':
        $m->setOption(Memcached::OPT_LIBKETAMA_COMPATIBLE, true);  // MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED
        break;
    case 'consistent':
        $m->setOption(Memcached::OPT_DISTRIBUTION, Memcached::DISTRIBUTION_CONSISTENT);
        break;
    case 'modula':
        break;  // libmemcached default: MODULA, one-at-a-time
    default:
        fwrite(STDERR, "unknown distribution {$cfg['distribution']}\n");
        exit(2);
}
if ($cfg['hash'] !== null) {
    $const = 'Memcached::HASH_' . strtoupper($cfg['hash']);
    if (!defined($const)) {
        fwrite(STDERR, "php-memcached has no $const\n");
        exit(2);
    }
    if (!$m->setOption(Memcached::OPT_HASH, constant($const))) {
        fwrite(STDERR, "setOption(OPT_HASH, $const) failed\n");
        exit(2);
    }
}
foreach ($cfg['servers'] as [$host, $port, $weight]) {
    if (!$m->addServer($host, $port, $weight)) {
        fwrite(STDERR, "addServer($host, $port, $weight) failed\n");
        exit(2);
    }
}
$out = fopen('php://stdout', 'w');
foreach (file($argv[2], FILE_IGNORE_NEW_LINES) as $key) {
    $s = $m->getServerByKey($key);
    if ($s === false) {
        fwrite(STDERR, "getServerByKey failed for key $key: " . $m->getResultMessage() . "\n");
        exit(1);
    }
    fwrite($out, $s['host'] . ':' . $s['port'] . "\n");
}
