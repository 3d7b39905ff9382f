<?php
// libmemcached 1.1.4 through PECL memcached (Debian php-memcached).
// Usage: php php_memcached.php CONFIG.json KEYS.txt   -> one "host:port" line per key.
// CONFIG: {"distribution": "ketama-weighted"|"consistent"|"modula", "hash": null|"md5"|..., "servers": [[host, port, weight], ...]}
//   optional "options": [["OPT_NAME", value], ...] set after the distribution (failure handling),
//   optional "flush": [[ip, port], ...] = the live backends: then the real request path runs (see below).
// Memcached::getServerByKey($key) runs libmemcached's memcached_server_by_key(): the server the
// key routes to, without connecting (no server needs to run).
// With "flush" (some servers dead, the live ones real memcached): every key is set() in up to 4
// passes until one pass has no failure (failure detection and auto-eject run their course), the
// live backends are emptied (flush_all over a plain socket), then one recorded pass sets each key
// again and prints "host:port<TAB>1|0" (getServerByKey after the set; 1 = the set succeeded).
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
foreach ($cfg['options'] ?? [] as [$name, $value]) {
    if (!$m->setOption(constant('Memcached::' . $name), $value)) {
        fwrite(STDERR, "setOption($name, $value) failed\n");
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
$keys = file($argv[2], FILE_IGNORE_NEW_LINES);
if (isset($cfg['flush'])) {
    for ($round = 0; $round < 4; $round++) {
        $failed = 0;
        foreach ($keys as $key) {
            if (!$m->set($key, '1')) {
                $failed++;
            }
        }
        if ($failed === 0) {
            break;
        }
    }
    foreach ($cfg['flush'] as [$ip, $port]) {
        $sock = fsockopen($ip, $port, $errno, $errstr, 5);
        if ($sock === false || fwrite($sock, "flush_all\r\n") === false || fgets($sock) !== "OK\r\n") {
            fwrite(STDERR, "flush_all on $ip:$port failed: $errstr\n");
            exit(2);
        }
        fclose($sock);
    }
    foreach ($keys as $key) {
        $ok = $m->set($key, '1');
        $s = $m->getServerByKey($key);
        fwrite($out, $s['host'] . ':' . $s['port'] . "\t" . ($ok ? '1' : '0') . "\n");
    }
    exit(0);
}
foreach ($keys as $key) {
    $s = $m->getServerByKey($key);
    if ($s === false) {
        fwrite(STDERR, "getServerByKey failed for key $key: " . $m->getResultMessage() . "\n");
        exit(1);
    }
    fwrite($out, $s['host'] . ':' . $s['port'] . "\n");
}
