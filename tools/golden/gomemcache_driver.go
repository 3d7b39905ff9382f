// gomemcache (Debian golang-github-bradfitz-gomemcache-dev): key -> server through the package's own
// memcache.ServerList, the selector memcache.New(servers...) routes with. No server is contacted.
//
// Usage: gomemcache_driver KEYS.txt SERVER...   (SERVER = "host:port", as given to memcache.New)
// Prints, per key, the configured SERVER text that ServerList.PickServer(key) chose. PickServer answers
// with a resolved net.Addr; the driver maps it back by resolving each configured server the same way
// (net.ResolveTCPAddr, as SetServers does) and fails if two configured servers resolve alike.
// Built by regenerate.sh with GO111MODULE=off GOPATH=/usr/share/gocode (no network).
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"

	"github.com/bradfitz/gomemcache/memcache"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: gomemcache_driver KEYS.txt SERVER...")
		os.Exit(2)
	}
	servers := os.Args[2:]
	var ss memcache.ServerList
	if err := ss.SetServers(servers...); err != nil {
		fmt.Fprintln(os.Stderr, "SetServers:", err)
		os.Exit(2)
	}
	byAddr := map[string]string{}
	for _, s := range servers {
		a, err := net.ResolveTCPAddr("tcp", s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "resolve", s, err)
			os.Exit(2)
		}
		if prev, dup := byAddr[a.String()]; dup {
			fmt.Fprintln(os.Stderr, "servers", prev, "and", s, "resolve to the same address", a.String())
			os.Exit(2)
		}
		byAddr[a.String()] = s
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	in := bufio.NewScanner(f)
	in.Buffer(make([]byte, 64*1024), 64*1024)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		addr, err := ss.PickServer(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, "PickServer:", err)
			os.Exit(1)
		}
		s, ok := byAddr[addr.String()]
		if !ok {
			fmt.Fprintln(os.Stderr, "PickServer returned an unknown address", addr.String())
			os.Exit(1)
		}
		fmt.Fprintln(out, s)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
