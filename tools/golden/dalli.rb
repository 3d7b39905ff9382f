# Ruby dalli 3.0.6 (Debian ruby-dalli): key -> server through Dalli::Ring.
# Usage: ruby dalli.rb MODE KEYS.txt SPEC...   (SPEC = "host:port[:weight]", dalli's own spelling)
#   MODE "ring": ring.send(:server_for_hash_key, Zlib.crc32(key)).name -- the continuum lookup
#                alone, no server contacted. Prints "host:port" per key.
#   MODE "live": ring.server_for_key(key) -- the client's real path, which connects (alive?) and
#                rehashes "#{try}#{key}" past dead servers. Every continuum lookup is recorded,
#                prints "host:port<TAB>seq1,seq2,..." per key. Needs the live servers running.
require 'dalli'
require 'zlib'

mode = ARGV.shift
keys_file = ARGV.shift
specs = ARGV

Dalli::Ring.prepend(Module.new do
  def server_for_hash_key(hash_key)
    server = super
    $trace&.push(server.name)  # the server each lookup (first and rehashed) lands on
    server
  end
end)

Dalli.logger.level = Logger::ERROR
servers = specs.map { |s| Dalli::Protocol::Binary.new(s, socket_timeout: 2, socket_max_failures: 2) }
ring = Dalli::Ring.new(servers, {})
out = $stdout
out.binmode
File.readlines(keys_file, chomp: true, encoding: 'UTF-8').each do |key|
  case mode
  when 'ring'
    out.write(ring.send(:server_for_hash_key, Zlib.crc32(key)).name, "\n")
  when 'live'
    $trace = []
    server = ring.server_for_key(key)
    out.write(server.name, "\t", $trace.join(','), "\n")
    $trace = nil
  else
    abort "unknown mode #{mode}"
  end
end
servers.each(&:close)
