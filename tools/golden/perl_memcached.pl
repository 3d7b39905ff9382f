#!/usr/bin/perl
# Perl Cache::Memcached (Debian libcache-memcached-perl) and Cache::Memcached::Fast
# (libcache-memcached-fast-perl): the clients' real request path against real memcached.
# Usage: perl perl_memcached.pl CONFIG.json KEYS.txt
# CONFIG: {"client": "Cache::Memcached" | "Cache::Memcached::Fast", "ketama_points": N (Fast only, 0 = off),
#          "servers": [["host:port", weight], ...], "trace": 0|1}
# Per key: set($key, "1") once, and prints "1" or "0" (the set succeeded). With "trace" (Cache::Memcached
# only), also "<TAB>host:port,host:port,..." = every server get_sock() looked at for that set, first to
# last (recorded by wrapping Cache::Memcached::sock_to_host; the real method still runs). Which live
# backend got each key is read from the backends by the caller.
use strict;
use warnings;
use JSON::PP;

my ($config_path, $keys_path) = @ARGV;
open(my $cf, '<:raw', $config_path) or die "cannot read $config_path: $!";
my $cfg = decode_json(do { local $/; <$cf> });
close $cf;

my $client;
my @trace;
my $tracing = 0;
if ($cfg->{client} eq 'Cache::Memcached') {
    require Cache::Memcached;
    if ($cfg->{trace}) {
        no warnings 'redefine';
        my $real = \&Cache::Memcached::sock_to_host;
        *Cache::Memcached::sock_to_host = sub { push @trace, $_[1] if $tracing; return $real->(@_); };
    }
    $client = Cache::Memcached->new({
        servers => [map { $_->[1] == 1 ? $_->[0] : [$_->[0], $_->[1]] } @{$cfg->{servers}}],
        connect_timeout => 2, select_timeout => 2,
    });
} elsif ($cfg->{client} eq 'Cache::Memcached::Fast') {
    require Cache::Memcached::Fast;
    $client = Cache::Memcached::Fast->new({
        servers => [map { { address => $_->[0], weight => $_->[1] } } @{$cfg->{servers}}],
        ketama_points => $cfg->{ketama_points} // 0,
        connect_timeout => 2, io_timeout => 2,
    });
} else {
    die "unknown client $cfg->{client}\n";
}

open(my $kf, '<:raw', $keys_path) or die "cannot read $keys_path: $!";
binmode STDOUT, ':raw';
while (my $key = <$kf>) {
    chomp $key;
    @trace = ();
    $tracing = 1;
    my $ok = $client->set($key, "1") ? 1 : 0;
    $tracing = 0;
    print $ok, ($cfg->{trace} ? "\t" . join(',', @trace) : ''), "\n";
}
close $kf;
