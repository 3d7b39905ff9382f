package io.hashring.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables: columns padded to their widest cell, two spaces apart; numbers right-aligned. */
final class Tables {

    private Tables() {
    }

    static void print(PrintWriter out, String[] head, List<String[]> rows) {
        int[] width = new int[head.length];
        boolean[] numeric = new boolean[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            numeric[c] = !rows.isEmpty();
        }
        for (String[] r : rows) {
            for (int c = 0; c < head.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
                numeric[c] &= !r[c].isEmpty() && (Character.isDigit(r[c].charAt(0)) || r[c].charAt(0) == '-') && r[c].length() < 24;
            }
        }
        line(out, head, width, new boolean[head.length]);
        for (String[] r : rows) {
            line(out, r, width, numeric);
        }
    }

    private static void line(PrintWriter out, String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                b.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            b.append(right[c] ? pad + cells[c] : cells[c] + (c == cells.length - 1 ? "" : pad));
        }
        out.println(b.toString().stripTrailing());
    }
}
