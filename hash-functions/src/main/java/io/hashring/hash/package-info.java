/** Hash functions of the memcached world, bit-exact, allocation-free. */
package io.hashring.hash;
