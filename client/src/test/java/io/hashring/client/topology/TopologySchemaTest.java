package io.hashring.client.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashring.client.EjectionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The editors' schema ({@code docs/topology.schema.json}) and the parser describe one format, and
 * the example topology files ({@code examples/topologies/}) are accepted by the parser.
 */
class TopologySchemaTest {

    /** Maven runs tests in the module's directory; the repository root is its parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCHEMA = ROOT.resolve("docs/topology.schema.json");
    private static final Path EXAMPLES = ROOT.resolve("examples/topologies");

    private static Map<String, Object> schema() throws IOException {
        assertThat(SCHEMA).as("the topology schema").isRegularFile();
        return json(SCHEMA);
    }

    /** A JSON file as maps (objects, in file order), lists and scalars: jackson-core's streaming parser, no data binding. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path file) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(Files.readString(file))) {
            p.nextToken();
            return (Map<String, Object>) value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, value(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(value(p));
            }
            return l;
        }
        return t.isNumeric() ? p.getNumberValue() : t.isBoolean() ? p.getBooleanValue() : p.getText();
    }

    /** The value at a path of field names. */
    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> root, String... path) {
        Object o = root;
        for (String name : path) {
            assertThat(o).as("parent of %s", name).isInstanceOf(Map.class);
            o = ((Map<String, Object>) o).get(name);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Object object) {
        return new ArrayList<>(((Map<String, Object>) object).keySet());
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Object array) {
        List<String> out = new ArrayList<>();
        ((List<Object>) array).forEach(n -> out.add(String.valueOf(n)));
        return out;
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }

    @Test
    @DisplayName("the schema lists exactly the fields the parser accepts, at every level")
    void schemaFieldsAreTheParsersFields() throws IOException {
        Map<String, Object> s = schema();
        assertThat(names(at(s, "properties"))).as("top-level fields of %s", SCHEMA).containsExactlyElementsOf(TopologyFile.FIELDS);
        assertThat(texts(at(s, "required"))).containsExactly("servers");
        assertThat(at(s, "additionalProperties")).isEqualTo(false);
        assertThat(names(at(s, "properties", "servers", "items", "properties"))).as("server fields")
                .containsExactlyElementsOf(TopologyFile.SERVER_FIELDS);
        assertThat(texts(at(s, "properties", "servers", "items", "required"))).containsExactly("host", "port");
        assertThat(at(s, "properties", "servers", "items", "additionalProperties")).isEqualTo(false);
        assertThat(names(at(s, "properties", "ejection", "properties"))).as("ejection fields")
                .containsExactlyElementsOf(TopologyFile.EJECTION_FIELDS);
        assertThat(at(s, "properties", "ejection", "additionalProperties")).isEqualTo(false);
    }

    @Test
    @DisplayName("the schema's modes are the parser's modes, default first")
    void schemaModesAreTheParsersModes() throws IOException {
        Map<String, Object> s = schema();
        assertThat(texts(at(s, "properties", "mode", "enum"))).as("mode enum of %s (add new modes there)", SCHEMA)
                .containsExactlyElementsOf(Topology.modes());
        assertThat(at(s, "properties", "mode", "default")).isEqualTo(Topology.DEFAULT_MODE);
    }

    @Test
    void schemaDefaultsAreTheEjectionPolicyDefaults() throws IOException {
        Map<String, Object> s = schema();
        EjectionPolicy d = EjectionPolicy.defaults();
        assertThat(number(at(s, "properties", "ejection", "properties", "failureThreshold", "default"))).isEqualTo(d.failureThreshold());
        assertThat(number(at(s, "properties", "ejection", "properties", "ejectForMs", "default"))).isEqualTo(d.ejectFor().toMillis());
        assertThat(number(at(s, "properties", "ejection", "properties", "maxEjectForMs", "default"))).isEqualTo(d.maxEjectFor().toMillis());
        assertThat(number(at(s, "properties", "ejection", "properties", "flapWindowMs", "default"))).isEqualTo(d.flapWindow().toMillis());
        assertThat(number(at(s, "properties", "servers", "items", "properties", "port", "maximum"))).isEqualTo(65_535);
    }

    @Test
    @DisplayName("every example topology file is accepted by the parser")
    void exampleTopologiesParse() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("example topologies in %s", EXAMPLES).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            Topology t = TopologyFile.read(file);
            assertThat(t.servers()).as("%s", file).isNotEmpty();
            // Each example points editors at the schema.
            assertThat(json(file).get("$schema"))
                    .as("$schema of %s", file).isEqualTo("../../docs/topology.schema.json");
        }
    }
}
