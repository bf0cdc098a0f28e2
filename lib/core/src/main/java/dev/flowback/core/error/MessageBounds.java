package dev.flowback.core.error;

import java.util.List;
import java.util.function.Function;

/**
 * Keeps every text a step hands back inside what Step Functions carries. A failure's cause travels in the task's
 * failure event (at most 32,768 characters) and a step's output in its state payload (at most 256 KiB), and
 * hostile input must not be able to grow either past its limit: a cause is at most {@link #MAX_CAUSE} characters
 * however many problems it lists, a diff in a dry-run plan at most {@link #MAX_DIFF_TEXT}.
 */
public final class MessageBounds {
    /** A failure message; the Lambda error document around it (type, stack trace) needs the rest of the 32 KiB. */
    public static final int MAX_CAUSE = 8 * 1024;
    /** A diff carried in a dry-run plan; the full diff is always available from {@code flowback compare}. */
    public static final int MAX_DIFF_TEXT = 64 * 1024;
    /** Problems listed one by one in a message; the rest are counted. */
    public static final int MAX_LISTED = 20;
    /** A value quoted back from the input (a field name, an id). */
    public static final int MAX_QUOTED = 80;

    private MessageBounds() {
    }

    /** {@code text} unchanged if it fits, else its first part and how much was left off. */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        // Room for the note is taken with the longest count it can show; the note then says exactly what was cut.
        int keep = Math.max(0, max - leftOff(text.length()).length());
        // Never split a surrogate pair: the cut text must still be valid UTF-16.
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        String note = leftOff(text.length() - keep);
        return text.substring(0, keep) + note;
    }

    private static String leftOff(int characters) {
        return "… (" + characters + " more characters left off)";
    }

    /** Up to {@link #MAX_LISTED} items rendered and joined, then "and N more". */
    public static <T> String list(List<T> items, Function<T, String> render, String separator) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(items.size(), MAX_LISTED);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : separator).append(render.apply(items.get(i)));
        }
        if (items.size() > shown) {
            text.append(separator).append("and ").append(items.size() - shown).append(" more");
        }
        return text.toString();
    }

    /** A value quoted back from input: shortened, control characters escaped, so it cannot flood or break a log. */
    public static String printable(String value) {
        String shortened = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "…" : value;
        StringBuilder out = new StringBuilder(shortened.length());
        shortened.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
