package io.hashring.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;

/**
 * Stand-in node objects for checking a client library's locator without servers: dynamic proxies
 * of the library's node interface that answer a fixed socket address (and whatever the binding
 * adds) and a type's zero value elsewhere. The address's host name is preset to the literal, so no
 * name lookup ever happens ({@code getHostName()} on an address built from bytes alone would do a
 * reverse DNS lookup). Public for the bindings in the testkit's client packages; not an API.
 */
public final class StandIns {

    private StandIns() {
    }

    /** {@code host:port} as a socket address that never resolves anything; IPv4 literals only, else unresolved. */
    public static InetSocketAddress address(ServerSpec server) {
        String[] parts = server.host().split("\\.", -1);
        if (parts.length == 4) {
            byte[] ip = new byte[4];
            try {
                for (int i = 0; i < 4; i++) {
                    int b = Integer.parseInt(parts[i]);
                    if (b < 0 || b > 255) {
                        throw new NumberFormatException(parts[i]);
                    }
                    ip[i] = (byte) b;
                }
                return new InetSocketAddress(InetAddress.getByAddress(server.host(), ip), server.port());
            } catch (NumberFormatException | UnknownHostException notLiteral) {
                // fall through: a host name stays unresolved
            }
        }
        return InetSocketAddress.createUnresolved(server.host(), server.port());
    }

    /**
     * A proxy of {@code type} that answers {@code answers} (method name to value, or to a
     * {@link java.util.function.Supplier} of it), {@code toString()} with {@code label}, identity
     * equality, and zero values for everything else.
     */
    public static <T> T proxy(Class<T> type, String label, Map<String, ?> answers) {
        Objects.requireNonNull(answers, "answers");
        InvocationHandler h = (self, method, args) -> {
            String m = method.getName();
            if (m.equals("toString") && method.getParameterCount() == 0) {
                return label;
            }
            if (m.equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(self);
            }
            if (m.equals("equals") && method.getParameterCount() == 1) {
                return self == args[0];
            }
            if (answers.containsKey(m)) {
                Object a = answers.get(m);
                return a instanceof java.util.function.Supplier<?> s ? s.get() : a;
            }
            return zero(method.getReturnType());
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive() || t == void.class) {
            return null;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == char.class) {
            return (char) 0;
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == float.class) {
            return 0f;
        }
        return 0d;
    }
}
