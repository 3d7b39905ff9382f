package io.hashring.client.topology;

/**
 * A topology file that cannot be used: malformed JSON, an unknown or missing field, a value out
 * of range, an unknown mode or hash. {@link #getMessage()} is one line,
 * {@code FILE:LINE:COLUMN: FIELD: problem; valid choices}, for example
 * {@code cluster.json:6:17: servers[1].weight: must be a whole number >= 1, was 0}.
 */
public final class TopologyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    TopologyException(String source, int line, int column, String field, String problem) {
        super(source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    /** The file as named to {@link TopologyFile#read} (or the source name given to {@link TopologyFile#parse}). */
    public String source() {
        return source;
    }

    /** 1-based line of the value at fault; 0 when the file could not be read at all. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the value at fault; 0 when the file could not be read at all. */
    public int column() {
        return column;
    }

    /** The JSON path of the field at fault, e.g. {@code servers[1].weight}; empty for the document itself. */
    public String field() {
        return field;
    }

    /** What is wrong, with the valid choices where there is a closed set. */
    public String problem() {
        return problem;
    }
}
