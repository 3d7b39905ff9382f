package io.hashring.xmemcached;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.code.yanf4j.core.Session;
import io.hashring.client.EjectionPolicy;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.MemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With mode xmemcached-ketama the adapter places keys exactly like xmemcached's own KetamaMemcachedSessionLocator. */
class XmemcachedKetamaInteropTest {

    private static Session session(InetSocketAddress a, int weight) {
        InetSocketAddressWrapper w = new InetSocketAddressWrapper(a, 0, weight, null, false);
        w.setRemoteAddressStr(String.valueOf(a)); // what xmemcached records at first connect: "/10.0.0.1:11211"
        return (Session) Proxy.newProxyInstance(XmemcachedKetamaInteropTest.class.getClassLoader(),
                new Class<?>[] {MemcachedSession.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getRemoteSocketAddress" -> a;
                    case "getInetSocketAddressWrapper" -> w;
                    case "getWeight" -> weight;
                    case "isClosed" -> false;
                    case "toString" -> "session " + a;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    @DisplayName("50,000 keys on 6 weighted servers: same server as KetamaMemcachedSessionLocator")
    void sameServerAsXmemcached() {
        int[] weights = {1, 3, 2, 1, 1, 2};
        List<Server> servers = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            Server s = new Server("10.0.1." + (i + 1), 11211, weights[i], null);
            servers.add(s);
            sessions.add(session(new InetSocketAddress(s.host(), s.port()), weights[i]));
        }
        KetamaMemcachedSessionLocator theirs = new KetamaMemcachedSessionLocator();
        theirs.updateSessions(sessions);
        HashringSessionLocator ours = new HashringSessionLocator(servers, Placement.mode("xmemcached-ketama", null),
                EjectionPolicy.never());
        int same = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            String key = (i % 5 == 0 ? "clé-é€-" : "key:") + i;
            InetSocketAddress theirsAt = theirs.getSessionByKey(key).getRemoteSocketAddress();
            Server oursAt = ours.router().route(key);
            if (theirsAt.getAddress().getHostAddress().equals(oursAt.host()) && theirsAt.getPort() == oursAt.port()) {
                same++;
            }
        }
        assertThat(same).as("keys on the same server").isEqualTo(n);
    }
}
