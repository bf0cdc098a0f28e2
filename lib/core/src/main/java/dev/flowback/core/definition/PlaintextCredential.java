package dev.flowback.core.definition;

import java.util.Objects;

/**
 * A value in a document that looks like a credential written in plain text: the snapshot is the document as
 * published, so storing it would store the credential. Holds where it is and what it looks like, never the value.
 *
 * @param where  what holds it, as people know it: {@code node "Call CRM" (1731228343114)}
 * @param field  its path in the document: {@code workflow.graph.nodes[3].data.authorization.config.api_key}
 * @param kind   what it looks like, with at most a fixed mask: {@code an OpenAI API key (sk-…)}
 * @param remedy how to keep it out of the document, in the format's terms
 */
public record PlaintextCredential(String where, String field, String kind, String remedy) {
    public PlaintextCredential {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(remedy, "remedy");
    }

    /** One line for messages and notes: never the value. */
    public String describe() {
        return where + " holds " + kind + " in plain text at " + field;
    }
}
