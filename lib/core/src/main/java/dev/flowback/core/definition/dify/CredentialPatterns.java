package dev.flowback.core.definition.dify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a credential looks like: the published formats of well-known keys (found in any text, prompts and code
 * included), and, only in a field whose name says it holds a credential, a long value that looks random. Each kind
 * is described with a fixed mask ({@code sk-…}), never with any part of the value.
 *
 * <p>False alarms are kept down three ways: a value is judged without Dify's variable references
 * ({@code {{#env.KEY#}}} is the fix, not a leak); a key must contain both letters and digits; and text made of
 * words ({@code your-api-key-here}) is a placeholder, not a key.
 */
final class CredentialPatterns {
    /** A well-known key format: its description, and where in a match the random part starts. */
    private record KnownFormat(String kind, Pattern pattern, int prefixLength) {
    }

    /** Most specific first: an Anthropic key also starts with sk-. */
    private static final List<KnownFormat> KNOWN = List.of(
            known("an Anthropic API key (sk-ant-…)", "(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}", 7),
            known("a Stripe live key (sk_live_…)", "(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{16,}", 8),
            known("an OpenAI API key (sk-…)", "(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}", 3),
            known("an AWS access key id (AKIA…)", "(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])", 4),
            known("a GitHub token (ghp_…)",
                    "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", 4),
            known("a Slack token (xox…)", "(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}", 5),
            known("a Google API key (AIza…)", "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", 4),
            known("a JSON Web Token (eyJ…)",
                    "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}", 0));

    /** Dify's variable references and Jinja expressions: pointers to a value, not the value. */
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{#[^#]*#}}|\\{\\{[^}]*}}");
    private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]+");
    private static final Pattern NAME_PARTS = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    private static final Set<String> CREDENTIAL_WORDS = Set.of("password", "passwd", "pwd", "secret", "token",
            "credential", "credentials", "apikey", "accesskey", "privatekey", "authkey");
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "access", "private", "auth", "secret");
    /** A name ending in one of these names a property of a credential (its id, type, url), not the credential. */
    private static final Set<String> NOT_THE_CREDENTIAL = Set.of("id", "ids", "name", "names", "type", "url", "uri",
            "endpoint", "header", "count", "limit", "mode", "length", "tokens", "selector", "variable");
    private static final int GENERIC_MIN_LENGTH = 16;

    private CredentialPatterns() {
    }

    private static KnownFormat known(String kind, String regex, int prefixLength) {
        return new KnownFormat(kind, Pattern.compile(regex), prefixLength);
    }

    /** The kind of the first well-known key in the text, if any. */
    static Optional<String> knownFormat(String text) {
        String literal = literal(text);
        for (KnownFormat format : KNOWN) {
            Matcher m = format.pattern().matcher(literal);
            while (m.find()) {
                if (isKeyMaterial(m.group().substring(format.prefixLength()))) {
                    return Optional.of(format.kind());
                }
            }
        }
        return Optional.empty();
    }

    /** {@code OPENAI_API_KEY}, {@code apiKey}, {@code db_password}, {@code token}; not {@code max_tokens}. */
    static boolean isCredentialName(String name) {
        List<String> words = new ArrayList<>();
        for (String part : NAME_PARTS.split(name)) {
            if (!part.isEmpty()) {
                words.add(part.toLowerCase(Locale.ROOT));
            }
        }
        if (words.isEmpty() || NOT_THE_CREDENTIAL.contains(words.get(words.size() - 1))) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            boolean qualifiedKey = i > 0 && words.get(i).equals("key") && KEY_QUALIFIERS.contains(words.get(i - 1));
            if (CREDENTIAL_WORDS.contains(words.get(i)) || qualifiedKey) {
                return true;
            }
        }
        return false;
    }

    /** A value that could be a key: long, one token, not a URL, letters and digits, not made of words. */
    static boolean looksRandom(String text) {
        String literal = literal(text).strip();
        return literal.length() >= GENERIC_MIN_LENGTH && literal.chars().noneMatch(Character::isWhitespace)
                && !literal.contains("://") && isKeyMaterial(literal);
    }

    /** The text without variable references: what is left is written in the document itself. */
    static String literal(String text) {
        return REFERENCE.matcher(text).replaceAll(" ");
    }

    private static boolean isKeyMaterial(String text) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            letter |= c < 128 && Character.isLetter(c);
            digit |= c >= '0' && c <= '9';
        }
        return letter && digit && !readsLikeWords(text);
    }

    /**
     * {@code your-api-key-here-123}, {@code INSERT_TOKEN_2}: every piece a plain word or a short number. A real key
     * has pieces that mix letters and digits, long runs of digits, or case that changes mid-word.
     */
    private static boolean readsLikeWords(String text) {
        for (String piece : WORD_BREAK.split(text)) {
            if (piece.isEmpty()) {
                continue;
            }
            boolean numeric = piece.chars().allMatch(c -> c >= '0' && c <= '9');
            if (numeric ? piece.length() > 4 : !isPlainWord(piece)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainWord(String piece) {
        if (piece.length() > 12 || !piece.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
            return false;
        }
        String tail = piece.substring(1);
        return tail.equals(tail.toLowerCase(Locale.ROOT)) || piece.equals(piece.toUpperCase(Locale.ROOT));
    }
}
