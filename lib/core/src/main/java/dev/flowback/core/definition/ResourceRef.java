package dev.flowback.core.definition;

import java.util.Objects;

/**
 * Something a definition depends on outside itself, pinned by content: a file, a model, a plugin.
 *
 * @param uri     what it is ({@code s3://bucket/prompt.txt}, {@code plugin:langgenius/openai})
 * @param sha256  its SHA-256 as 64 lower-case hex characters
 * @param version a version label where the resource has one (plugins), else empty
 */
public record ResourceRef(String uri, String sha256, String version) {
    public ResourceRef {
        Objects.requireNonNull(uri, "uri");
        sha256 = sha256 == null ? "" : sha256;
        version = version == null ? "" : version;
    }
}
