package dev.flowback.core.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.flowback.core.definition.Json;
import java.util.Arrays;
import java.util.List;

/** Renders a {@link DefinitionDiff} for people (text) and programs (JSON). */
public final class DiffText {
    /** Values longer than this are shortened in the text form; the JSON form always has them whole. */
    private static final int MAX_INLINE = 120;
    /** How much of what comes before the first difference a shortened change shows. */
    private static final int CONTEXT = 40;

    private DiffText() {
    }

    public static String json(DefinitionDiff diff) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(diff);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a diff always serializes", e);
        }
    }

    public static String text(DefinitionDiff diff) {
        StringBuilder out = new StringBuilder();
        out.append("diff ").append(diff.from()).append(" → ").append(diff.to()).append(": ").append(diff.summary())
                .append('\n');
        for (ValueChange c : diff.engine()) {
            out.append("engine").append(c.path().equals("/") ? "" : c.path()).append(": ")
                    .append(inline(c.oldValue())).append(" → ").append(inline(c.newValue())).append('\n');
        }
        for (NodeSummary n : diff.nodesAdded()) {
            out.append("+ node ").append(n.label()).append(" (").append(n.type()).append(")\n");
        }
        for (NodeSummary n : diff.nodesRemoved()) {
            out.append("- node ").append(n.label()).append(" (").append(n.type()).append(")\n");
        }
        for (NodeChange n : diff.nodesChanged()) {
            out.append("~ node ").append(n.label()).append('\n');
            for (ValueChange c : n.changes()) {
                change(out, "    ", c);
            }
        }
        for (EdgeSummary e : diff.edgesAdded()) {
            out.append("+ edge ").append(e).append('\n');
        }
        for (EdgeSummary e : diff.edgesRemoved()) {
            out.append("- edge ").append(e).append('\n');
        }
        for (ResourceChange r : diff.resources()) {
            switch (r.kind()) {
                case ADDED -> out.append("+ resource ").append(r.uri()).append(versionOrHash(r.newVersion(),
                        r.newSha256()));
                case REMOVED -> out.append("- resource ").append(r.uri()).append(versionOrHash(r.oldVersion(),
                        r.oldSha256()));
                case CHANGED -> {
                    out.append("~ resource ").append(r.uri());
                    if (!r.oldVersion().equals(r.newVersion())) {
                        out.append(' ').append(r.oldVersion()).append(" → ").append(r.newVersion());
                    }
                    if (!r.oldSha256().equals(r.newSha256())) {
                        out.append(" sha256 ").append(shortHash(r.oldSha256())).append(" → ")
                                .append(shortHash(r.newSha256()));
                    }
                }
            }
            out.append('\n');
        }
        for (ValueChange c : diff.sections()) {
            change(out, "", c);
        }
        return out.toString();
    }

    private static void change(StringBuilder out, String indent, ValueChange c) {
        if (isMultiLine(c.oldValue()) || isMultiLine(c.newValue())) {
            out.append(indent).append(c.path()).append(":\n");
            List<String> a = lines(c.oldValue());
            List<String> b = lines(c.newValue());
            for (String line : UnifiedDiffUtils.generateUnifiedDiff("old", "new", a, DiffUtils.diff(a, b), 2)) {
                if (!line.startsWith("---") && !line.startsWith("+++")) {
                    out.append(indent).append("  ").append(line).append('\n');
                }
            }
            return;
        }
        out.append(indent).append(c.added() ? "+ " : c.removed() ? "- " : "").append(c.path()).append(": ");
        if (c.added()) {
            out.append(inline(c.newValue()));
        } else if (c.removed()) {
            out.append(inline(c.oldValue()));
        } else {
            out.append(changed(c.oldValue(), c.newValue()));
        }
        out.append('\n');
    }

    private static boolean isMultiLine(JsonNode value) {
        return value != null && value.isTextual() && value.asText().contains("\n");
    }

    private static List<String> lines(JsonNode value) {
        return value == null || !value.isTextual() ? List.of() : Arrays.asList(value.asText().split("\n", -1));
    }

    /**
     * {@code old → new}. When either side is too long to show whole, both show the same window, starting a little
     * before their first difference: cutting both at the start would print two identical lines for an edit past
     * the cut (a long prompt, a sticky note's text). A quote marks where a text really starts or ends, … a cut.
     */
    static String changed(JsonNode oldValue, JsonNode newValue) {
        String a = plain(oldValue);
        String b = plain(newValue);
        if (oldValue.toString().length() <= MAX_INLINE && newValue.toString().length() <= MAX_INLINE) {
            return oldValue + " → " + newValue;
        }
        int first = 0;
        while (first < a.length() && first < b.length() && a.charAt(first) == b.charAt(first)) {
            first++;
        }
        int start = Math.max(0, first - CONTEXT);
        if (start > 0 && Character.isLowSurrogate(a.charAt(start))) {
            start--;
        }
        return window(oldValue, a, start) + " → " + window(newValue, b, start) + " (first difference at character "
                + (a.codePointCount(0, Math.min(first, a.length())) + 1) + ")";
    }

    /** A text's own characters, anything else as JSON. */
    private static String plain(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String window(JsonNode value, String text, int start) {
        int end = Math.min(text.length(), start + MAX_INLINE);
        if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        String body = text.substring(Math.min(start, end), end);
        if (!value.isTextual()) {
            return (start > 0 ? "…" : "") + body + (end < text.length() ? "…" : "");
        }
        String quoted = Json.MAPPER.getNodeFactory().textNode(body).toString();
        String inner = quoted.substring(1, quoted.length() - 1);
        return (start > 0 ? "…" : "\"") + inner + (end < text.length() ? "…" : "\"");
    }

    static String inline(JsonNode value) {
        if (value == null) {
            return "(absent)";
        }
        String text = value.toString();
        return text.length() > MAX_INLINE ? text.substring(0, MAX_INLINE) + "…(" + text.length() + " chars)" : text;
    }

    private static String versionOrHash(String version, String sha) {
        return !version.isEmpty() ? " " + version : sha.isEmpty() ? "" : " sha256 " + shortHash(sha);
    }

    private static String shortHash(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
