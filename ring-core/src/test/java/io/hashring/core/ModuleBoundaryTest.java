package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** ring-core exports its API to everyone and its internals (MD5, the key encoder) only to the hash-functions module. */
class ModuleBoundaryTest {

    @Test
    void onlyTheApiPackageIsExportedToEveryone() {
        Module module = Ring.class.getModule();
        assertThat(module.isNamed()).as("tests run on the module path, as io.hashring.core").isTrue();
        Set<String> exports = new TreeSet<>();
        for (ModuleDescriptor.Exports e : module.getDescriptor().exports()) {
            exports.add(e.source() + (e.isQualified() ? " to " + new TreeSet<>(e.targets()) : ""));
        }
        assertThat(exports).containsExactly("io.hashring.core", "io.hashring.core.internal to [io.hashring.hash]");
    }
}
