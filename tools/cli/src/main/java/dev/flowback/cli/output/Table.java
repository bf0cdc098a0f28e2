package dev.flowback.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An aligned text table: a header row and rows of cells, each column as wide as its widest cell. Colour applied to
 * a cell does not count towards its width.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<List<UnaryOperator<String>>> paint = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        List<UnaryOperator<String>> painters = new ArrayList<>();
        for (Object cell : cells) {
            if (cell instanceof Painted p) {
                row.add(p.text());
                painters.add(p.paint());
            } else {
                row.add(cell == null ? "-" : cell.toString());
                painters.add(UnaryOperator.identity());
            }
        }
        rows.add(row);
        paint.add(painters);
        return this;
    }

    /** A cell's text and the colour to draw it in. */
    public record Painted(String text, UnaryOperator<String> paint) {
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintStream out, Style style) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(pad(header.get(i), widths[i], i == header.size() - 1));
        }
        out.println(style.bold(line.toString().stripTrailing()));
        for (int r = 0; r < rows.size(); r++) {
            line.setLength(0);
            for (int i = 0; i < header.size(); i++) {
                String cell = i < rows.get(r).size() ? rows.get(r).get(i) : "";
                String padded = pad(cell, widths[i], i == header.size() - 1);
                String painted = paint.get(r).get(i).apply(cell) + padded.substring(cell.length());
                line.append(i == 0 ? "" : "  ").append(painted);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String text, int width, boolean last) {
        return last ? text : text + " ".repeat(Math.max(0, width - text.length()));
    }
}
