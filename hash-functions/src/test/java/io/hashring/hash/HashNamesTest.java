package io.hashring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hash's name identifies one function: no two factories of {@link Hashes} may share a name. */
class HashNamesTest {

    @Test
    void everyNoArgumentFactoryHasItsOwnName() throws Exception {
        Map<String, String> factoryByName = new HashMap<>();
        for (Method m : Hashes.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && HashFunction.class.isAssignableFrom(m.getReturnType())) {
                String name = ((HashFunction) m.invoke(null)).name();
                String previous = factoryByName.put(name, m.getName());
                assertThat(previous).as("hash name '%s' of Hashes.%s() is also the name of Hashes.%s()", name, m.getName(), previous).isNull();
            }
        }
        assertThat(factoryByName).hasSizeGreaterThan(20);
    }
}
