package dev.flowback.core.registry;

import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.PlaintextCredential;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * What publishing checks before it touches storage, in one place so a caller can check a batch of documents before
 * publishing any (the CLI's compare does): the request's own limits, the document's format rules, and the rule that
 * no snapshot holds a plaintext credential unless the publisher insists, which the version then records.
 */
public final class PublishRules {
    public static final String PLAINTEXT_CREDENTIAL = "secret.plaintext-credential";

    private PublishRules() {
    }

    /**
     * The parsed document, when publishing it may go ahead.
     *
     * @throws InvalidInputException naming every broken rule; a credential by where it is, never by its value
     */
    public static ParsedDefinition check(DefinitionFormats formats, PublishRequest request) {
        if (request.author().length() > PublishRequest.MAX_AUTHOR) {
            throw new InvalidInputException("field.length", "author", "author is longer than "
                    + PublishRequest.MAX_AUTHOR + " characters");
        }
        if (request.summary().length() > PublishRequest.MAX_SUMMARY) {
            throw new InvalidInputException("field.length", "summary", "summary is longer than "
                    + PublishRequest.MAX_SUMMARY + " characters");
        }
        ParsedDefinition parsed = formats.parse(request.document());
        if (!parsed.credentials().isEmpty() && !request.allowPlaintextCredentials()) {
            List<Problem> problems = new ArrayList<>();
            for (PlaintextCredential credential : parsed.credentials()) {
                problems.add(new Problem(PLAINTEXT_CREDENTIAL, credential.field(), credential.describe()
                        + ": Flowback keeps every document exactly as published, so no snapshot may hold a "
                        + "credential. " + credential.remedy() + ". To store it anyway, publish with "
                        + "allowPlaintextCredentials; the version then records that it holds one"));
            }
            throw new InvalidInputException(problems);
        }
        return parsed;
    }

    /** What the version records about its reading: the format's notes, and each credential kept on request. */
    static List<String> notes(ParsedDefinition parsed, PublishRequest request) {
        List<String> notes = new ArrayList<>(parsed.notes());
        if (request.allowPlaintextCredentials()) {
            parsed.credentials().forEach(c -> notes.add("plaintext credential stored on request "
                    + "(allowPlaintextCredentials, by " + request.author() + "): " + c.describe()));
        }
        return notes;
    }
}
